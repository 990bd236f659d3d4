// Helpers for the container tests: the engine must answer (else the tests fail and say how to set it up),
// an HTTPS front for the loopback proxy (go sends URL credentials only over https), workspace hashing,
// and a sampler of `ps -ef` to prove no credential ever appears in a command line.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkRuntime } from '../../client/src/container/runtime';

const exec = promisify(execFile);

export const TEST_IMAGE = 'golang:1.26';
const SETUP_HINT = 'run scripts/docker-setup.sh (installs docker.io and busybox-static, starts dockerd, builds the golang:1.26 test image)';

let engine: Promise<void> | undefined;
/** Throws (the test fails, never skips) when the engine or the test image is missing. */
export function requireEngine(): Promise<void> {
  engine ??= (async () => {
    const check = await checkRuntime('docker');
    if (!check.ok) throw new Error(`the container engine does not answer (${check.problem.kind}: ${check.problem.stderr.trim()}); ${SETUP_HINT}`);
    const image = await exec('docker', ['image', 'inspect', '--format', '{{.Id}}', TEST_IMAGE]).catch((e: { stderr?: string }) => ({ stdout: '', stderr: e.stderr ?? String(e) }));
    if (!image.stdout.trim()) throw new Error(`the test image ${TEST_IMAGE} is missing (${image.stderr.trim()}); ${SETUP_HINT}`);
  })();
  return engine;
}

export async function docker(...args: string[]): Promise<string> {
  return (await exec('docker', args)).stdout;
}

/** sha256 of every file under dir (path → hash), to prove a run changed nothing. */
export async function hashTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string, rel: string) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(p, r);
      else out[r] = createHash('sha256').update(await readFile(p)).digest('hex');
    }
  };
  await walk(dir, '');
  return out;
}

export interface TlsFront {
  url: string;
  port: number;
  /** PEM of the self-signed certificate (its own CA). */
  certPem: string;
  close(): Promise<void>;
}

/** A TLS terminator on 127.0.0.1 forwarding raw bytes to a plain-HTTP server on `targetPort`. */
export async function startTlsFront(targetPort: number): Promise<TlsFront> {
  const dir = await mkdtemp(join(tmpdir(), 'gpd-tls-'));
  try {
    await exec('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
    const [key, cert] = await Promise.all([readFile(join(dir, 'key.pem')), readFile(join(dir, 'cert.pem'), 'utf8')]);
    const sockets = new Set<Socket>();
    const server = createTlsServer({ key, cert }, (client) => {
      const upstream = connect(targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => (client.destroy(), upstream.destroy()));
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return {
      url: `https://127.0.0.1:${port}`,
      port,
      certPem: cert,
      async close() {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const s of sockets) s.destroy();
        await closed;
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Samples `ps -ef` every few milliseconds until stopped; returns every snapshot taken. */
export function samplePs(intervalMs = 20): { stop(): Promise<string[]> } {
  const snapshots: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      snapshots.push((await exec('ps', ['-efww'])).stdout);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return snapshots;
    },
  };
}

/** A port on 127.0.0.1 nothing listens on (bound, then released). */
export async function deadPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
