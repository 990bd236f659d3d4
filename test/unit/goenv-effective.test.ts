// The effective Go environment (goenv/effective): defaults as `go env` computes them, module routing, GOFLAGS.
// test/gocmd/goenv.gocmd.test.ts compares the defaults with the real `go env`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OFFICIAL_IMAGE_DEFAULTS, goflagsList, parseGoFlags, resolveGoEnv, routeModule, type ModuleRoute } from '../../server/src/goenv/effective';
import { GO_VARIABLES } from '../../server/src/goenv/variables';

const env = (vars: Record<string, string> = {}, defaults = OFFICIAL_IMAGE_DEFAULTS) => resolveGoEnv(new Map(Object.entries(vars)), defaults);
const BARE = { GOPATH: '', HOME: '/home/dev' }; // a machine with no image defaults: GOPATH from HOME

test('GO_VARIABLES lists what a Dockerfile sets, once each', () => {
  for (const v of [
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
  ]) {
    assert.ok(GO_VARIABLES.includes(v), v);
  }
  assert.equal(new Set(GO_VARIABLES).size, GO_VARIABLES.length);
  assert.ok(!GO_VARIABLES.includes('GONOSUMCHECK'), 'not a go variable');
});

test('defaults in the official golang images', () => {
  const e = env();
  assert.deepEqual(
    { ...e, explicit: [...e.explicit] },
    {
      GOPROXY: 'https://proxy.golang.org,direct',
      GOPRIVATE: '',
      GONOPROXY: '',
      GONOSUMDB: '',
      GOSUMDB: 'sum.golang.org',
      GOINSECURE: '',
      GOFLAGS: '',
      GO111MODULE: '',
      GOTOOLCHAIN: 'local',
      GOAUTH: 'netrc',
      GOVCS: '',
      GOPATH: '/go',
      GOMODCACHE: '/go/pkg/mod',
      GOCACHE: '/root/.cache/go-build',
      GOWORK: '',
      GOENV: '/root/.config/go/env',
      explicit: [],
    },
  );
});

test('empty means unset: GOPROXY, GOSUMDB, GONOPROXY and GONOSUMDB fall back to their defaults', () => {
  const e = env({ GOPROXY: '', GOSUMDB: '', GOPRIVATE: 'git.corp.example.com', GONOPROXY: '', GONOSUMDB: '' });
  assert.equal(e.GOPROXY, 'https://proxy.golang.org,direct');
  assert.equal(e.GOSUMDB, 'sum.golang.org');
  assert.equal(e.GONOPROXY, 'git.corp.example.com');
  assert.equal(e.GONOSUMDB, 'git.corp.example.com');
  assert.deepEqual([...e.explicit], ['GOPRIVATE']);
  // An explicit value replaces GOPRIVATE, it is not merged.
  const x = env({ GOPRIVATE: 'a.example.com', GONOPROXY: 'b.example.com' });
  assert.deepEqual([x.GONOPROXY, x.GONOSUMDB], ['b.example.com', 'a.example.com']);
  // White space is a value: go does not trim it.
  assert.equal(env({ GOPROXY: ' ' }).GOPROXY, ' ');
});

test('GOPATH, GOMODCACHE, GOCACHE and GOENV follow GOPATH, HOME and XDG_*', () => {
  const pick = (e: ReturnType<typeof env>) => [e.GOPATH, e.GOMODCACHE, e.GOCACHE, e.GOENV];
  assert.deepEqual(pick(env({ GOPATH: '/gopath' })), ['/gopath', '/gopath/pkg/mod', '/root/.cache/go-build', '/root/.config/go/env']);
  assert.deepEqual(pick(env({ GOPATH: '/a/:/b' })), ['/a/:/b', '/a/pkg/mod', '/root/.cache/go-build', '/root/.config/go/env']);
  assert.deepEqual(pick(env({ GOPATH: ':/b' })), [':/b', '', '/root/.cache/go-build', '/root/.config/go/env']);
  assert.deepEqual(pick(env({ HOME: '/home/app/' }, BARE)), ['/home/app/go', '/home/app/go/pkg/mod', '/home/app/.cache/go-build', '/home/app/.config/go/env']);
  assert.deepEqual(pick(env({}, { GOPATH: '', HOME: '' })), ['', '', 'off', '']);
  assert.deepEqual(pick(env({ XDG_CACHE_HOME: '/xdg/', XDG_CONFIG_HOME: '/cfg' })), ['/go', '/go/pkg/mod', '/xdg/go-build', '/cfg/go/env']);
  assert.deepEqual(pick(env({ XDG_CACHE_HOME: 'rel', XDG_CONFIG_HOME: 'rel' })), ['/go', '/go/pkg/mod', 'off', '']);
  assert.deepEqual(
    pick(env({ GOMODCACHE: '/m/../n/', GOCACHE: '/x/../y/', GOENV: 'off' })),
    ['/go', '/m/../n/', '/x/../y/', 'off'],
    'explicit values are kept as written',
  );
  assert.equal(env({ GOCACHE: 'rel' }).GOCACHE, 'off');
  assert.equal(env({ GOCACHE: 'off' }).GOCACHE, 'off');
  assert.equal(env({}, BARE).GOTOOLCHAIN, 'auto', "go's own default, where the image does not set it");
  assert.equal(env({ GOTOOLCHAIN: 'go1.23.4+auto' }).GOTOOLCHAIN, 'go1.23.4+auto');
});

