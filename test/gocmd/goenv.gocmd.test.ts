// Our model of the Go environment (goenv/proxy, sumdb, effective, patterns, goUrl) against the real go command,
// wherever go answers without the network: how it rejects GOPROXY and GOSUMDB values, `go env` defaults, GOFLAGS
// errors; and path.Match, MatchPrefixPatterns and url.Parse against Go's own packages (a helper built from GOROOT).
// Hermetic: every variable is explicit, HOME and caches live in a temp dir, and HTTP(S)_PROXY point at a loopback
// server that drops every connection, so a request to a non-loopback host can never leave the machine.
// Without go these tests fail (never skip).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { EMPTY_LIST_MESSAGE, parseGoProxy } from '../../server/src/goenv/proxy';
import { parseGoSumDb } from '../../server/src/goenv/sumdb';
import { parseGoFlags, resolveGoEnv, routeModule } from '../../server/src/goenv/effective';
import { goPathMatch, matchesPatternList } from '../../server/src/goenv/patterns';
import { goParseUrl, goUrlString } from '../../server/src/goenv/goUrl';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function findGo(): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/go/bin', '/usr/lib/go/bin'].filter(Boolean);
  for (const d of dirs) {
    try {
      accessSync(join(d, 'go'), constants.X_OK);
      return join(d, 'go');
    } catch {
      // next
    }
  }
  throw new Error(
    'the go command is not installed (looked in PATH, /usr/local/go/bin, /usr/lib/go/bin): these tests compare our model with it and cannot run without it',
  );
}

let go: string;
let root: string;
let dead: Server;
let deadUrl: string;
const MOD = 'example.com/x';
const AT = `${MOD}@v1.0.0`;

before(async () => {
  go = findGo();
  root = await mkdtemp(join(tmpdir(), 'gpd-goenv-'));
  for (const d of ['home', 'gopath', 'tmp', 'work', 'empty']) await mkdir(join(root, d), { recursive: true });
  await writeFile(join(root, 'work', 'go.mod'), 'module example.com/m\n\ngo 1.21\n');
  // A file:// proxy holding example.com/x v1.0.0 (info and go.mod are all `go mod download` needs before checksums).
  const dir = join(root, 'proxy', MOD, '@v');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'list'), 'v1.0.0\n');
  await writeFile(join(dir, 'v1.0.0.info'), '{"Version":"v1.0.0","Time":"2020-01-01T00:00:00Z"}');
  await writeFile(join(dir, 'v1.0.0.mod'), `module ${MOD}\n\ngo 1.16\n`);
  dead = createServer((s) => s.destroy());
  await new Promise<void>((ok) => dead.listen(0, '127.0.0.1', ok));
  deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
});

after(async () => {
  dead?.close();
  if (root) await rm(root, { recursive: true, force: true, maxRetries: 3 });
});

/** The hermetic environment; `undefined` in `vars` removes a variable (to test go's default). */
function goEnv(vars: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: [dirname(go), '/usr/bin', '/bin'].join(delimiter),
    HOME: join(root, 'home'),
    TMPDIR: join(root, 'tmp'),
    GOPATH: join(root, 'gopath'),
    GOMODCACHE: join(root, 'gopath', 'pkg', 'mod'),
    GOCACHE: join(root, 'gocache'),
    GOENV: 'off',
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-mod=mod -modcacherw',
    GOWORK: 'off',
    GO111MODULE: 'on',
    GOPROXY: 'off',
    GOSUMDB: 'off',
    GOPRIVATE: '',
    GONOPROXY: '',
    GONOSUMDB: '',
    GOINSECURE: '',
    GOVCS: '',
    CGO_ENABLED: '0',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    HTTPS_PROXY: deadUrl,
    HTTP_PROXY: deadUrl,
    https_proxy: deadUrl,
    http_proxy: deadUrl,
    NO_PROXY: '',
    no_proxy: '',
    ALL_PROXY: '',
    ...vars,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

function runGo(args: string[], env: Record<string, string>, cwd = join(root, 'work'), input?: string, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(args[0] === 'go' ? go : args[0], args.slice(1), {
      cwd,
      env,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), timeoutMs);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() })));
    child.stdin?.on('error', () => undefined); // go may exit before reading it all; its exit code tells
    child.stdin?.end(input);
  });
}

