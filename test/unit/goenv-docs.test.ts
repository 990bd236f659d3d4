// Hover documentation for Go environment variables and GOPROXY entries: complete, really translated, linked to the
// official docs — and the defaults we document agree with what the real go command prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Localized } from '../../server/src/core/localize';
import { COMPLETION_ORDER, VARIABLE_DOCS, variableDoc } from '../../server/src/goenv/docs/variables';
import { ENTRY_TEXT, ROUTE_TEXT } from '../../server/src/goenv/docs/proxyEntries';

const GO = '/usr/local/go/bin/go';
const CJK = /[\u4e00-\u9fff]/;
const LOCALES = ['en', 'zh-cn'] as const;

/** Literal values a text puts in backticks. */
function backticked(s: string): string[] {
  return [...s.matchAll(/`([^`]*)`/g)].map((m) => m[1]);
}

function checkText(where: string, t: Localized<string[]>, args: string[] = []): void {
  for (const locale of LOCALES) {
    const s = t[locale](...args);
    assert.equal(typeof s, 'string', `${where} [${locale}]`);
    assert.ok(s.trim().length > 0, `${where} [${locale}] is empty`);
    assert.equal((s.match(/`/g) ?? []).length % 2, 0, `${where} [${locale}] has an unbalanced backtick: ${s}`);
    assert.ok(!/undefined|\$\{|\{\d+\}/.test(s), `${where} [${locale}] has a formatting leftover: ${s}`);
  }
}

function doc(name: string) {
  const d = variableDoc(name);
  assert.ok(d, `${name} is not documented`);
  return d;
}

test('every variable has en and zh-cn texts for summary, default and values', () => {
  assert.ok(VARIABLE_DOCS.size > 0);
  for (const [name, d] of VARIABLE_DOCS) {
    assert.equal(d.name, name, `map key ${name} holds the doc of ${d.name}`);
    checkText(`${name}.summary`, d.summary);
    checkText(`${name}.defaultValue`, d.defaultValue);
    checkText(`${name}.values`, d.values);
  }
});

test('zh-cn summaries are written in Chinese, not English copied over', () => {
  for (const [name, d] of VARIABLE_DOCS) {
    const zh = d.summary['zh-cn']();
    assert.ok(CJK.test(zh), `${name}: zh-cn summary has no Chinese: ${zh}`);
    assert.notEqual(zh, d.summary.en(), `${name}: zh-cn summary equals the English one`);
    // Values that are phrases are translated too (not only literal values in backticks).
    for (const field of ['defaultValue', 'values'] as const) {
      const en = d[field].en();
      const zhText = d[field]['zh-cn']();
      const enProse = en.replace(/`[^`]*`/g, '').replace(/[^A-Za-z]/g, '');
      if (enProse.length > 12) assert.ok(CJK.test(zhText), `${name}.${field}: zh-cn has no Chinese: ${zhText}`);
    }
  }
});

test('the variables that shape module downloads and builds are all documented', () => {
  const required = [
    'GOPROXY',
    'GOPRIVATE',
    'GONOPROXY',
    'GONOSUMDB',
    'GOSUMDB',
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
    'GOWORK',
    'GOROOT',
    'GOBIN',
    'CGO_ENABLED',
    'GOOS',
    'GOARCH',
    'GOAMD64',
    'GOARM',
    'GOEXPERIMENT',
    'GODEBUG',
    'GOMAXPROCS',
    'GOTELEMETRY',
  ];
  for (const name of required) assert.equal(doc(name).typoOf, undefined, `${name} is a real variable`);
  assert.equal(variableDoc('goproxy'), undefined, 'names are case-sensitive, like environment variables');
  assert.equal(variableDoc('NOT_A_GO_VARIABLE'), undefined);
});

test('typos point to a documented real variable and say so in both languages', () => {
  assert.equal(doc('GONOSUMCHECK').typoOf, 'GONOSUMDB');
  let typos = 0;
  for (const [name, d] of VARIABLE_DOCS) {
    if (d.typoOf === undefined) continue;
    typos++;
    const real = variableDoc(d.typoOf);
    assert.ok(real && real.typoOf === undefined, `${name}: typoOf ${d.typoOf} is not a documented real variable`);
    assert.equal(d.link, real.link, `${name} should link where ${d.typoOf} does`);
    for (const locale of LOCALES) {
      const all = d.summary[locale]() + d.values[locale]();
      assert.ok(all.includes(`\`${d.typoOf}\``), `${name} [${locale}] does not name ${d.typoOf}`);
    }
  }
  assert.ok(typos >= 3);
});