type RouteView = Pick<ModuleRoute, 'via' | 'fallsBackToDirect' | 'checksum' | 'decidedBy' | 'error'> & { proxies: (string | undefined)[]; sumdb?: string };
function route(path: string, vars: Record<string, string>): RouteView {
  const r = routeModule(path, env(vars));
  const view: RouteView = { via: r.via, proxies: r.proxies.map((p) => p.url), fallsBackToDirect: r.fallsBackToDirect, checksum: r.checksum };
  if (r.sumdb) view.sumdb = r.sumdb.name;
  if (r.decidedBy) view.decidedBy = r.decidedBy;
  if (r.error) view.error = r.error;
  return view;
}

test('routeModule: proxies, direct, off', () => {
  const M = 'github.com/google/uuid';
  assert.deepEqual(route(M, {}), { via: 'proxy', proxies: ['https://proxy.golang.org'], fallsBackToDirect: true, checksum: 'sumdb', sumdb: 'sum.golang.org' });
  assert.deepEqual(route(M, { GOPROXY: 'https://goproxy.cn|goproxy.io' }).proxies, ['https://goproxy.cn', 'https://goproxy.io']);
  assert.equal(route(M, { GOPROXY: 'https://goproxy.cn|goproxy.io' }).fallsBackToDirect, false);
  assert.deepEqual(route(M, { GOPROXY: 'https://goproxy.cn,off,direct' }), {
    via: 'proxy',
    proxies: ['https://goproxy.cn'],
    fallsBackToDirect: false,
    checksum: 'sumdb',
    sumdb: 'sum.golang.org',
  });
  assert.deepEqual(route(M, { GOPROXY: 'direct,https://goproxy.cn' }), {
    via: 'direct',
    proxies: [],
    fallsBackToDirect: false,
    checksum: 'sumdb',
    sumdb: 'sum.golang.org',
  });
  assert.deepEqual(route(M, { GOPROXY: 'off' }), { via: 'off', proxies: [], fallsBackToDirect: false, checksum: 'sumdb', sumdb: 'sum.golang.org' });
});

test('routeModule: GONOPROXY (or GOPRIVATE) sends a module direct, even with GOPROXY=off', () => {
  const P = 'git.corp.example.com/team/lib';
  assert.deepEqual(route(P, { GOPRIVATE: '*.corp.example.com' }), {
    via: 'direct',
    proxies: [],
    fallsBackToDirect: false,
    checksum: 'nosumdb',
    decidedBy: { variable: 'GOPRIVATE', pattern: '*.corp.example.com' },
  });
  assert.deepEqual(route(P, { GONOPROXY: 'git.corp.example.com/' }), {
    via: 'direct',
    proxies: [],
    fallsBackToDirect: false,
    checksum: 'sumdb',
    sumdb: 'sum.golang.org',
    decidedBy: { variable: 'GONOPROXY', pattern: 'git.corp.example.com' },
  });
  // go puts its "noproxy" entry before the list when GONOPROXY is set: off does not stop matching modules.
  assert.equal(route(P, { GOPROXY: 'off', GOPRIVATE: 'git.corp.example.com' }).via, 'direct');
  assert.equal(route('github.com/google/uuid', { GOPROXY: 'off', GOPRIVATE: 'git.corp.example.com' }).via, 'off');
  assert.equal(route(P, { GOPRIVATE: 'git.corp.example.com', GONOPROXY: 'other.example.com' }).via, 'proxy', 'an explicit GONOPROXY replaces GOPRIVATE');
  assert.equal(route(P, { GOPRIVATE: 'git.corp.example.com', GONOPROXY: '' }).via, 'direct', 'an empty GONOPROXY is unset');
  assert.equal(route(P, { GOPRIVATE: ' git.corp.example.com' }).via, 'proxy', 'white space is not trimmed');
});

