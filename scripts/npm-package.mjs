// The npm package `go-proxy-doctor`, from what `npm run build` left in dist/. The root package.json is the VS Code
// extension's manifest (contributes, activation events, the extension's dependencies): the npm package gets its own,
// written here, with the two bins and no dependencies (the bundles hold everything they run). The staged folder is
// also the release tree the GitHub Action and the pre-commit hook are used from: action.yml, action/run.mjs and
// .pre-commit-hooks.yaml sit where they sit in this repository, so their relative paths (../dist/cli.js) hold in both.
//
// Usage: node scripts/npm-package.mjs [--stage DIR] [--out DIR]
//   stages the package in DIR (default dist/npm, emptied first), packs it with `npm pack` into --out (default: the
//   repository root) and prints the tarball's path.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every file of the package, by its path in this repository and in the package (the same). */
export const PACKAGE_FILES = [
  'dist/cli.js',
  'dist/server.js',
  'dist/server-main.js',
  // The HCL parser the CLI and the server load for docker-bake.hcl, found beside the bundles.
  'dist/web-tree-sitter.wasm',
  'dist/tree-sitter-hcl.wasm',
  'README.md',
  'LICENSE',
  'action.yml',
  'action/run.mjs',
  '.pre-commit-hooks.yaml',
];

const BINS = { 'go-proxy-doctor': 'dist/cli.js', 'go-proxy-doctor-lsp': 'dist/server.js' };

function manifest(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return {
    name: pkg.name,
    version: pkg.version,
    description: 'Finds Go module proxy mistakes in Dockerfiles, go.mod and go.work: a command-line linter for CI and a language server for any editor.',
    keywords: ['go', 'goproxy', 'dockerfile', 'go.mod', 'linter', 'language-server', 'lsp', 'sarif'],
    license: pkg.license,
    bin: BINS,
    files: PACKAGE_FILES.filter((f) => f !== 'README.md' && f !== 'LICENSE'),
    engines: { node: pkg.engines.node },
  };
}

/** Writes the package into `stage` (emptied first). Fails, naming the file, when the build has not run. */
export function stageNpmPackage(stage, root = ROOT) {
  const missing = PACKAGE_FILES.filter((f) => !existsSync(join(root, f)));
  if (missing.length) throw new Error(`cannot stage the npm package: ${missing.join(', ')} missing (run npm run build first)`);
  rmSync(stage, { recursive: true, force: true });
  for (const f of PACKAGE_FILES) {
    mkdirSync(dirname(join(stage, f)), { recursive: true });
    copyFileSync(join(root, f), join(stage, f));
    chmodSync(join(stage, f), 0o644);
  }
  for (const bin of Object.values(BINS)) chmodSync(join(stage, bin), 0o755);
  writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest(root), null, 2) + '\n');
  return stage;
}

/** Packs a staged package with npm into `out`; returns the tarball's path. */
export function packNpmPackage(stage, out) {
  mkdirSync(out, { recursive: true });
  const r = spawnSync('npm', ['pack', '--json', '--pack-destination', out], {
    cwd: stage,
    encoding: 'utf8',
    env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' },
  });
  if (r.status !== 0) throw new Error(`npm pack failed (${r.status}): ${r.stderr}`);
  const [{ filename }] = JSON.parse(r.stdout);
  return join(out, filename);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? resolve(args[i + 1]) : fallback;
  };
  const stage = stageNpmPackage(option('--stage', join(ROOT, 'dist', 'npm')));
  console.log(packNpmPackage(stage, option('--out', ROOT)));
}
