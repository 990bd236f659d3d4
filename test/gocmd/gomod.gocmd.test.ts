// The go.mod / go.work parser checked against the real go command: for each broken file, our first error
// must say what go says, on the line go names; for each valid file, go accepts it and we report nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseGoMod, type ModError, type ModFileKind } from '../../server/src/syntax/gomod';

let root: string;
let caseNumber = 0;

let goProblem: string | undefined | null = null;

/** Fails (never skips) when there is no go command: without it these tests prove nothing. */
function requireGo(): void {
  if (goProblem === null) {
    const version = spawnSync('go', ['version'], { encoding: 'utf8' });
    goProblem = version.error || version.status !== 0 ? (version.error?.message ?? version.stderr) : undefined;
  }
  if (goProblem !== undefined) {
    assert.fail(`the go command is not on PATH (${goProblem}): these tests compare the go.mod parser with the real go command; install Go 1.21 or newer`);
  }
}

before(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-gomod-')));
});

test('the go command is on PATH', () => requireGo());

after(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

interface GoRun {
  code: number | null;
  output: string;
  /** The file the go command read. */
  file: string;
}

/**
 * Writes the file into a fresh directory (with `dirs`: sub-directories holding a minimal go.mod, for go.work
 * `use`) and runs the go command there, offline and with no user configuration.
 */
function runGo(kind: ModFileKind, text: string, args: string[], dirs: string[] = []): GoRun {
  requireGo();
  const dir = path.join(root, `case${++caseNumber}`);
  fs.mkdirSync(dir);
  for (const d of dirs) {
    fs.mkdirSync(path.join(dir, d), { recursive: true });
    fs.writeFileSync(path.join(dir, d, 'go.mod'), `module example.com/${d.replace(/\W/g, '')}\n\ngo 1.22\n`);
  }
  const file = path.join(dir, kind === 'gowork' ? 'go.work' : 'go.mod');
  fs.writeFileSync(file, text);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: path.join(root, 'home'),
    GOPATH: path.join(root, 'gopath'),
    GOCACHE: path.join(root, 'cache'),
    GOMODCACHE: path.join(root, 'modcache'),
    GOFLAGS: '',
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
    GOSUMDB: 'off',
    GOWORK: kind === 'gowork' ? file : 'off',
    GOENV: 'off',
  };
  const r = spawnSync('go', args, { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, output: `${r.stdout}${r.stderr}`, file };
}

/** The first error go printed: its message without `go: ` headers and the `path:LINE[:COL]: ` prefix, and LINE. */
function firstGoError(output: string): { message: string; line?: number } {
  const lines = output.split('\n').filter((l) => !/^(go: )?errors? (parsing|loading) go\.(mod|work):$/.test(l));
  const at = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('\t'));
  assert.ok(at >= 0, `go printed no error:\n${output}`);
  let first = lines[at];
  let line: number | undefined;
  const located = /^(?:go: )?\S*?go\.(?:mod|work):(\d+)(?::\d+)?: (.*)$/.exec(first);
  if (located) {
    line = Number(located[1]);
    first = located[2];
  } else first = first.replace(/^go: /, '').replace(/^error reading go\.(mod|work): /, '');
  const continued = [];
  for (let i = at + 1; i < lines.length && lines[i].startsWith('\t'); i++) continued.push(lines[i]);
  return { message: [first, ...continued].join('\n'), line };
}

interface BrokenCase {
  name: string;
  text: string;
  kind?: ModFileKind;
  /** The go command to compare with; by default what a build runs into: `go list -m` (go.mod), `go work edit -json` (go.work). */
  args?: string[];
  dirs?: string[];
}

const MOD = 'module example.com/app\n\ngo 1.22\n';
const WORK = 'go 1.22\n';
// Builds read go.mod with version lookups; where a lookup would need the network, `go mod edit` shows the offline reading.
const EDIT = ['mod', 'edit', '-json'];
const LOAD_ALL = ['list', '-m', 'all'];

