// The builds of one Dockerfile are gathered without parsing the compose files whose texts show they cannot build
// it (invocationsBuilding): the first Dockerfile opened in a monorepo. What it gives must be exactly what gathering
// every build file gives for that Dockerfile, whatever the compose files write: paths up and down, absolute paths,
// interpolation from .env, YAML escapes, `extends` of another file, override files, folders named like `..`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { InvocationMemo, invocationsBuilding, isInvocationSource, workspaceInvocations, type InvocationFiles } from '../../server/src/invocations';
import { pathToUri } from '../../server/src/core/uri';

const ROOT = path.resolve('/w');
// Folder names that no compose key or service name contains, so that a name written proves nothing by accident.
const FOLDERS = ['', 'north', 'south', 'north/inner', 'north/..odd', 'south/deploy'];
const COMPOSE_NAMES = ['compose.yaml', 'docker-compose.yml', 'compose.override.yaml', 'docker-compose.prod.yml'];
const CONTEXTS = [
  '.',
  '..',
  '../..',
  './inner',
  '../north',
  '../north/inner',
  '/w/north',
  '/w/south/deploy',
  '..odd',
  '${DIR}',
  '${DIR:-north}',
  'nor${TH}',
  '"\\x6eorth"',
  '"../\\x6eorth"',
];
const DOCKERFILES = [undefined, 'Dockerfile', 'build.Dockerfile', '../Dockerfile', 'inner/Dockerfile', '/w/north/Dockerfile', '${DF}'];
const ENVS = ['DIR=north', 'DIR=../north', 'DIR=..', 'TH=th', 'DF=../Dockerfile', 'DF=build.Dockerfile'];
const EXTENDS = ['../compose.yaml', 'compose.yaml', 'base.yml'];

const at = (folder: string, name: string) => path.join(ROOT, ...folder.split('/').filter(Boolean), name);

const service = fc.record({
  context: fc.option(fc.constantFrom(...CONTEXTS), { nil: undefined }),
  dockerfile: fc.option(fc.constantFrom(...DOCKERFILES), { nil: undefined }),
  short: fc.boolean(),
  extendsFile: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.constantFrom(...EXTENDS), weight: 1 }),
});
type Service = typeof service extends fc.Arbitrary<infer T> ? T : never;

function serviceLines(name: string, s: Service): string[] {
  const out = [`  ${name}:`];
  if (s.extendsFile) out.push('    extends:', `      file: ${s.extendsFile}`, '      service: api');
  if (s.short && s.context !== undefined && s.dockerfile === undefined) return [...out, `    build: ${s.context}`];
  if (s.context === undefined && s.dockerfile === undefined) return s.extendsFile ? out : [...out, '    image: x'];
  out.push('    build:');
  if (s.context !== undefined) out.push(`      context: ${s.context}`);
  if (s.dockerfile !== undefined) out.push(`      dockerfile: ${s.dockerfile}`);
  return out;
}

const composeFile = fc.record({
  folder: fc.constantFrom(...FOLDERS),
  name: fc.constantFrom(...COMPOSE_NAMES),
  services: fc.array(service, { minLength: 1, maxLength: 2 }),
});

const workspace = fc.record({
  composes: fc.array(composeFile, { minLength: 1, maxLength: 6 }),
  envs: fc.array(fc.record({ folder: fc.constantFrom(...FOLDERS), line: fc.constantFrom(...ENVS) }), { maxLength: 3 }),
  // A file other compose files extend that is not itself a project's file.
  base: fc.option(fc.record({ folder: fc.constantFrom(...FOLDERS), service }), { nil: undefined }),
});

function filesOf(texts: Map<string, string>): InvocationFiles {
  return {
    read: (p) => texts.get(p),
    rootPaths: [ROOT],
    buildConfigFiles: () => [...texts.keys()].filter((p) => /compose/.test(path.basename(p))).sort(),
    shellScripts: () => [],
  };
}

function textsOf(ws: typeof workspace extends fc.Arbitrary<infer T> ? T : never): Map<string, string> {
  const texts = new Map<string, string>();
  for (const c of ws.composes)
    texts.set(at(c.folder, c.name), ['services:', ...c.services.flatMap((s, i) => serviceLines(i === 0 ? 'api' : 'web', s))].join('\n') + '\n');
  for (const e of ws.envs) texts.set(at(e.folder, '.env'), `${texts.get(at(e.folder, '.env')) ?? ''}${e.line}\n`);
  if (ws.base) texts.set(at(ws.base.folder, 'base.yml'), ['services:', ...serviceLines('api', ws.base.service)].join('\n') + '\n');
  return texts;
}

