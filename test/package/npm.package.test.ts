// The npm package `go-proxy-doctor`: what the tarball holds, and that, installed offline into an empty folder, its
// two bins work — `npx go-proxy-doctor .` on a sample project (the HCL parser's WebAssembly included),
// `--version` and `--help`, the language server over stdio through `go-proxy-doctor-lsp --stdio` (with its code
// cache), and the GitHub Action's entry from the installed tree.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer } from '../support/lspClient';
import { BAD_DOCKERFILE, cleanEnv, exec, installTarball, offlineNpmEnv, packTarball, ROOT, writeFiles } from './support';

const ROOT_PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };
const GO_MOD = 'module example.com/app\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n';
const BAKE = 'target "api" {\n  args = {\n    GOPROXY = "https://goproxy.cn;direct"\n  }\n}\n';
const ARG_DOCKERFILE = 'FROM golang:1.22\nARG GOPROXY\nRUN go mod download\n';

let work: string;
let tarball: string;
let project: string;
let bin: (name: string) => string;

before(() => {
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-npm-')));
  process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
  tarball = packTarball(work);
  project = installTarball(work, tarball);
  bin = (name) => path.join(project, 'node_modules', '.bin', name);
});

test('the tarball holds the bundles, the WebAssembly, the Action and the hook, and a manifest with two bins and no dependencies', () => {
  const listing = exec('tar', ['-tzvf', tarball], {});
  assert.equal(listing.code, 0, listing.stderr);
  const entries = listing.stdout
    .trim()
    .split('\n')
    .map((l) => ({ mode: l.split(/\s+/)[0], name: l.split(/\s+/).pop()! }));
  assert.deepEqual(entries.map((e) => e.name).sort(), [
    'package/.pre-commit-hooks.yaml',
    'package/LICENSE',
    'package/README.md',
    'package/action.yml',
    'package/action/run.mjs',
    'package/dist/cli.js',
    'package/dist/server-main.js',
    'package/dist/server.js',
    'package/dist/tree-sitter-hcl.wasm',
    'package/dist/web-tree-sitter.wasm',
    'package/package.json',
  ]);
  for (const b of ['package/dist/cli.js', 'package/dist/server.js']) assert.match(entries.find((e) => e.name === b)!.mode, /^-rwx/, `${b} is executable`);
  const pkg = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'go-proxy-doctor', 'package.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(pkg.name, 'go-proxy-doctor');
  assert.equal(pkg.version, ROOT_PACKAGE.version);
  assert.deepEqual(pkg.bin, { 'go-proxy-doctor': 'dist/cli.js', 'go-proxy-doctor-lsp': 'dist/server.js' });
  assert.deepEqual(pkg.engines, { node: ROOT_PACKAGE.engines.node });
  for (const key of ['dependencies', 'optionalDependencies', 'peerDependencies', 'scripts', 'contributes', 'main', 'private'])
    assert.equal(pkg[key], undefined, `the package's manifest has ${key}`);
  for (const b of ['cli.js', 'server.js']) {
    const text = fs.readFileSync(path.join(project, 'node_modules', 'go-proxy-doctor', 'dist', b), 'utf8');
    assert.ok(text.startsWith('#!/usr/bin/env node\n'), `dist/${b} starts with #!`);
  }
  // Installed offline: nothing but the package itself came along.
  const installed = fs.readdirSync(path.join(project, 'node_modules')).filter((n) => !n.startsWith('.'));
  assert.deepEqual(installed, ['go-proxy-doctor']);
});

test('npx go-proxy-doctor . in the folder it is installed in: findings, the bake file read through the HCL parser, exit 1', () => {
  writeFiles(project, { Dockerfile: ARG_DOCKERFILE, 'go.mod': GO_MOD, 'docker-bake.hcl': BAKE, 'worker/Dockerfile': BAD_DOCKERFILE });
  const r = exec('npx', ['--offline', 'go-proxy-doctor', '--format', 'json', '.'], { cwd: project, env: offlineNpmEnv(work) });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(r.stderr, '');
  const found = (JSON.parse(r.stdout) as { file: string; rule: string }[]).filter((f) => f.rule === 'goproxy-invalid').map((f) => f.file);
  // docker-bake.hcl's `;` is found only when the WebAssembly parser loads from the installed package.
  assert.deepEqual(found.sort(), ['docker-bake.hcl', 'worker/Dockerfile']);
  // Text output, as a person runs it.
  const text = exec('npx', ['--offline', 'go-proxy-doctor', '.'], { cwd: project, env: offlineNpmEnv(work) });
  assert.equal(text.code, 1);
  assert.match(text.stdout, /^docker-bake\.hcl$/m);
  assert.match(text.stdout, /^2 problems \(2 errors, 0 warnings, 0 other\)$/m);
});