const BROKEN: BrokenCase[] = [
  { name: 'require without a version', text: `${MOD}require foo\n` },
  { name: 'unknown directive', text: `${MOD}foo bar\n` },
  { name: 'go version with four parts', text: 'module example.com/app\ngo 1.2.3.4\n' },
  { name: 'go with two arguments', text: 'module example.com/app\ngo 1.22 1.23\n' },
  { name: 'repeated go statement', text: `${MOD}go 1.23\n` },
  { name: 'repeated module statement', text: `${MOD}module example.com/other\n` },
  { name: 'module without a path', text: 'module\ngo 1.22\n' },
  { name: 'toolchain not go1.x', text: `${MOD}toolchain 1.22\n` },
  { name: 'repeated toolchain', text: `${MOD}toolchain go1.22.1\ntoolchain go1.22.2\n` },
  { name: 'newline inside a string', text: `${MOD}require "example.com/a v1.0.0\n` },
  { name: 'newline inside a string (CRLF)', text: 'module example.com/app\r\n\r\nrequire "example.com/a\r\n' },
  { name: 'file ends inside a string', text: `${MOD}require "example.com/a` },
  { name: 'file ends inside a raw string', text: `${MOD}require \`example.com/a` },
  { name: 'block never closed', text: `${MOD}require (\n\texample.com/a v1.0.0\n` },
  { name: 'block never closed, indented, after a tab', text: `${MOD}\t  require (\n` },
  { name: 'text after the closing paren', text: `${MOD}require (\n\texample.com/a v1.0.0\n) // ok\nexclude (\n) x\n` },
  { name: '/* comment */', text: `${MOD}/* legacy */\n` },
  { name: '/* inside a word', text: `${MOD}require example.com/a/*x v1.0.0\n` },
  { name: 'control character', text: `${MOD}\x01\n` },
  { name: 'no-break space', text: `${MOD}require\u00a0example.com/a v1.0.0\n` },
  { name: 'UTF-8 byte order mark', text: `\ufeff${MOD}` },
  { name: 'quote inside a bare word', text: `${MOD}require example.com/a"b v1.0.0\n` },
  { name: 'bad escape in a quoted path', text: `${MOD}require "example.com/\\q" v1.0.0\n` },
  { name: 'raw string as a path', text: `${MOD}require \`example.com/a\` v1.0.0\n` },
  { name: 'quoted version with a bad escape', text: `${MOD}require example.com/a "v1\\z"\n` },
  { name: 'version without v', text: `${MOD}require example.com/a 1.2.3\n`, args: EDIT },
  { name: 'version "latest"', text: `${MOD}exclude example.com/a latest\n`, args: EDIT },
  { name: 'v2 version on a v0/v1 path', text: `${MOD}require example.com/a v2.0.0\n` },
  { name: 'v1 version on a /v2 path', text: `${MOD}require example.com/a/v2 v1.5.0\n` },
  { name: 'path ending in /v1', text: `${MOD}require example.com/a/v1 v1.0.0\n` },
  { name: 'gopkg.in path with a wrong major', text: `${MOD}require gopkg.in/yaml.v3 v2.4.0\n` },
  { name: 'v2.0.0 shorthand v2 on a v1 path', text: `${MOD}require example.com/a v2\n`, args: EDIT },
  { name: 'require line in a block with a stray paren', text: `${MOD}require (\n\texample.com/a v1.0.0 )\n)\n` },
  { name: 'block type with two words', text: `${MOD}require example.com/a (\n)\n` },
  { name: 'go is no block', text: `${MOD}go (\n\t1.22\n)\n` },
  { name: 'closing paren alone', text: `${MOD})\n` },
  { name: 'replace without arrow target', text: `${MOD}replace example.com/a\n` },
  { name: 'replace with too many words', text: `${MOD}replace example.com/a v1.0.0 => ./a extra\n` },
  { name: 'replace by a module without version', text: `${MOD}replace example.com/a => example.com/b\n` },
  { name: 'replace by path@version', text: `${MOD}replace example.com/a => example.com/b@v1.0.0\n` },
  { name: 'replace by a directory with a version', text: `${MOD}replace example.com/a => ../b v1.0.0\n` },
  { name: 'replace by a Windows path', text: `${MOD}replace example.com/a => C:\\src\\a\n` },
  { name: 'replace of a /v1 path', text: `${MOD}replace example.com/a/v1 => ./a\n` },
  { name: 'replace by a v2 version of a v1 path', text: `${MOD}replace example.com/a => example.com/b v2.0.0\n` },
  {
    name: 'two replacements of one module',
    text: `${MOD}replace example.com/a v1.0.0 => ./a\nreplace (\n\texample.com/b => ./b\n\texample.com/a v1.0.0 => example.com/c v1.0.0\n)\n`,
  },
  {
    name: 'work: two replacements of one module',
    kind: 'gowork',
    text: `${WORK}use ./a\nreplace example.com/x => ./x\nreplace example.com/x => ./y\n`,
    args: ['list', '-m'],
    dirs: ['a'],
  },
  { name: 'replace old version malformed', text: `${MOD}replace example.com/a v1.x => ./a\n`, args: EDIT },
  { name: 'replace by a directory with a non-version (looked up)', text: `${MOD}replace example.com/a v1.0.0 => ./a extra\n` },
  { name: 'non-canonical version of a malformed path (looked up)', text: `${MOD}require foo v1.2\n` },
  { name: 'version of the standard library (looked up)', text: `${MOD}require std v1.2\n` },
  { name: 'retract with nothing', text: `${MOD}retract\n` },
  { name: 'retract interval without comma', text: `${MOD}retract [v1.0.0 v1.1.0]\n` },
  { name: 'retract interval cut short', text: `${MOD}retract [v1.0.0,\n` },
  { name: 'retract interval unclosed', text: `${MOD}retract [v1.0.0, v1.1.0\n` },
  { name: 'retract with a trailing word', text: `${MOD}retract v1.0.0 // why\nretract [v1.0.0, v1.1.0] extra\n` },
  { name: 'retract in a block starting with (', text: `${MOD}retract (\n\t( v1.0.0\n)\n` },
  { name: 'retract of a quoted bad version', text: `${MOD}retract v1"x\n` },
  { name: 'retract without module', text: 'go 1.22\nretract v1.0.0\n' },
  { name: 'retract v2 on a v1 module', text: `${MOD}retract [v1.0.0, v2.0.0]\n` },
  { name: 'retract error comes after the other errors', text: `${MOD}retract v2.0.0\nfoo\n` },
  { name: 'syntax error later beats a directive error earlier', text: `${MOD}require foo\nrequire "x\n` },
  { name: 'tool without a path', text: `${MOD}tool\n` },
  { name: 'ignore with two paths', text: `${MOD}ignore ./a ./b\n` },
  { name: 'godebug without =', text: `${MOD}godebug panicnil\n` },
  { name: 'godebug with a comma', text: `${MOD}godebug (\n\tpanicnil=1,x=2\n)\n` },
  { name: 'godebug default not a Go version', text: `${MOD}godebug default=1.21\n` },
  { name: 'missing module declaration', text: 'go 1.22\n' },
  { name: 'empty go.mod', text: '' },
  { name: 'reserved module path', text: 'module go\n\ngo 1.22\n' },
  { name: 'malformed main module path', text: 'module "example.com/a b"\n\ngo 1.22\n' },
  { name: 'module path with a byte that is not UTF-8', text: 'module "\\xff.com/a"\n\ngo 1.22\n' },
  { name: 'module path with a leading dash', text: 'module -x\n\ngo 1.22\n' },
  { name: 'tool path with a bad character', text: `${MOD}tool example.com/a=b\n` },
  { name: 'required path without a dot', text: `${MOD}require foo v1.0.0\n`, args: LOAD_ALL },
  { name: 'required path with an upper-case host', text: `${MOD}require Example.com/x v1.0.0\n`, args: LOAD_ALL },
  { name: 'work: module directive', kind: 'gowork', text: `${WORK}module example.com/x\n` },
  { name: 'work: require block', kind: 'gowork', text: `${WORK}require (\n)\n` },
  { name: 'work: use without a directory', kind: 'gowork', text: `${WORK}use\n` },
  { name: 'work: use with two directories', kind: 'gowork', text: `${WORK}use ./a ./b\n` },
  { name: 'work: retract', kind: 'gowork', text: `${WORK}retract v1.0.0\n` },
  { name: 'work: repeated go', kind: 'gowork', text: `${WORK}go 1.23\n` },
  { name: 'work: bad go version', kind: 'gowork', text: 'go 1.22.x\n' },
  { name: 'work: replace version not semver', kind: 'gowork', text: `${WORK}replace example.com/a v1.x => ./a\n` },
  { name: 'work: unterminated use block', kind: 'gowork', text: `${WORK}use (\n\t./a\n` },
  { name: 'work: same directory twice', kind: 'gowork', text: `${WORK}use (\n\t./a\n\ta/\n)\n`, args: ['list', '-m'], dirs: ['a'] },
  { name: 'work: godebug default not a Go version', kind: 'gowork', text: `${WORK}use ./a\ngodebug default=go1.x\n`, args: ['list', '-m'], dirs: ['a'] },
];