test('links go to go.dev or pkg.go.dev over https', () => {
  for (const [name, d] of VARIABLE_DOCS) {
    const u = new URL(d.link);
    assert.equal(u.protocol, 'https:', `${name}: ${d.link}`);
    assert.ok(u.hostname === 'go.dev' || u.hostname === 'pkg.go.dev', `${name}: ${d.link}`);
  }
});

test('since, when given, is a Go version after 1.13', () => {
  for (const [name, d] of VARIABLE_DOCS) {
    if (d.since === undefined) continue;
    const m = /^1\.(\d+)$/.exec(d.since);
    assert.ok(m && Number(m[1]) > 13, `${name}: since ${d.since}`);
  }
  assert.equal(doc('GOTOOLCHAIN').since, '1.21');
  assert.equal(doc('GOAUTH').since, '1.24');
});

test('every text of l10n/docs.en.json that names a variable, an entry or a route is one the code shows', () => {
  const texts = JSON.parse(readFileSync(join(__dirname, '..', '..', 'l10n', 'docs.en.json'), 'utf8')) as {
    variables: object;
    misspellings: { summaries: object };
    proxyEntries: object;
    moduleRoutes: object;
  };
  const names = (o: object) => Object.keys(o).sort();
  const documented = [...VARIABLE_DOCS.values()];
  assert.deepEqual(
    names(texts.variables),
    documented
      .filter((d) => d.typoOf === undefined)
      .map((d) => d.name)
      .sort(),
  );
  assert.deepEqual(
    names(texts.misspellings.summaries),
    documented
      .filter((d) => d.typoOf !== undefined)
      .map((d) => d.name)
      .sort(),
  );
  // `stall` is the sentence both fallbacks end with.
  assert.deepEqual(names(texts.proxyEntries), [...Object.keys(ENTRY_TEXT), 'stall'].sort());
  assert.deepEqual(names(texts.moduleRoutes), Object.keys(ROUTE_TEXT).sort());
});

test('COMPLETION_ORDER: documented, real, unique names, GOPROXY first', () => {
  assert.equal(COMPLETION_ORDER[0], 'GOPROXY');
  assert.equal(new Set(COMPLETION_ORDER).size, COMPLETION_ORDER.length, 'duplicates');
  for (const name of COMPLETION_ORDER) {
    const d = variableDoc(name);
    assert.ok(d, `${name} is offered but not documented`);
    assert.equal(d.typoOf, undefined, `${name} is a typo and must not be offered`);
  }
  // Every real variable is offered, except GOTELEMETRY, which the go command does not read from the environment.
  const missing = [...VARIABLE_DOCS.values()].filter((d) => d.typoOf === undefined && !COMPLETION_ORDER.includes(d.name)).map((d) => d.name);
  assert.deepEqual(missing, ['GOTELEMETRY']);
});