/** `go mod download -json example.com/x@v1.0.0`: the module's Error with the `example.com/x@v1.0.0: ` prefix removed. */
async function downloadError(vars: Record<string, string>): Promise<string> {
  const r = await runGo(['go', 'mod', 'download', '-json', AT], goEnv(vars));
  const json = r.stdout.trim() ? (JSON.parse(r.stdout) as { Error?: string }) : {};
  const error = json.Error ?? r.stderr.trim();
  assert.ok(error.startsWith(`${AT}: `), `unexpected go output for ${JSON.stringify(vars)}:\n${r.stdout}${r.stderr}`);
  return error.slice(AT.length + 2);
}

/** Runs `f` over `items`, a few go processes at a time. */
async function each<T>(items: T[], f: (x: T) => Promise<void>, width = 6): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let x = queue.shift(); x !== undefined; x = queue.shift()) await f(x);
    }),
  );
}

describe('GOPROXY: what go rejects, and how', () => {
  const VALUES = [
    'drect',
    'https://goproxy.cn,drect',
    'Off',
    'DIRECT',
    '/abs/path',
    'ftp://x.com',
    'C:/x',
    'ftp://u:p@x.com/a b',
    'file://host/p',
    'file:/abs',
    'file:///tmp/p?x',
    'file:///tmp/p#f',
    'file:///tmp/p?',
    ',',
    ' ',
    ' , | ',
    'https://a b.com',
    'goproxy.cn direct',
    'https://u p@x.com',
    'https://a:b:c',
    'https://a:1:2',
    'https://x.com:abc',
    'https://[::1',
    'https://[zz]',
    'https://[127.0.0.1]',
    'https://a[b]',
    'http://%zz',
    'https://a%41.com',
    'https://a^b.com',
    'https://x.com#%zz',
    '://x',
    '1http://x',
    'mailto:x',
    'x.com/%zz',
    'https://a.com\tb',
    'direct;https://goproxy.cn',
    'off;direct',
    'https://x.com|ftp://y.com',
    'https://[::1%25]',
    // Accepted: go tries them (our dead proxy or a closed loopback port answers).
    'https://goproxy.cn;direct',
    'goproxy.cn;direct',
    'https://goproxy.cn/ direct',
    'https://goproxy.cn',
    'goproxy.cn',
    'HTTP://127.0.0.1:1',
    'http://[::1]:1',
    'https://@x.com',
    'https://u@p@x.com',
    'https://u:p@x.com',
    'https://é.com',
    'https://a%c3%a9.com',
    'off',
    'off,drect',
    'direct,drect',
    'https://x.com|ftp://y.com,off',
    'file:///nonexistent/proxy',
    'file://',
    'https://',
    'https:/x',
  ];
  test('every value: go says what the model says', async () => {
    const problems: string[] = [];
    await each(VALUES, async (v) => {
      const got = await downloadError({ GOPROXY: v });
      const parsed = parseGoProxy(v);
      const reachable = parsed.entries.filter((e) => e.reachable);
      const rejected = reachable.find((e) => e.error?.rejected);
      const want = parsed.error ?? rejected?.error?.goMessage;
      const fail = (why: string) => problems.push(`GOPROXY=${JSON.stringify(v)}: ${why}\n    go said: ${got}`);
      if (want !== undefined) {
        if (got !== want) fail(`model says ${JSON.stringify(want)}`);
      } else if (rejected) {
        if (!got.startsWith('parse "')) fail('model says go rejects it (wording unknown)');
      } else {
        // Accepted: go fetched from the first entry (or stopped at off).
        const first = reachable[0];
        const attempted = first?.kind === 'off' ? got === 'module lookup disabled by GOPROXY=off' : /^(Get "|reading file:|unrecognized import path)/.test(got);
        if (!attempted) fail('model says go accepts it and tries the first entry');
        if (first?.error?.goMessage && !got.includes(first.error.goMessage)) fail(`model says the request fails with ${JSON.stringify(first.error.goMessage)}`);
        // net/http shows a password as ***; leave those out.
        if (
          first?.kind === 'proxy' &&
          /^http/i.test(first.url ?? '') &&
          !first.hasCredentials &&
          !got.startsWith(`Get "${goUrlString(goParseUrl(first.url!).url!).replace(/\/$/, '')}`)
        ) {
          fail(`model says go fetches from ${first.url}`);
        }
      }
    });
    assert.deepEqual(problems, []);
  });

  test('`;` is no separator: go fetches from one URL whose host contains it', async () => {
    const got = await downloadError({ GOPROXY: 'https://goproxy.cn;direct' });
    assert.ok(got.startsWith(`Get "https://goproxy.cn;direct/${MOD}/@v/v1.0.0.info"`), got);
  });

  test('GONOPROXY/GOPRIVATE modules are fetched directly even with GOPROXY=off (the reference says otherwise)', async () => {
    const cases: Record<string, string>[] = [
      { GOPROXY: 'off', GOPRIVATE: 'example.com' },
      { GOPROXY: 'off', GONOPROXY: 'example.com' },
    ];
    for (const vars of cases) {
      const got = await downloadError(vars);
      assert.ok(got.startsWith(`unrecognized import path "${MOD}"`), `go fetched directly: ${got}`);
      assert.equal(routeModule(MOD, resolveGoEnv(new Map(Object.entries(vars)))).via, 'direct');
    }
    assert.equal(await downloadError({ GOPROXY: 'off', GOPRIVATE: 'other.example.com' }), 'module lookup disabled by GOPROXY=off');
  });
});

/** A verifier key for `name` with a valid hash (for names go must then check). */
function verifierKey(name: string): string {
  const key = Buffer.from([1, ...Array(32).fill(7)]);
  const hash = createHash('sha256').update(`${name}\n`).update(key).digest().readUInt32BE(0);
  return `${name}+${hash.toString(16).padStart(8, '0')}+${key.toString('base64')}`;
}

describe('go env -w GOPROXY= (an ARG out of scope expands to nothing)', () => {
  test('an empty GOPROXY written by go env -w replaces the default, and every download fails with EMPTY_LIST_MESSAGE', async () => {
    const envFile = join(root, 'tmp', 'goenv-empty');
    const vars = { GOENV: envFile, GOPROXY: undefined } as Record<string, string | undefined>;
    const write = await runGo(['go', 'env', '-w', 'GOPROXY='], goEnv(vars));
    assert.equal(write.code, 0, write.stderr);
    assert.equal((await runGo(['go', 'env', 'GOPROXY'], goEnv(vars))).stdout.trim(), '');
    const r = await runGo(['go', 'mod', 'download', '-json', AT], goEnv(vars));
    const error = (JSON.parse(r.stdout) as { Error?: string }).Error ?? '';
    assert.equal(error, `${AT}: ${EMPTY_LIST_MESSAGE}`);
    // Counterpart: with no GOPROXY anywhere, go uses its default list (it tries proxy.golang.org, which our dead proxy refuses).
    const unset = await runGo(['go', 'env', 'GOPROXY'], goEnv({ GOPROXY: undefined, GOENV: join(root, 'tmp', 'goenv-none') }));
    assert.equal(unset.stdout.trim(), 'https://proxy.golang.org,direct');
  });
});

describe('GOSUMDB: what go rejects, and how', () => {
  test('every value: go says what the model says', async () => {
    const lookup = deadUrl; // a loopback database address that drops every connection
    const values = [
      'a b c d',
      'a b c',
      `sum.golang.org ${lookup} x`,
      'foo',
      `foo ${lookup}`,
      `sum.golang.google.cn ${lookup}`,
      ' off',
      'off ',
      'OFF',
      '  ',
      'x+00000000+AQ==',
      'sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
      'x+0000000+AQ==',
      'x+00000000+AQ=',
      verifierKey('sum.example.com/'),
      verifierKey('u@sum.example.com'),
      verifierKey('sum.example.com?x'),
      'sum.golang.org http://%zz',
      'sum.golang.org 127.0.0.1:1',
      'sum.golang.org ftp://127.0.0.1:1',
      'sum.golang.org /tmp/x',
      'sum.golang.org https://',
      'sum.golang.org http://u:p@127.0.0.1:1',
      // Accepted: go asks the database (through the file:// proxy, then directly: the dead proxy answers).
      'sum.golang.org',
      ' sum.golang.org',
      'sum.golang.google.cn',
      `sum.golang.org ${lookup}`,
      `sum.golang.org\t${lookup}`,
      `sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 ${lookup}`,
      verifierKey('sum.example.com'),
      `${verifierKey('sum.example.com/db')} ${lookup}`,
      'sum.golang.org sumdb.example.com',
      'sum.golang.org file:///nonexistent/sumdb',
    ];
    const problems: string[] = [];
    await each(values, async (v) => {
      const got = await downloadError({ GOPROXY: `file://${join(root, 'proxy')}`, GOSUMDB: v });
      const want = parseGoSumDb(v).error;
      const fail = (why: string) => problems.push(`GOSUMDB=${JSON.stringify(v)}: ${why}\n    go said: ${got}`);
      if (want === undefined) {
        if (!/^verifying go\.mod: example\.com\/x@v1\.0\.0\/go\.mod: (Get "|reading file:)/.test(got)) fail('model says go accepts it and asks the database');
      } else if (want.includes('/lookup/…') || want.startsWith('http: ')) {
        // Failures of the first lookup: go names the URL of that lookup.
        if (!got.includes(want.replace('…', AT))) fail(`model says ${JSON.stringify(want)}`);
      } else if (got !== `verifying go.mod: ${want}` && !(want.startsWith('invalid sumdb name') && got.startsWith(`verifying go.mod: ${want} {`))) {
        fail(`model says ${JSON.stringify(want)}`);
      }
    });
    assert.deepEqual(problems, []);
  });

  test('GOSUMDB=off verifies nothing', async () => {
    assert.equal(parseGoSumDb('off').kind, 'off');
    // go gets past go.mod (no "verifying") and stops at the zip, which our proxy does not have.
    const got = await downloadError({ GOPROXY: `file://${join(root, 'proxy')}`, GOSUMDB: 'off' });
    assert.match(got, /^reading file:.*v1\.0\.0\.zip: no such file or directory$/);
  });
});

const ENV_NAMES = [
  'GOPROXY',
  'GOSUMDB',
  'GOPRIVATE',
  'GONOPROXY',
  'GONOSUMDB',
  'GOINSECURE',
  'GOFLAGS',
  'GO111MODULE',
  'GOTOOLCHAIN',
  'GOAUTH',
  'GOVCS',
  'GOPATH',
  'GOMODCACHE',
  'GOCACHE',
  'GOENV',
] as const;

describe('go env: the defaults resolveGoEnv computes', () => {
  test('our defaults are the ones in GOROOT/go.env', async () => {
    const goroot = (await runGo(['go', 'env', 'GOROOT'], goEnv())).stdout.trim();
    const file = await readFile(join(goroot, 'go.env'), 'utf8');
    const value = (name: string) => [...file.matchAll(/^(\w+)=(.*)$/gm)].find((m) => m[1] === name)?.[2];
    assert.equal(value('GOPROXY'), 'https://proxy.golang.org,direct', 'this go distribution changed the default GOPROXY');
    assert.equal(value('GOSUMDB'), 'sum.golang.org', 'this go distribution changed the default GOSUMDB');
  });

  test('every case: `go env` and resolveGoEnv agree', async () => {
    const goroot = (await runGo(['go', 'env', 'GOROOT'], goEnv())).stdout.trim();
    const goEnvFile = await readFile(join(goroot, 'go.env'), 'utf8');
    const toolchain = /^GOTOOLCHAIN=(.*)$/m.exec(goEnvFile)?.[1];
    const home = join(root, 'home');
    const unset = Object.fromEntries(ENV_NAMES.map((n) => [n, undefined]));
    const cases: Record<string, string>[] = [
      {},
      { GOPROXY: '', GOSUMDB: '', GOTOOLCHAIN: '', GOAUTH: '', GOFLAGS: '' },
      { GOPRIVATE: 'a.example.com', GONOPROXY: '', GONOSUMDB: '' },
      { GOPRIVATE: 'a.example.com', GONOPROXY: 'b.example.com' },
      { GOPRIVATE: 'a.example.com', GONOSUMDB: 'c.example.com' },
      { GOPROXY: 'off' },
      { GOPROXY: 'direct' },
      { GOPROXY: 'https://goproxy.cn,direct' },
      { GOPATH: `${root}/p1/:${root}/p2` },
      { GOPATH: `:${root}/p2` },
      { XDG_CACHE_HOME: `${root}/xdg/`, XDG_CONFIG_HOME: `${root}/cfg` },
      { XDG_CACHE_HOME: 'rel', XDG_CONFIG_HOME: 'rel' },
      { GOCACHE: 'rel' },
      { GOCACHE: `${root}/c/../d/`, GOMODCACHE: `${root}/m/../n/` },
      { GOENV: `${root}/goenv-file` },
      { HOME: '' },
      { HOME: `${home}/` },
      { GOFLAGS: '-mod=mod', GO111MODULE: 'auto', GOINSECURE: 'x.example.com', GOVCS: 'private:all', GOAUTH: 'off' },
    ];
    const problems: string[] = [];
    await each(cases, async (vars) => {
      const r = await runGo(['go', 'env', '-json', ...ENV_NAMES], goEnv({ ...unset, ...vars }), join(root, 'empty'));
      assert.equal(r.code, 0, r.stderr);
      const actual = JSON.parse(r.stdout) as Record<string, string>;
      const set = new Map(Object.entries({ HOME: home, ...vars }));
      const model = resolveGoEnv(set, { GOPATH: '', HOME: '', GOTOOLCHAIN: toolchain });
      for (const n of ENV_NAMES)
        if (actual[n] !== model[n]) problems.push(`${JSON.stringify(vars)}: ${n} go=${JSON.stringify(actual[n])} model=${JSON.stringify(model[n])}`);
    });
    assert.deepEqual(problems, []);
  });
});

describe('GOFLAGS: go’s parse errors', () => {
  test('every value: go fails with the model’s message, or runs', async () => {
    const values = [
      'bogus',
      '-mod=mod bogus -x',
      "'-x",
      '"-x',
      '---x',
      '-',
      '--',
      '-=x',
      '--=x',
      "''",
      '-mod=mod',
      '--mod=mod',
      '-mod=mod -insecure',
      '"-mod=mod"',
      "'-ldflags=-s -w'",
      '  -modcacherw\t-mod=mod  ',
      '',
    ];
    const problems: string[] = [];
    await each(values, async (v) => {
      const r = await runGo(['go', 'list', '-m'], goEnv({ GOFLAGS: v }));
      const want = parseGoFlags(v).error;
      const got = r.code === 0 ? undefined : r.stderr.split('\n')[0];
      if (got !== want) problems.push(`GOFLAGS=${JSON.stringify(v)}: go=${JSON.stringify(got)} model=${JSON.stringify(want)}`);
    });
    assert.deepEqual(problems, []);
  });
});

// A helper built from GOROOT: Go's path.Match, x/mod's MatchPrefixPatterns (vendored in GOROOT) and net/url.
const ORACLE = `package main

import (
	"bufio"
	"encoding/json"
	"net/url"
	"os"
	"path"

	"golang.org/x/mod/module"
)

type query struct{ Op, A, B string }
type answer struct {
	Matched, Bad               bool
	Error, String, Redacted string
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var q query
		if err := json.Unmarshal(in.Bytes(), &q); err != nil {
			panic(err)
		}
		var a answer
		switch q.Op {
		case "match":
			m, err := path.Match(q.A, q.B)
			a = answer{Matched: m, Bad: err != nil}
		case "prefix":
			a = answer{Matched: module.MatchPrefixPatterns(q.A, q.B)}
		case "url":
			if u, err := url.Parse(q.A); err != nil {
				a = answer{Error: err.Error()}
			} else {
				a = answer{String: u.String(), Redacted: u.Redacted()}
			}
		}
		out.Encode(a)
	}
}
`;

describe("Go's own packages: path.Match, MatchPrefixPatterns, url.Parse", () => {
  test('random and chosen inputs agree', { timeout: 180_000 }, async () => {
    const env = goEnv({ GOPROXY: 'off', GOFLAGS: '-mod=mod' });
    const goroot = (await runGo(['go', 'env', 'GOROOT'], env)).stdout.trim();
    const dir = join(root, 'oracle');
    await cp(join(goroot, 'src', 'cmd', 'vendor', 'golang.org', 'x', 'mod'), join(dir, 'xmod'), { recursive: true });
    await writeFile(join(dir, 'xmod', 'go.mod'), 'module golang.org/x/mod\n\ngo 1.22\n');
    const version = /go(\d+\.\d+)/.exec((await runGo(['go', 'env', 'GOVERSION'], env)).stdout)?.[1] ?? '1.22';
    // The helper's go line sets its GODEBUG defaults (urlstrictcolons): the go command's own version.
    await writeFile(join(dir, 'go.mod'), `module oracle\n\ngo ${version}\n\nrequire golang.org/x/mod v0.0.0\n\nreplace golang.org/x/mod => ./xmod\n`);
    await writeFile(join(dir, 'main.go'), ORACLE);
    const built = await runGo(['go', 'build', '-o', 'oracle', '.'], env, dir, undefined, 150_000);
    assert.equal(built.code, 0, `building the helper from GOROOT failed:\n${built.stderr}`);

    let seed = 20261124;
    const rnd = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    };
    const word = (alphabet: string[], max: number) => Array.from({ length: rnd(max + 1) }, () => alphabet[rnd(alphabet.length)]).join('');
    const queries: { Op: string; A: string; B: string }[] = [];
    const PAT = [...'ab/*?[]^-\\.x', 'é', '\u00ff'];
    const NAME = [...'ab/.x-]\\*', 'é', '\u00ff'];
    for (let i = 0; i < 6000; i++) queries.push({ Op: 'match', A: word(PAT, 7), B: word(NAME, 6) });
    for (let i = 0; i < 4000; i++) queries.push({ Op: 'prefix', A: word([...PAT, ',', ',', ' '], 10), B: word(NAME, 8) });
    const S = ['https://', 'http://', 'file://', 'FTP://', 'file:', 'https:', 'x:', '', '//', '/', '1a://'];
    const U = ['', '', 'u@', 'u:p@', ':p@', '@', 'u%41:p%zz@', 'u:p@x@', 'ü@', 'a;b=c@', 'u/p@'];
    const H = [
      'goproxy.cn',
      '127.0.0.1',
      '[::1]',
      '[fe80::1%25eth0]',
      '[1.2.3.4]',
      '[::ffff:1.2.3.4]',
      'é.com',
      'a%c3%a9.com',
      'a%41.com',
      '[zz]',
      '[::1',
      'a[b]',
      '',
      'a b',
      'a^b',
      'a;b',
      '[::1%25]',
      'x_y',
    ];
    const P = ['', '', ':', ':80', ':8x', ':1:2', '::'];
    const PA = ['', '/', '/a/b', '/a b', '/%2F', '/a%zz', '/é', '/a?q', '/a?', '/a#f', '/a#%zz', "/!'()*", '/[x]', '?x?y', '#', '/a\tb'];
    for (let i = 0; i < 6000; i++) {
      const parts = [S, U, H, P, PA].map((xs) => xs[rnd(xs.length)]);
      queries.push({ Op: 'url', A: parts.join(''), B: '' });
    }
    const URLS = ":/?#[]@!$&'()*+,;=%2Fazé \t.";
    for (let i = 0; i < 4000; i++) queries.push({ Op: 'url', A: word(['https://', ...URLS], 12), B: '' });

    const r = await runGo([join(dir, 'oracle')], env, dir, queries.map((q) => JSON.stringify(q)).join('\n') + '\n', 120_000);
    assert.equal(r.code, 0, r.stderr);
    const answers = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { Matched: boolean; Bad: boolean; Error: string; String: string; Redacted: string });
    assert.equal(answers.length, queries.length);
    const problems: string[] = [];
    queries.forEach((q, i) => {
      const a = answers[i];
      const show = (ours: unknown) =>
        problems.length < 20 && problems.push(`${q.Op} ${JSON.stringify(q.A)} ${JSON.stringify(q.B)}: go ${JSON.stringify(a)} ours ${JSON.stringify(ours)}`);
      if (q.Op === 'match') {
        const m = goPathMatch(q.A, q.B);
        if (m.matched !== a.Matched || m.bad !== a.Bad) show(m);
      } else if (q.Op === 'prefix') {
        if (matchesPatternList(q.A, q.B) !== a.Matched) show(!a.Matched);
      } else {
        const p = goParseUrl(q.A);
        if (a.Error) {
          if (!p.error || (p.exact && p.error !== a.Error)) show(p);
        } else if (!p.url || goUrlString(p.url) !== a.String || goUrlString(p.url, true) !== a.Redacted) {
          show(p.url ? [goUrlString(p.url), goUrlString(p.url, true)] : p);
        }
      }
    });
    assert.deepEqual(problems, []);
  });
});
