// The Go environment of the machine the server runs on, asked of the go command itself (only in a trusted workspace:
// the caller decides).
import { execFile } from 'node:child_process';
import * as os from 'node:os';

/** `go env GOPROXY` of the host, asked once a while: run outside the workspace (no go.mod there can pick a toolchain). */
export function hostGoProxyReader(log: (m: string) => void): () => string | undefined {
  let value: string | undefined;
  let askedAt = 0;
  let pending = false;
  return () => {
    if (!pending && Date.now() - askedAt > 5 * 60_000) {
      pending = true;
      askedAt = Date.now();
      execFile('go', ['env', 'GOPROXY'], { cwd: os.tmpdir(), timeout: 5000, env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' } }, (err, stdout) => {
        pending = false;
        // A callback of the event loop: it must not throw (the log's connection may be gone by now).
        try {
          if (err) log(`go env GOPROXY: ${err.message}`);
          else value = stdout.trim();
        } catch {
          /* nothing left to tell */
        }
      });
    }
    return value;
  };
}
