// Which proxy of a GOPROXY list the real go command sends a module path to, in order, compared with our route
// model (routeModule's hops) and with the findings built on it: fallbacks after `,` and `|`, credentials over
// plain http (refused by go for every host), and a proxy that accepts the request and never answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { goEnv, makeGoRoot, removeGoRoot, runGo, type GoResult } from '../support/goproxy/runGo';
import { startGoProxy, type Behaviour, type GoProxy } from '../support/goproxy/server';
import { makeModule } from '../support/goproxy/fixtureModules';
import { startConnectRecorder } from '../support/goproxy/httpsConnectRecorder';
import { resolveGoEnv, routeModule, type ModuleRoute } from '../../server/src/goenv/effective';
import { publicReceiver } from '../../server/src/model/privateRouting';
import { redactCredentials } from '../../server/src/core/redact';
import { localize } from '../../server/src/core/localize';
import { ENTRY_TEXT } from '../../server/src/goenv/docs/proxyEntries';
import { analyzeDockerfile, only } from '../support/analysisHarness';
import { routeViews } from '../support/routeViews';

const MOD = 'example.com/hello';
let root: string;
let n = 0;
before(async () => (root = await makeGoRoot('gpd-gocmd-routes-')));
after(() => removeGoRoot(root));

interface Run {
  goproxy: string;
  go: GoResult;
  /** Labels (P1…) of the proxies that received a request for MOD, in order of their first one. */
  received: string[];
  /** go's error for MOD (`go mod download -json`). */
  error: string;
  urls: string[];
}

/**
 * Starts one loopback proxy per behaviour, builds GOPROXY from their host:port (so that a test can put user info
 * in front), runs `go mod download -json MOD@v1.0.0`, and kills go once a request has hung for `hangGraceMs`.
 */
