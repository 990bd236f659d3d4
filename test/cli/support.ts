// Running the built CLI as a real process, and temporary workspaces that are removed after each test.
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
export const df = (...lines: string[]) => lines.join('\n') + '\n';
/** A Dockerfile with one error finding (goproxy-invalid). */
export const BAD_DOCKERFILE = df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn;direct', 'RUN go mod download');

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function run(args: string[], cwd: string, env: Record<string, string> = {}, extra: SpawnSyncOptions = {}): Run {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build first`);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'C', ...env }, ...extra });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A temporary folder with these files (names may be Buffers for bytes that are not UTF-8), removed after the test. */
export function tempDir(t: TestContext, files: Record<string, string | Buffer> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-cli-'));
  t.after(() => {
    restorePermissions(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  for (const [name, text] of Object.entries(files)) write(dir, name, text);
  return dir;
}

export function write(dir: string, name: string | Buffer, text: string | Buffer): string | Buffer {
  if (typeof name === 'string') fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  const p = typeof name === 'string' ? path.join(dir, name) : Buffer.concat([Buffer.from(dir + path.sep), name]);
  fs.writeFileSync(p, text);
  return p;
}

/** Tests chmod things to 000; give folders their permissions back so a non-root run can remove them. */
function restorePermissions(p: Buffer | string): void {
  try {
    if (!fs.lstatSync(p).isDirectory()) return;
    fs.chmodSync(p, 0o755);
    for (const name of fs.readdirSync(p, { encoding: 'buffer' })) restorePermissions(Buffer.concat([Buffer.from(p), Buffer.from(path.sep), name]));
  } catch {
    // Best effort: rmSync then reports whatever is left.
  }
}