test('GOPROXY entry and route texts: both languages, arguments shown', () => {
  const args: Record<'ENTRY_TEXT' | 'ROUTE_TEXT', Record<string, string[]>> = {
    ENTRY_TEXT: {
      proxy: ['https://goproxy.cn'],
      fallbackComma: ['direct'],
      fallbackPipe: ['https://proxy.golang.org'],
      ignored: ['off'],
      refusesCredentials: ['refusing to pass credentials to insecure URL: http://***@127.0.0.1:3000/'],
    },
    ROUTE_TEXT: {
      // viaProxy takes a list the caller has already formatted.
      viaProxy: ['`https://goproxy.cn`, then `direct`'],
      afterNotFound: ['`https://proxy.golang.org`'],
      afterError: ['`direct`'],
      refusedHop: ['`http://***@127.0.0.1:3000`'],
      rejected: ['invalid proxy URL missing scheme: drect'],
      fails: ['refusing to pass credentials to insecure URL: http://***@127.0.0.1:3000/'],
      failsAt: ['`https://goproxy.cn;direct`'],
      leaks: ['`https://proxy.golang.org`'],
      direct: ['*.corp.example.com', 'GONOPROXY'],
      sumdbChecked: ['sum.golang.org'],
      sumdbSkipped: ['git.corp.example.com', 'GOPRIVATE'],
    },
  };
  for (const [group, texts] of [
    ['ENTRY_TEXT', ENTRY_TEXT],
    ['ROUTE_TEXT', ROUTE_TEXT],
  ] as const) {
    for (const [key, t] of Object.entries(texts) as [string, Localized<string[]>][]) {
      const a = args[group][key] ?? [];
      // Too few arguments leave a `{n}` (checkText), too many are dropped (below).
      checkText(`${group}.${key}`, t, a);
      for (const locale of LOCALES) {
        const s = t[locale](...a);
        for (const arg of a) assert.ok(s.includes(arg), `${group}.${key} [${locale}] drops its argument ${arg}: ${s}`);
        if (locale === 'zh-cn') assert.ok(CJK.test(s), `${group}.${key} [zh-cn] has no Chinese: ${s}`);
      }
    }
  }
  assert.ok(ENTRY_TEXT.defaultValue.en().includes('`https://proxy.golang.org,direct`'));
});

// ---- Defaults checked against the real go command ------------------------------------------------------------------

/** `go env -json NAMES…` in a hermetic environment: empty HOME, no user go env file, no GO* variables but `extra`. */
function goEnv(names: string[], extra: Record<string, string> = {}, telemetryOff = true): Record<string, string> {
  if (!existsSync(GO)) {
    assert.fail(
      `The go command is missing at ${GO}: these tests compare the documented defaults with what it prints. Install Go there (the reference is Go 1.26).`,
    );
  }
  const home = mkdtempSync(join(tmpdir(), 'goenv-docs-'));
  // Telemetry off, as `go telemetry off` records it: otherwise go starts a telemetry child that may still be
  // writing under HOME/.config while the directory is removed.
  if (telemetryOff) {
    mkdirSync(join(home, '.config', 'go', 'telemetry'), { recursive: true });
    writeFileSync(join(home, '.config', 'go', 'telemetry', 'mode'), 'off');
  }
  try {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, GOENV: 'off', ...extra };
    const r = spawnSync(GO, ['env', '-json', ...names], { cwd: home, env, encoding: 'utf8', timeout: 60_000 });
    if (r.error) assert.fail(`running ${GO} env failed: ${r.error.message}`);
    assert.equal(r.status, 0, `${GO} env -json ${names.join(' ')} exited ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, string>;
  } finally {
    try {
      rmSync(home, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    } catch (e) {
      // With telemetry on, go's detached telemetry child may still be writing there after go exits: a temporary
      // folder left behind is not what these tests check. With it off, nothing else writes there.
      // eslint-disable-next-line no-unsafe-finally -- a folder that cannot be removed must fail the test, not be hidden
      if (telemetryOff) throw e;
    }
  }
}

function firstLiteral(name: string): { en: string | undefined; zh: string | undefined } {
  const d = doc(name);
  return { en: backticked(d.defaultValue.en())[0], zh: backticked(d.defaultValue['zh-cn']())[0] };
}

function assertDocumentedEmpty(name: string, printed: string): void {
  assert.equal(printed, '', `go env prints ${JSON.stringify(printed)} for ${name}, but we document an empty default`);
  const d = doc(name);
  assert.match(d.defaultValue.en(), /^empty\b/, `${name}: en default should say it is empty`);
  assert.match(d.defaultValue['zh-cn'](), /^空/, `${name}: zh-cn default should say it is empty`);
}

test('documented defaults match `go env` (GOPROXY, GOSUMDB, GOFLAGS, GO111MODULE, GOTOOLCHAIN, …)', () => {
  const printed = goEnv(['GOPROXY', 'GOSUMDB', 'GONOPROXY', 'GONOSUMDB', 'GOPRIVATE', 'GOFLAGS', 'GO111MODULE', 'GOTOOLCHAIN', 'GOAUTH', 'GOINSECURE']);
  for (const name of ['GOPROXY', 'GOSUMDB', 'GOAUTH']) {
    const lit = firstLiteral(name);
    assert.equal(lit.en, printed[name], `${name}: we document ${lit.en}, go prints ${printed[name]}`);
    assert.equal(lit.zh, printed[name], `${name} (zh-cn): we document ${lit.zh}, go prints ${printed[name]}`);
  }
  for (const name of ['GOFLAGS', 'GO111MODULE', 'GOPRIVATE', 'GOINSECURE']) assertDocumentedEmpty(name, printed[name]);
  // GONOPROXY/GONOSUMDB default to GOPRIVATE, which is empty here.
  assert.equal(printed.GONOPROXY, '');
  assert.equal(printed.GONOSUMDB, '');

  // GOTOOLCHAIN comes from $GOROOT/go.env: `auto` upstream, `local` where a packager changed it. We document both,
  // upstream's first; the installed go must print one of them.
  const toolchain = printed.GOTOOLCHAIN;
  assert.ok(toolchain === 'auto' || toolchain === 'local', `go prints GOTOOLCHAIN=${JSON.stringify(toolchain)}, which the doc does not cover`);
  for (const locale of LOCALES) {
    const lits = backticked(doc('GOTOOLCHAIN').defaultValue[locale]());
    assert.equal(lits[0], 'auto', `GOTOOLCHAIN [${locale}]: upstream's default \`auto\` should come first`);
    assert.ok(lits.includes(toolchain), `GOTOOLCHAIN [${locale}]: go prints ${toolchain}, the doc names only ${lits.join(', ')}`);
  }
});