async function run(
  behaviours: readonly Behaviour[],
  goproxy: (hostports: string[]) => string,
  extra: Record<string, string> = {},
  hangGraceMs = 1500,
): Promise<Run> {
  const proxies: GoProxy[] = [];
  const recorder = await startConnectRecorder();
  try {
    for (const b of behaviours) proxies.push(await startGoProxy({ modules: [makeModule(MOD, 'v1.0.0')], behaviour: b }));
    const value = goproxy(proxies.map((p) => p.url.replace(/^http:\/\//, '')));
    const env = goEnv({ root, recorderUrl: recorder.url, GOPROXY: value, GOMODCACHE: join(root, `modcache-${++n}`), extra });
    const abort = new AbortController();
    let grace: NodeJS.Timeout | undefined;
    const watch = setInterval(() => {
      if (proxies.some((p) => p.requests.some((q) => q.outcome === 'hang'))) {
        clearInterval(watch);
        grace = setTimeout(() => abort.abort(), hangGraceMs);
      }
    }, 50);
    const go = await runGo(['mod', 'download', '-json', `${MOD}@v1.0.0`], { cwd: join(root, 'work'), env, timeoutMs: 60_000, signal: abort.signal }).finally(
      () => {
        clearInterval(watch);
        clearTimeout(grace);
      },
    );
    const firsts = proxies.map((p, i) => ({ label: `P${i + 1}`, at: p.requests.find((q) => q.module === MOD)?.at })).filter((x) => x.at !== undefined);
    const received = firsts.sort((a, b) => a.at! - b.at!).map((x) => x.label);
    let error = '';
    try {
      error = (JSON.parse(go.stdout) as { Error?: string }).Error ?? '';
    } catch {
      error = go.stderr;
    }
    return { goproxy: value, go, received, error, urls: proxies.map((p) => p.url) };
  } finally {
    await Promise.all([recorder.close(), ...proxies.map((p) => p.close())]);
  }
}

const show = (r: Run) => `GOPROXY=${r.goproxy}\ngo exited ${r.go.code}${r.go.aborted ? ' (killed after hanging)' : ''}\n${r.go.stdout}${r.go.stderr}`;

const routeOf = (r: Run, extra: Record<string, string> = {}) => routeModule(MOD, resolveGoEnv(new Map(Object.entries({ GOPROXY: r.goproxy, ...extra }))));
const labelOf = (r: Run, url: string | undefined) => {
  const i = r.urls.findIndex((u) => url !== undefined && url.replace(/^http:\/\/[^@/]*@/, 'http://').replace(/\/+$/, '') === u);
  return i < 0 ? undefined : `P${i + 1}`;
};

/**
 * The proxies the model says receive MOD, in order, when each proxy answers with its behaviour: routeModule's hops
 * walked as go walks them. An entry that always fails sends nothing and is no 404/410; a hang is no error.
 */
function predictReceived(r: Run, route: ModuleRoute, behaviours: readonly Behaviour[]): string[] {
  const got: string[] = [];
  for (const hop of route.hops) {
    if (hop.entry.kind !== 'proxy') break;
    let outcome: 'ok' | 'notFound' | 'error' | 'hang' = 'error';
    if (!hop.alwaysFails) {
      const label = labelOf(r, hop.entry.url);
      assert.ok(label, `${hop.entry.url} is one of our proxies`);
      got.push(label);
      const b = behaviours[Number(label.slice(1)) - 1]!;
      outcome = b === 'healthy' ? 'ok' : b === 'notFound' || b === 'gone' ? 'notFound' : b === 'hang' ? 'hang' : 'error';
    }
    if (outcome === 'ok' || outcome === 'hang' || (outcome === 'error' && hop.entry.separatorAfter !== '|')) break;
  }
  return got;
}

// ---------------------------------------------------------------------------------------------------------------
// 1. A path reaches every entry the list lets go get to: after `,` on 404/410, after `|` on any error.

interface FallbackCase {
  behaviours: Behaviour[];
  goproxy: (h: string[]) => string;
  /** What go does, as its documentation describes GOPROXY's `,` and `|`: the proxies that receive the module path, in order. */
  expect: string[];
  /** The model's claim: P2 (the "public mirror" of the case) can receive the path at all. */
  p2CanReceive: boolean;
}

const FALLBACKS: FallbackCase[] = [
  { behaviours: ['notFound', 'healthy'], goproxy: (h) => `http://${h[0]},http://${h[1]}`, expect: ['P1', 'P2'], p2CanReceive: true },
  { behaviours: ['gone', 'healthy'], goproxy: (h) => `http://${h[0]},http://${h[1]}`, expect: ['P1', 'P2'], p2CanReceive: true },
  { behaviours: ['serverError', 'healthy'], goproxy: (h) => `http://${h[0]},http://${h[1]}`, expect: ['P1'], p2CanReceive: true },
  { behaviours: ['serverError', 'healthy'], goproxy: (h) => `http://${h[0]}|http://${h[1]}`, expect: ['P1', 'P2'], p2CanReceive: true },
  { behaviours: ['reset', 'healthy'], goproxy: (h) => `http://${h[0]}|http://${h[1]}`, expect: ['P1', 'P2'], p2CanReceive: true },
  { behaviours: ['notFound', 'healthy'], goproxy: (h) => `http://${h[0]}|http://${h[1]}`, expect: ['P1', 'P2'], p2CanReceive: true },
  {
    behaviours: ['notFound', 'healthy', 'serverError'],
    goproxy: (h) => `http://${h[0]},http://${h[2]}|http://${h[1]}`,
    expect: ['P1', 'P3', 'P2'],
    p2CanReceive: true,
  },
  { behaviours: ['healthy', 'healthy'], goproxy: (h) => `http://${h[0]},http://${h[1]}`, expect: ['P1'], p2CanReceive: true },
  // An entry go refuses before sending (credentials over http) is no 404: `,` never moves past it, `|` does.
  { behaviours: ['healthy', 'healthy'], goproxy: (h) => `http://ci:tok@${h[0]},http://${h[1]}`, expect: [], p2CanReceive: false },
  { behaviours: ['healthy', 'healthy'], goproxy: (h) => `http://ci:tok@${h[0]}|http://${h[1]}`, expect: ['P2'], p2CanReceive: true },
];

describe('fallbacks: which proxies receive the module path, in order', { concurrency: 2 }, () => {
  for (const c of FALLBACKS) {
    test(`${c.goproxy(['P1', 'P2', 'P3'])} [${c.behaviours.join(' ')}]`, async () => {
      const r = await run(c.behaviours, c.goproxy);
      assert.deepEqual(r.received, c.expect, `go did not do what the reference says\n${show(r)}`);
      const route = routeOf(r);
      assert.deepEqual(predictReceived(r, route, c.behaviours), r.received, `model vs go\n${show(r)}`);
      // The leak check of private-module-proxied, with P2 standing for the public mirror: it finds P2 whenever go
      // can send the path there, and the P1 credentials case shows where it cannot.
      const receiver = publicReceiver(route, (url) => labelOf(r, url) === 'P2');
      assert.equal(receiver !== undefined, c.p2CanReceive, `publicReceiver: ${JSON.stringify(receiver?.entry.url)}`);
      if (r.received.includes('P2')) assert.ok(receiver, 'go sent the path to P2: the model must see it');
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// 2. Credentials over http: refused for every host, before anything is sent, whatever GOINSECURE says.

describe('credentials over http', { concurrency: 2 }, () => {
  const cases: {
    name: string;
    behaviours: Behaviour[];
    goproxy: (h: string[]) => string;
    extra?: Record<string, string>;
    ok: boolean;
    received: string[];
    severity: 'error' | 'warning';
  }[] = [
    { name: 'alone: the build fails', behaviours: ['healthy'], goproxy: (h) => `http://ci:tok@${h[0]}`, ok: false, received: [], severity: 'error' },
    {
      name: 'GOINSECURE changes nothing',
      behaviours: ['healthy'],
      goproxy: (h) => `http://ci:tok@${h[0]}`,
      extra: { GOINSECURE: '*' },
      ok: false,
      received: [],
      severity: 'error',
    },
    {
      name: 'a user without password, a base path, `,` after it',
      behaviours: ['healthy', 'healthy'],
      goproxy: (h) => `http://ci@${h[0]}/base,http://${h[1]}`,
      ok: false,
      received: [],
      severity: 'error',
    },
    {
      name: 'empty user info `@` counts too; `|` moves on',
      behaviours: ['healthy', 'healthy'],
      goproxy: (h) => `http://@${h[0]}|http://${h[1]}`,
      ok: true,
      received: ['P2'],
      severity: 'warning',
    },
    {
      name: 'after a `,`: reached on 404/410 only, then fails',
      behaviours: ['notFound', 'healthy'],
      goproxy: (h) => `http://${h[0]},http://ci:tok@${h[1]}`,
      ok: false,
      received: ['P1'],
      severity: 'warning',
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const r = await run(c.behaviours, c.goproxy, c.extra);
      assert.equal(r.go.code === 0, c.ok, show(r));
      assert.deepEqual(r.received, c.received, `go sent nothing through the entry with credentials\n${show(r)}`);
      const route = routeOf(r, c.extra);
      assert.deepEqual(predictReceived(r, route, c.behaviours), r.received);
      const refusing = route.hops.find((h) => h.entry.refusesCredentials !== undefined)!;
      assert.ok(refusing?.alwaysFails, 'the model has the entry always failing');
      if (!c.ok) assert.ok(r.error.includes(refusing.entry.refusesCredentials!), `go's words: ${r.error}\nmodel: ${refusing.entry.refusesCredentials}`);
      // Failing for every module the proxies serve (no entry can serve) is what makes it an error.
      assert.equal(route.failure !== undefined, c.severity === 'error');
      const value = r.goproxy;
      const dockerfile = [
        'FROM golang:1.22',
        `ENV GOPROXY=${value}${c.extra?.GOINSECURE ? ` GOINSECURE=${c.extra.GOINSECURE}` : ''}`,
        'RUN go mod download',
        '',
      ].join('\n');
      const [finding, ...more] = only(analyzeDockerfile({ dockerfile }), 'goproxy-credentials-http');
      assert.equal(more.length, 0);
      assert.equal(finding?.severity, c.severity, finding?.message);
      // The finding quotes go's message, redacted: the user and the password are gone.
      if (!c.ok)
        assert.ok(
          finding!.message.includes(redactCredentials(r.error.slice(r.error.indexOf('refusing'), r.error.indexOf(MOD, r.error.indexOf('refusing'))))),
          `${finding!.message}\n${r.error}`,
        );
      assert.ok(!finding!.message.includes('tok') && !/\bci\b/.test(finding!.message), finding!.message);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// 3. A proxy that accepts the request and never answers: go waits (it has no response timeout), `|` or not.

test('`|` after a proxy that never answers: go stalls and never asks the next entry', async () => {
  const r = await run(['hang', 'healthy'], (h) => `http://${h[0]}|http://${h[1]}`, {}, 3000);
  assert.equal(r.go.aborted, true, `our guard killed go 3 s after the hang\n${show(r)}`);
  assert.deepEqual(r.received, ['P1'], 'go never reached P2');
  // The hover does not promise that `|` moves on after a timeout.
  for (const locale of ['en', 'zh-cn'] as const) {
    // The errors it lists are the first sentence: no timeout among them.
    const listed = localize(locale, ENTRY_TEXT.fallbackPipe, 'P2').split(/\. |。/)[0]!;
    assert.ok(!/timeout|超时/.test(listed), listed);
  }
  assert.match(localize('en', ENTRY_TEXT.fallbackPipe, 'P2'), /never answers stalls the go command: it has no response timeout/);
});

// ---------------------------------------------------------------------------------------------------------------
// 4. The route hover says what go does: the first source it names is the first go asks; a failure it names is
// the one go reports.

describe('the route hover against go', { concurrency: 2 }, () => {
  const cases: { behaviours: Behaviour[]; goproxy: (h: string[]) => string }[] = [
    { behaviours: ['notFound', 'healthy'], goproxy: (h) => `http://${h[0]},http://${h[1]},direct` },
    { behaviours: ['healthy'], goproxy: (h) => `http://${h[0]},drect` },
    { behaviours: ['healthy', 'healthy'], goproxy: (h) => `http://ci:tok@${h[0]}|http://${h[1]}` },
    { behaviours: ['healthy'], goproxy: (h) => `http://ci:tok@${h[0]},direct` },
    { behaviours: ['healthy'], goproxy: () => 'off' },
  ];
  for (const c of cases) {
    test(c.goproxy(['P1', 'P2']), async () => {
      const r = await run(c.behaviours, c.goproxy);
      const hover = routeViews(r.goproxy, [MOD]).moduleHovers.get(MOD)!;
      const quoted = [...hover.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      if (/Not downloaded|Not downloadable/.test(hover)) {
        assert.notEqual(r.go.code, 0, `the hover says the download fails\n${hover}\n${show(r)}`);
        const goWords = redactCredentials(r.error + r.go.stderr);
        assert.ok(
          quoted.some((q) => goWords.includes(q.replace(/…$/, ''))),
          `the hover quotes go's words\n${hover}\n${goWords}`,
        );
      } else {
        const firstNamed = quoted.find((q) => q.startsWith('http'))!;
        const firstReceived = r.received[0];
        const hoverFirst = /never works/.test(hover) ? quoted.filter((q) => q.startsWith('http'))[1] : firstNamed;
        assert.equal(labelOf(r, hoverFirst), firstReceived, `the first source the hover names is the one go asked\n${hover}\n${show(r)}`);
      }
    });
  }
});