test('routeModule: checksum database, GONOSUMDB, GOSUMDB=off, the toolchain module', () => {
  const P = 'git.corp.example.com/team/lib';
  assert.deepEqual(route(P, { GONOSUMDB: 'git.corp.example.com' }), {
    via: 'proxy',
    proxies: ['https://proxy.golang.org'],
    fallsBackToDirect: true,
    checksum: 'nosumdb',
    decidedBy: { variable: 'GONOSUMDB', pattern: 'git.corp.example.com' },
  });
  assert.equal(route(P, { GOSUMDB: 'off' }).checksum, 'off');
  assert.equal(route(P, { GOSUMDB: 'sum.golang.google.cn' }).sumdb, 'sum.golang.org');
  // Toolchains are always verified, whatever GOSUMDB/GONOSUMDB say, except from a lone file:// proxy.
  assert.equal(route('golang.org/toolchain', { GOSUMDB: 'off', GONOSUMDB: '*' }).checksum, 'sumdb');
  assert.equal(route('golang.org/toolchain', { GOSUMDB: 'off', GOPROXY: 'file:///srv/dist' }).checksum, 'off');
});

test('routeModule: a GOPROXY value go refuses fails every download, direct ones included', () => {
  assert.equal(route('x.example.com/m', { GOPROXY: 'https://goproxy.cn,drect' }).error, 'invalid proxy URL missing scheme: drect');
  assert.equal(route('x.example.com/m', { GOPROXY: ',', GOPRIVATE: '*' }).error, 'GOPROXY list is not the empty string, but contains no entries');
  assert.equal(route('x.example.com/m', { GOPROXY: ',' }).via, 'off');
  assert.equal(route('x.example.com/m', { GOPROXY: 'https://goproxy.cn;direct' }).error, undefined, 'accepted by go; fails at the first request');
  assert.equal(route('x.example.com/m', { GOPROXY: 'direct,drect' }).error, undefined, 'never looked at');
});

test('GOFLAGS: words with offsets, quotes, and go parse errors', () => {
  assert.deepEqual(goflagsList('-mod=mod -insecure'), [
    { flag: '-mod', value: 'mod', start: 0, end: 8 },
    { flag: '-insecure', start: 9, end: 18 },
  ]);
  assert.deepEqual(goflagsList('  --insecure\t"-ldflags=-s -w"  '), [
    { flag: '--insecure', start: 2, end: 12 },
    { flag: '-ldflags', value: '-s -w', start: 13, end: 29 },
  ]);
  assert.deepEqual(parseGoFlags(''), { flags: [] });
  const cases: [string, string][] = [
    ['bogus', 'go: parsing $GOFLAGS: non-flag "bogus"'],
    ['-mod=mod bogus -x', 'go: parsing $GOFLAGS: non-flag "bogus"'],
    ["'-x", "go: parsing $GOFLAGS: unterminated ' string"],
    ['"-x', 'go: parsing $GOFLAGS: unterminated " string'],
    ['---x', 'go: parsing $GOFLAGS: non-flag "---x"'],
    ['-', 'go: parsing $GOFLAGS: non-flag "-"'],
    ['--', 'go: parsing $GOFLAGS: non-flag "--"'],
    ['-=x', 'go: parsing $GOFLAGS: non-flag "-=x"'],
    ['--=x', 'go: parsing $GOFLAGS: non-flag "--=x"'],
    ["''", 'go: parsing $GOFLAGS: non-flag ""'],
  ];
  for (const [v, e] of cases) assert.equal(parseGoFlags(v).error, e, v);
  // Every word is listed, so fixes can rebuild the value.
  const words = goflagsList('-insecure bogus "-x');
  assert.deepEqual(
    words.map((w) => '-insecure bogus "-x'.slice(w.start, w.end)),
    ['-insecure', 'bogus', '"-x'],
  );
  // A quote only counts at the start of a word.
  assert.deepEqual(
    goflagsList('-ldflags="-s -w"').map((w) => w.flag),
    ['-ldflags', '-w"'],
  );
  assert.deepEqual(
    goflagsList("'-a'-b").map((w) => [w.flag, w.start, w.end]),
    [
      ['-a', 0, 4],
      ['-b', 4, 6],
    ],
  );
});
