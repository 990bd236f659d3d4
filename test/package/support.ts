// The npm package as a user gets it: staged and packed by scripts/npm-package.mjs from the built dist/, then
// installed from the tarball into an empty folder with npm offline and an empty cache, so nothing can come from a
// registry. Each test file packs its own (the runner runs files in separate processes, two at a time).
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BAD_DOCKERFILE = 'FROM golang:1.22\nENV GOPROXY=https://goproxy.cn;direct\nRUN go mod download\n';

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** This process's environment without npm's `npm_*` variables (an `npm test` run sets them; they would steer the npm we start). */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, LANG: 'C', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', ...extra };
}

export function exec(command: string, args: string[], options: SpawnSyncOptions): Result {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000, ...options });
  if (r.error) throw r.error;
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export function tempDir(t: TestContext, prefix = 'gpd-pkg-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Stages and packs the package into `dir`; returns the tarball's path. */
export function packTarball(dir: string): string {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  assert.ok(fs.existsSync(cli), `${cli} is missing: run npm run build first`);
  const r = exec(process.execPath, [path.join(ROOT, 'scripts', 'npm-package.mjs'), '--stage', path.join(dir, 'stage'), '--out', dir], {
    cwd: ROOT,
    env: cleanEnv(),
  });
  assert.equal(r.code, 0, r.stderr);
  const tarball = r.stdout.trim();
  assert.ok(fs.existsSync(tarball), `no tarball at ${tarball}`);
  return tarball;
}

/** npm offline with an empty cache of its own: only what the tarball holds can be installed. */
export function offlineNpmEnv(dir: string): NodeJS.ProcessEnv {
  return cleanEnv({ npm_config_offline: 'true', npm_config_cache: path.join(dir, 'npm-cache') });
}

/** Installs the tarball into a new empty folder under `dir` (`npm install <tarball>`, offline); returns that folder. */
export function installTarball(dir: string, tarball: string): string {
  const project = path.join(dir, 'project');
  fs.mkdirSync(project);
  const r = exec('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: project, env: offlineNpmEnv(dir) });
  assert.equal(r.code, 0, `npm install --offline ${tarball} failed: ${r.stdout}${r.stderr}`);
  return project;
}
