// Docker's docker-language-server as a second peer: built once from the Go module proxy into .bench/peers with
// this machine's Go (only benchmarks use it; the tests never do). Its absence is reported, never hidden.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const VERSION = 'v0.20.1';
const PACKAGE = 'github.com/docker/docker-language-server/cmd/docker-language-server';

export async function dockerLanguageServer(): Promise<{ binary?: string; reason?: string }> {
  const binary = path.join(ROOT, '.bench', 'peers', `docker-language-server-${VERSION}`);
  if (fs.existsSync(binary)) return { binary };
  const go = process.env.GO ?? (fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go');
  // `go install pkg@version` reads the module's version list, which the proxy may refuse: a throwaway module that
  // requires the exact version needs only that version.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-dxls-'));
  const env = {
    ...process.env,
    GOFLAGS: '-mod=mod',
    GOTOOLCHAIN: 'local',
    GOPROXY: process.env.BENCH_GOPROXY ?? 'https://proxy.golang.org',
    GOSUMDB: process.env.BENCH_GOSUMDB ?? 'sum.golang.org',
    GOPATH: path.join(os.homedir(), 'go'),
  };
  try {
    fs.writeFileSync(path.join(work, 'go.mod'), 'module bench/peers\n\ngo 1.23\n');
    fs.writeFileSync(path.join(work, 'tools.go'), `//go:build tools\n\npackage tools\n\nimport _ "${PACKAGE}"\n`);
    await run(go, ['get', `${PACKAGE}@${VERSION}`], { cwd: work, env, timeout: 600_000 });
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    await run(go, ['build', '-o', binary, PACKAGE], { cwd: work, env, timeout: 600_000 });
    return { binary };
  } catch (err) {
    const text = String((err as { stderr?: string }).stderr || (err as Error).message);
    return { reason: `could not build ${PACKAGE}@${VERSION}: ${text.trim().split('\n').pop()}` };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
