// Fixture modules served by the loopback proxy, and a consumer module that requires them.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goSumLines, type ModuleFiles } from './moduleZip';

export interface FixtureModule extends ModuleFiles {
  /** Commit time reported by `.info`. */
  time: string;
  /** Direct requirements (path → version), mirrored in its go.mod. */
  requires: Readonly<Record<string, string>>;
  /** Import path of its single package (the module root). */
  packageName: string;
}

const TIME = '2024-01-01T12:00:00Z';

/** A module with a go.mod and one package at its root; `deps` become require lines. */
export function makeModule(path: string, version: string, deps: Readonly<Record<string, string>> = {}): FixtureModule {
  const pkg = (path.split('/').pop() ?? 'm').toLowerCase().replace(/[^a-z0-9]/g, '') || 'm';
  const req = Object.entries(deps)
    .map(([p, v]) => `require ${p} ${v}\n`)
    .join('');
  const imports = Object.keys(deps)
    .map((p) => `import _ ${JSON.stringify(p)}\n`)
    .join('');
  return {
    path,
    version,
    time: TIME,
    requires: deps,
    packageName: pkg,
    files: {
      'go.mod': `module ${path}\n\ngo 1.21\n${req ? '\n' + req : ''}`,
      [`${pkg}.go`]: `// Package ${pkg} is a fixture served by the test proxy.\npackage ${pkg}\n\n${imports}${imports ? '\n' : ''}// Version of this fixture.\nconst Version = ${JSON.stringify(version)}\n`,
    },
  };
}

export const HELLO = makeModule('example.com/hello', 'v1.0.0');
export const HELLO_11 = makeModule('example.com/hello', 'v1.1.0');
export const GREET = makeModule('example.com/greet', 'v1.2.0', { 'example.com/hello': 'v1.0.0' });
/** Uppercase letters: served under the case-encoded path `github.com/!acme/!upper`. */
export const UPPER = makeModule('github.com/Acme/Upper', 'v0.1.0');

export const FIXTURES: readonly FixtureModule[] = [HELLO, HELLO_11, GREET, UPPER];

/** The module versions a build of `roots` selects (minimal version selection over `available`). */
export function buildList(roots: readonly FixtureModule[], available: readonly FixtureModule[] = FIXTURES): FixtureModule[] {
  const chosen = new Map<string, FixtureModule>();
  const visit = (m: FixtureModule) => {
    const prev = chosen.get(m.path);
    if (prev && compareSemver(prev.version, m.version) >= 0) return;
    chosen.set(m.path, m);
    for (const [p, v] of Object.entries(m.requires)) {
      const dep = available.find((a) => a.path === p && a.version === v);
      if (!dep) throw new Error(`fixture ${m.path}@${m.version} requires unknown ${p}@${v}`);
      visit(dep);
    }
  };
  roots.forEach(visit);
  return [...chosen.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

function compareSemver(a: string, b: string): number {
  const na = a.replace(/^v/, '').split(/[.-]/).map(Number);
  const nb = b.replace(/^v/, '').split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) if ((na[i] ?? 0) !== (nb[i] ?? 0)) return (na[i] ?? 0) - (nb[i] ?? 0);
  return 0;
}

/** go.sum text for a build list, sorted like the go command sorts it. */
export function goSumText(mods: readonly FixtureModule[]): string {
  return mods
    .flatMap((m) => goSumLines(m))
    .sort()
    .map((l) => l + '\n')
    .join('');
}

export interface ConsumerOptions {
  module?: string;
  goVersion?: string;
  /** Write no go.sum (to let the go command create it). */
  omitGoSum?: boolean;
}

/** Writes go.mod, go.sum and main.go of a module importing every root's package; returns the go.sum text. */
export async function writeConsumer(dir: string, roots: readonly FixtureModule[], options: ConsumerOptions = {}): Promise<string> {
  const list = buildList(roots);
  const direct = new Set(roots.map((r) => r.path));
  const req = list.map((m) => `\t${m.path} ${m.version}${direct.has(m.path) ? '' : ' // indirect'}\n`).join('');
  const goMod = `module ${options.module ?? 'example.com/consumer'}\n\ngo ${options.goVersion ?? '1.21'}\n${req ? `\nrequire (\n${req})\n` : ''}`;
  const imports = roots.map((r) => `\t_ ${JSON.stringify(r.path)}\n`).join('');
  const main = `package main\n\n${imports ? `import (\n${imports})\n\n` : ''}func main() {}\n`;
  const sum = goSumText(list);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'go.mod'), goMod);
  await writeFile(join(dir, 'main.go'), main);
  if (!options.omitGoSum) await writeFile(join(dir, 'go.sum'), sum);
  return sum;
}