test('the installed bin runs from any folder; --version is the package version and --help lists the options', () => {
  const elsewhere = fs.mkdtempSync(path.join(work, 'elsewhere-'));
  writeFiles(elsewhere, { Dockerfile: BAD_DOCKERFILE });
  const r = exec(bin('go-proxy-doctor'), ['--no-color'], { cwd: elsewhere, env: cleanEnv() });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /goproxy-invalid/);
  const version = exec(bin('go-proxy-doctor'), ['--version'], { cwd: elsewhere, env: cleanEnv() });
  assert.equal(version.code, 0);
  assert.equal(version.stdout, `${ROOT_PACKAGE.version}\n`);
  const help = exec(bin('go-proxy-doctor'), ['--help'], { cwd: elsewhere, env: cleanEnv() });
  assert.equal(help.code, 0);
  for (const option of ['--format', '--locale', '--no-color', '--build-arg', '--fail-on', '--quiet', '--version', '--help'])
    assert.ok(help.stdout.includes(option), `--help names ${option}`);
  const usage = exec(bin('go-proxy-doctor'), ['--fail-on', 'sometimes'], { cwd: elsewhere, env: cleanEnv() });
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^unknown --fail-on "sometimes"/);
});

test('go-proxy-doctor-lsp --stdio: diagnostics for a Dockerfile and for the bake file it reads; its code cache is written, then used', async () => {
  const dir = fs.mkdtempSync(path.join(work, 'lsp-'));
  writeFiles(dir, { 'go.mod': GO_MOD, 'docker-bake.hcl': BAKE });
  const cache = path.join(work, 'code-cache');
  const env = cleanEnv({ GO_PROXY_DOCTOR_CACHE_DIR: cache });
  const start = () => startServer({ bin: bin('go-proxy-doctor-lsp'), rootDir: dir, env });
  const codeCacheLine = async (client: Awaited<ReturnType<typeof start>>) => {
    const deadline = Date.now() + 10_000;
    let line: string | undefined;
    while (!(line = client.logs.find((l) => l.startsWith('code cache: '))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    return line;
  };
  const first = await start();
  try {
    const uri = `file://${dir}/bad.Dockerfile`;
    first.open(uri, BAD_DOCKERFILE);
    const diags = await first.diagnostics(uri, (d) => d.some((x) => x.code === 'goproxy-invalid'), 15_000);
    const invalid = diags.find((d) => d.code === 'goproxy-invalid')!;
    assert.equal(invalid.source, 'go-proxy-doctor');
    // The rule's documentation: the README shipped in the package.
    const readme = new URL(invalid.codeDescription!.href).pathname;
    assert.equal(readme, path.join(project, 'node_modules', 'go-proxy-doctor', 'README.md'));
    assert.ok(fs.existsSync(readme));
    // The `;` docker-bake.hcl passes to the Dockerfile's ARG, published on the bake file: the installed server
    // loaded the HCL parser's WebAssembly.
    first.open(`file://${dir}/Dockerfile`, ARG_DOCKERFILE);
    const inBake = await first.diagnostics(`file://${dir}/docker-bake.hcl`, (d) => d.some((x) => x.code === 'goproxy-invalid'), 15_000);
    assert.equal(inBake.find((d) => d.code === 'goproxy-invalid')!.range.start.line, 2);
    assert.match((await codeCacheLine(first)) ?? '', /^code cache: absent, written /, first.stderr());
  } finally {
    await first.close();
  }
  const second = await start();
  try {
    second.open(`file://${dir}/bad.Dockerfile`, BAD_DOCKERFILE);
    await second.diagnostics(`file://${dir}/bad.Dockerfile`, (d) => d.some((x) => x.code === 'goproxy-invalid'), 15_000);
    assert.match((await codeCacheLine(second)) ?? '', /^code cache: used /, JSON.stringify(second.logs));
  } finally {
    await second.close();
  }
});

test("the Action's entry from the installed tree runs the installed CLI and writes its summary", () => {
  const dir = fs.mkdtempSync(path.join(work, 'action-'));
  writeFiles(dir, { Dockerfile: BAD_DOCKERFILE });
  const summary = path.join(dir, '..', `${path.basename(dir)}-summary.md`);
  const r = exec(process.execPath, [path.join(project, 'node_modules', 'go-proxy-doctor', 'action', 'run.mjs')], {
    cwd: dir,
    env: cleanEnv({ GITHUB_STEP_SUMMARY: summary, INPUT_PATHS: '.', 'INPUT_FAIL-ON': 'error' }),
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(fs.readFileSync(summary, 'utf8'), /^\| error \| `goproxy-invalid` \| Dockerfile:2:13 \| /m);
});