describe('broken files: our first error is the one go prints', () => {
  for (const c of BROKEN) {
    test(c.name, () => {
      const kind = c.kind ?? 'gomod';
      const run = runGo(kind, c.text, c.args ?? (kind === 'gowork' ? ['work', 'edit', '-json'] : ['list', '-m']), c.dirs);
      assert.notEqual(run.code, 0, `go accepted it:\n${run.output}`);
      const want = firstGoError(run.output);
      const parsed = parseGoMod(c.text, pathToFileURL(run.file).href, kind);
      const got = parsed.errors[0];
      assert.ok(got, `we found no error; go said:\n${run.output}`);
      assert.equal(got.message, want.message, `go said:\n${run.output}`);
      if (want.line !== undefined) assert.equal(got.range.start.line + 1, want.line, `go said:\n${run.output}`);
    });
  }
});

describe('random token soup: go and we agree on the first error', () => {
  // Deterministic random files built from go.mod's tokens. Left out: files go can only judge with a proxy
  // (version lookups), and the required-module path checks that only `go list -m all` makes.
  const WORDS = [
    'module ',
    'require ',
    'replace ',
    'retract ',
    'exclude ',
    'go ',
    'toolchain ',
    'godebug ',
    'tool ',
    'ignore ',
    'use ',
    '(',
    ')',
    '[',
    ']',
    ',',
    ' => ',
    '"',
    '`',
    '\\',
    '// ',
    '// indirect',
    '/*',
    ' ',
    '\t',
    '\n',
    '\n',
    '\n',
    '\r\n',
    'v1.0.0',
    'v2.0.0',
    'v1.2',
    'a.com/x',
    'a.com/x/v2',
    './d',
    '../d',
    'x',
    '1.22',
    'go1.22.1',
    'default=go1.21',
    'k=v',
    'é',
    '\u00a0',
    '"a.com/y"',
    '"v1.0.0"',
    '"\\q"',
    'nodot',
  ];
  const NEEDS_NETWORK = /module lookup disabled|unknown godebug|invalid (go|toolchain) version [^']|updates to go\.mod needed/;
  for (const kind of ['gomod', 'gowork'] as const) {
    test(`${kind}: 150 files`, () => {
      let seed = kind === 'gomod' ? 7 : 11;
      const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
      const disagreements: string[] = [];
      for (let n = 0; n < 150; n++) {
        let text = random() < 0.7 ? (kind === 'gomod' ? 'module m.com/app\n' : 'go 1.22\n') : '';
        for (let i = 1 + Math.floor(random() * 14); i > 0; i--) text += WORDS[Math.floor(random() * WORDS.length)];
        const run = runGo(kind, text, kind === 'gomod' ? ['list', '-m'] : ['work', 'edit', '-json']);
        const parsed = parseGoMod(text, pathToFileURL(run.file).href, kind);
        const onlyListAll = (e: ModError) =>
          e.message.startsWith('malformed module path "') && parsed.requires.some((q) => JSON.stringify(q.pathRange) === JSON.stringify(e.range));
        const ours = parsed.errors.filter((e) => !onlyListAll(e));
        if (run.code === 0) {
          // (`go work edit` skips the checks go makes when it loads a workspace, so only go.mod is compared here.)
          if (ours.length > 0 && kind === 'gomod') disagreements.push(`${JSON.stringify(text)}: go accepts it, we say ${JSON.stringify(ours[0].message)}`);
          continue;
        }
        if (NEEDS_NETWORK.test(run.output)) continue;
        const want = firstGoError(run.output);
        const got = ours[0];
        if (!got || got.message !== want.message || (want.line !== undefined && got.range.start.line + 1 !== want.line)) {
          disagreements.push(
            `${JSON.stringify(text)}: go says ${JSON.stringify(want)}, we say ${JSON.stringify(got && { message: got.message, line: got.range.start.line + 1 })}`,
          );
        }
      }
      assert.deepEqual(disagreements, []);
    });
  }
});

interface ValidCase {
  name: string;
  text: string;
  kind?: ModFileKind;
  dirs?: string[];
}

const FULL_GOMOD = `// Package app is an example.
//
// Deprecated: use example.com/app/v2.
module example.com/app

go 1.22.0

toolchain go1.23.4

godebug (
	default=go1.21
	panicnil=1
)

require (
	github.com/google/uuid v1.6.0
	golang.org/x/sys v0.0.0-20240101120000-abcdefabcdef // indirect
	"example.com/quoted" v1.2.4-0.20240101120000-abcdefabcdef // indirect; used by tests
	github.com/old/lib v2.3.0+incompatible
	gopkg.in/yaml.v3 v3.0.1
	example.com/mod/v2 v2.1.0-rc.1
)

require example.com/single v1.0.0

exclude example.com/single v0.9.0

replace (
	example.com/single => ../single
	example.com/quoted v1.2.4-0.20240101120000-abcdefabcdef => example.com/fork v1.0.0
	github.com/old/lib => /abs/lib
	example.com/dot => .
)

retract (
	// Published by mistake.
	v1.0.1
	[v1.1.0, v1.1.9] // security hole
)

tool example.com/single/cmd/gen

ignore ./node_modules
`;

const VALID: ValidCase[] = [
  { name: 'every directive, in blocks and lines', text: FULL_GOMOD },
  { name: 'the same with CRLF line endings', text: FULL_GOMOD.replace(/\n/g, '\r\n') },
  {
    name: 'no final newline, comments everywhere',
    text: '// top\nmodule example.com/app // the module\n\n// lang\ngo 1.21rc1 // rc\nrequire () // nothing\nrequire (\n\t// first\n\n)',
  },
  { name: 'quoted module path with escapes', text: 'module "example.com/\\x61pp"\n\ngo 1.22\n' },
  { name: 'main module without a dot', text: 'module app\n\ngo 1.22\nrequire nodot v1.0.0\nreplace nodot => ./nodot\n' },
  {
    name: 'go.work with use block and replace',
    kind: 'gowork',
    text: 'go 1.22\n\ntoolchain go1.22.3\n\nuse (\n\t./a\n\t"./b"\n)\nuse ./c\n\nreplace example.com/x v1.0.0 => ../x\ngodebug default=go1.21\n',
  },
  { name: 'go.work loaded by go list', kind: 'gowork', text: 'go 1.22\n\nuse (\n\t./a\n\t./b\n)\n', dirs: ['a', 'b'] },
];

describe('valid files: go accepts them and we report no error', () => {
  for (const c of VALID) {
    test(c.name, () => {
      const kind = c.kind ?? 'gomod';
      const args = kind === 'gomod' ? ['list', '-m'] : c.dirs ? ['list', '-m'] : ['work', 'edit', '-json'];
      const run = runGo(kind, c.text, args, c.dirs);
      assert.equal(run.code, 0, `go rejected it:\n${run.output}`);
      const parsed = parseGoMod(c.text, pathToFileURL(run.file).href, kind);
      assert.deepEqual(parsed.errors, []);
    });
  }

  test('go mod edit -json and our model agree on the full go.mod', () => {
    const run = runGo('gomod', FULL_GOMOD, EDIT);
    assert.equal(run.code, 0, run.output);
    const go = JSON.parse(run.output) as {
      Module: { Path: string; Deprecated?: string };
      Go: string;
      Toolchain: string;
      GoDebug: { Key: string; Value: string }[];
      Require: { Path: string; Version: string; Indirect?: boolean }[];
      Exclude: { Path: string; Version: string }[];
      Replace: { Old: { Path: string; Version?: string }; New: { Path: string; Version?: string } }[];
      Retract: { Low: string; High: string; Rationale?: string }[];
      Tool: { Path: string }[];
      Ignore: { Path: string }[];
    };
    const ours = parseGoMod(FULL_GOMOD, pathToFileURL(run.file).href, 'gomod');
    assert.equal(ours.module?.path, go.Module.Path);
    assert.equal(ours.module?.deprecated, go.Module.Deprecated);
    assert.equal(ours.go?.version, go.Go);
    assert.equal(ours.toolchain?.name, go.Toolchain);
    assert.deepEqual(
      ours.godebugs.map((g) => [g.key, g.value]),
      go.GoDebug.map((g) => [g.Key, g.Value]),
    );
    const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    // go mod edit sorts blocks; compare as sets.
    assert.deepEqual(
      ours.requires.map((r) => ({ path: r.path, version: r.version, indirect: r.indirect })).sort(byPath),
      go.Require.map((r) => ({ path: r.Path, version: r.Version, indirect: !!r.Indirect })).sort(byPath),
    );
    assert.deepEqual(
      ours.excludes.map((e) => [e.path, e.version]),
      go.Exclude.map((e) => [e.Path, e.Version]),
    );
    assert.deepEqual(
      ours.replaces.map((r) => [r.oldPath, r.oldVersion ?? '', r.newPath, r.newVersion ?? '']).sort(),
      go.Replace.map((r) => [r.Old.Path, r.Old.Version ?? '', r.New.Path, r.New.Version ?? '']).sort(),
    );
    assert.deepEqual(ours.retracts.map((r) => [r.low, r.high, r.rationale ?? '']).sort(), go.Retract.map((r) => [r.Low, r.High, r.Rationale ?? '']).sort());
    assert.deepEqual(
      ours.tools.map((t) => t.path),
      go.Tool.map((t) => t.Path),
    );
    assert.deepEqual(
      ours.ignores.map((t) => t.path),
      go.Ignore.map((t) => t.Path),
    );
  });
});