/** Every Dockerfile a build could name here: those of every folder, and those the builds name. */
function candidates(texts: Map<string, string>): string[] {
  const named = workspaceInvocations(filesOf(texts)).map((inv) => new URL(inv.dockerfile).pathname);
  return [...new Set([...FOLDERS.flatMap((f) => [at(f, 'Dockerfile'), at(f, 'build.Dockerfile')]), ...named])];
}

test('the builds gathered for one Dockerfile are those that gathering every build file gives it', () => {
  let named = 0;
  fc.assert(
    fc.property(workspace, (ws) => {
      const texts = textsOf(ws);
      const files = filesOf(texts);
      const all = workspaceInvocations(files);
      // With the files read for earlier Dockerfiles kept (as the workspace keeps them), and with none kept: each file
      // is then judged by its texts alone.
      const memo = new InvocationMemo();
      for (const dockerfile of candidates(texts)) {
        const expected = all.filter((inv) => inv.dockerfile === pathToUri(dockerfile));
        named += expected.length;
        assert.deepEqual(invocationsBuilding(files, dockerfile, memo), expected, dockerfile);
        assert.deepEqual(invocationsBuilding(files, dockerfile, new InvocationMemo()), expected, dockerfile);
      }
    }),
    { numRuns: 400 },
  );
  // The property means something only if the workspaces it drew built Dockerfiles.
  assert.ok(named > 400, `${named} invocations found`);
});

/** Counts the files whose builds are read (parsed). */
class CountingMemo extends InvocationMemo {
  readonly parsed: string[] = [];
  override invocationsIn(...args: Parameters<InvocationMemo['invocationsIn']>) {
    this.parsed.push(args[0]);
    return super.invocationsIn(...args);
  }
}

const service0 = (context: string) => `services:\n  api:\n    build:\n      context: ${context}\n`;

test('only compose files that may build the Dockerfile are parsed: its own service folder, a path that names its folder, interpolation', () => {
  const texts = new Map<string, string>();
  for (let i = 0; i < 20; i++) texts.set(at(`svc${i}`, 'compose.yaml'), service0('.'));
  texts.set(at('', 'compose.yaml'), service0('svc7'));
  texts.set(at('deploy', 'compose.yaml'), service0('${SERVICE}'));
  texts.set(at('svc7/dev', 'compose.yaml'), service0('..'));
  const memo = new CountingMemo();
  const found = invocationsBuilding(filesOf(texts), at('svc7', 'Dockerfile'), memo);
  assert.deepEqual(
    memo.parsed.map((p) => path.relative(ROOT, p)).sort(),
    ['compose.yaml', path.join('deploy', 'compose.yaml'), path.join('svc7', 'compose.yaml'), path.join('svc7', 'dev', 'compose.yaml')].sort(),
  );
  assert.deepEqual(
    found.map((inv) => path.relative(ROOT, new URL(inv.uri!).pathname)).sort(),
    ['compose.yaml', path.join('svc7', 'compose.yaml'), path.join('svc7', 'dev', 'compose.yaml')].sort(),
  );
});

test('on the real-world corpus as one workspace, every Dockerfile gets the builds that gathering every build file gives it', () => {
  const root = path.resolve(__dirname, '..', 'fixtures', 'realworld');
  const all: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else all.push(p);
    }
  };
  walk(root);
  const sources = all.filter((p) => isInvocationSource(p)).sort();
  const files: InvocationFiles = {
    read: (p) => (fs.existsSync(p) && fs.statSync(p).isFile() ? fs.readFileSync(p, 'utf8') : undefined),
    rootPaths: [root],
    buildConfigFiles: () => sources,
    shellScripts: () => [],
  };
  const every = workspaceInvocations(files);
  const dockerfiles = new Set([...all.filter((p) => /dockerfile/i.test(path.basename(p))), ...every.map((inv) => new URL(inv.dockerfile).pathname)]);
  let named = 0;
  for (const d of dockerfiles) {
    const expected = every.filter((inv) => inv.dockerfile === pathToUri(d));
    named += expected.length;
    assert.deepEqual(invocationsBuilding(files, d, new InvocationMemo()), expected, d);
  }
  assert.ok(sources.some((p) => /compose/.test(p)) && named >= 200, `${sources.length} build files, ${named} builds of its Dockerfiles`);
});