test('an empty GOPROXY/GOSUMDB/GOTOOLCHAIN means the default, as documented', () => {
  const dflt = goEnv(['GOPROXY', 'GOSUMDB', 'GOTOOLCHAIN']);
  const empty = goEnv(['GOPROXY', 'GOSUMDB', 'GOTOOLCHAIN'], { GOPROXY: '', GOSUMDB: '', GOTOOLCHAIN: '' });
  assert.deepEqual(empty, dflt);
  assert.match(doc('GOPROXY').defaultValue.en(), /empty/);
});

test('GONOPROXY and GONOSUMDB default to GOPRIVATE, and an explicit value replaces it', () => {
  const patterns = '*.corp.example.com,github.com/acme';
  const inherited = goEnv(['GONOPROXY', 'GONOSUMDB'], { GOPRIVATE: patterns });
  assert.equal(inherited.GONOPROXY, patterns);
  assert.equal(inherited.GONOSUMDB, patterns);
  for (const name of ['GONOPROXY', 'GONOSUMDB']) {
    for (const locale of LOCALES)
      assert.ok(doc(name).defaultValue[locale]().includes('`GOPRIVATE`'), `${name} [${locale}] should name GOPRIVATE as its default`);
  }
  const replaced = goEnv(['GONOPROXY', 'GONOSUMDB'], { GOPRIVATE: patterns, GONOPROXY: 'none' });
  assert.equal(replaced.GONOPROXY, 'none', 'an explicit GONOPROXY is not merged with GOPRIVATE');
  assert.equal(replaced.GONOSUMDB, patterns);
});

test('GOTELEMETRY is not read from the environment, and defaults to `local`', () => {
  // With go's own default mode (no mode file): the one run that leaves telemetry on.
  const printed = goEnv(['GOTELEMETRY'], { GOTELEMETRY: 'off' }, false);
  assert.equal(printed.GOTELEMETRY, 'local', 'GOTELEMETRY=off in the environment changed go env: update the GOTELEMETRY doc');
  assert.equal(firstLiteral('GOTELEMETRY').en, 'local');
});

test('GOAMD64 defaults to v1 and GOARM to 7 when cross-compiling', () => {
  assert.equal(goEnv(['GOAMD64'], { GOARCH: 'amd64' }).GOAMD64, firstLiteral('GOAMD64').en);
  const hostArch = goEnv(['GOHOSTARCH']).GOHOSTARCH;
  if (hostArch !== 'arm') assert.equal(goEnv(['GOARM'], { GOARCH: 'arm' }).GOARM, firstLiteral('GOARM').en);
});
