// Our model of the go command (goenv/proxy, patterns, effective) checked against the real go command: each case
// runs `go mod download -x -json` against loopback proxies with chosen behaviours and compares what go did
// with what the model predicts. Direct fetches and sum.golang.org become recorded CONNECTs (hermetic).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoProxy } from '../../server/src/goenv/proxy';
import { matchesPatternList } from '../../server/src/goenv/patterns';
import { resolveGoEnv, routeModule } from '../../server/src/goenv/effective';
import { askedProxy, connectHosts, runScenario, type Behaviour, type ScenarioResult } from '../support/goproxy/scenario';
import { makeGoRoot, removeGoRoot } from '../support/goproxy/runGo';

let root: string;
before(async () => (root = await makeGoRoot('gpd-gocmd-')));
after(() => removeGoRoot(root));

const MOD = 'example.com/hello';
const host = (m: string) => m.split('/')[0]!;
const model = (vars: Record<string, string>) => resolveGoEnv(new Map(Object.entries(vars)));
const show = (r: ScenarioResult) =>
  `go exited ${r.go.code}${r.go.timedOut ? ' (killed by our timeout)' : r.go.aborted ? ' (killed after hanging)' : ''}\n${r.go.stdout}${r.go.stderr}`;

// ---------------------------------------------------------------------------------------------------------------
// 1. GOPROXY lists: which sources go tried for the module's .info, in order.
// Labels: P1… our proxies; `connect:HOST` a non-loopback URL or a direct fetch; `off` the GOPROXY=off error.

type Outcome = 'ok' | 'notFound' | 'error' | 'hang';
const outcomeOf = (b: Behaviour): Outcome =>
  b === 'healthy' || typeof b === 'object' ? 'ok' : b === 'notFound' || b === 'gone' ? 'notFound' : b === 'hang' ? 'hang' : 'error';

/**
 * What the model predicts: routeModule's verdict (GONOPROXY, a rejected GOPROXY value), else parseGoProxy's entries
 * walked with the documented rule: `,` goes on after 404/410 only, `|` after any error; direct and off end the list.
 * A hang is no error: go has no timeout of its own.
 */
function predictSources(r: ScenarioResult, behaviours: readonly Behaviour[]): { tried: string[]; ok: boolean; goMessage?: string } {
  const messages: string[] = []; // errors of entries go accepts but fails on when it uses them
  const route = routeModule(MOD, model(r.vars));
  if (route.error !== undefined) return { tried: [], ok: false, goMessage: route.error };
  if (route.via === 'direct') return { tried: [`connect:${host(MOD)}`], ok: false }; // GONOPROXY, or the list is `direct`
  const tried: string[] = [];
  for (const e of parseGoProxy(model(r.vars).GOPROXY).entries) {
    if (e.kind === 'off') return { tried: [...tried, 'off'], ok: false };
    if (e.kind === 'direct') return { tried: [...tried, `connect:${host(MOD)}`], ok: false, goMessage: messages[0] };
    const label = r.labelOf(e.url);
    const b = label ? behaviours[Number(label.slice(1)) - 1]! : undefined;
    // Not ours: https to a fake host dies at the CONNECT recorder; a missing file:// directory is "not found";
    // a URL without a host fails inside go. Only the CONNECT is observable.
    const file = e.url?.startsWith('file:') ?? false;
    const hostname = /^https?:\/\/(?:[^/@]*@)?([^/:]*)/.exec(e.url ?? '')?.[1] ?? ''; // not WHATWG URL: it invents hosts
    if (e.error?.goMessage) messages.push(e.error.goMessage);
    const outcome: Outcome = b ? outcomeOf(b) : file ? 'notFound' : 'error';
    if (label) tried.push(label);
    else if (hostname) tried.push(`connect:${hostname}`);
    if (outcome === 'ok' || outcome === 'hang') return { tried, ok: outcome === 'ok', goMessage: messages[0] };
    if (outcome === 'error' && e.separatorAfter !== '|') break;
  }
  return { tried, ok: false, goMessage: messages[0] };
}

function observedSources(r: ScenarioResult): string[] {
  // Only the .info phase: go walks the list again for the .mod and the .zip once .info succeeded.
  const firstOther = r.events.findIndex((e) => e.kind === 'proxy' && e.file !== 'v1.0.0.info');
  const lastInfo = r.events
    .slice(0, firstOther < 0 ? undefined : firstOther)
    .map((e) => e.kind === 'proxy')
    .lastIndexOf(true);
  const phase = firstOther < 0 ? r.events : r.events.slice(0, lastInfo + 1);
  const seq = phase.flatMap((e) => (e.kind === 'proxy' && e.file === 'v1.0.0.info' ? [e.label] : e.kind === 'connect' ? [`connect:${e.host}`] : []));
  const tried = seq.filter((s, i) => s !== seq[i - 1]); // a retried request is one attempt
  return /module lookup disabled by GOPROXY=off/.test(r.go.stdout) ? [...tried, 'off'] : tried;
}

interface ListCase {
  goproxy: string;
  behaviours: Behaviour[];
  /** What go's documentation of GOPROXY says go does; the model must agree with go, and go with this. */
  expect: string[];
  vars?: Record<string, string>;
}

const LIST_CASES: ListCase[] = [
  { goproxy: 'P1,P2', behaviours: ['notFound', 'healthy'], expect: ['P1', 'P2'] },
  { goproxy: 'P1,P2', behaviours: ['gone', 'healthy'], expect: ['P1', 'P2'] },
  { goproxy: 'P1,P2', behaviours: ['serverError', 'healthy'], expect: ['P1'] },
  { goproxy: 'P1,P2', behaviours: ['reset', 'healthy'], expect: ['P1'] },
  { goproxy: 'P1,P2', behaviours: ['hang', 'healthy'], expect: ['P1'] },
  { goproxy: 'P1|P2', behaviours: ['serverError', 'healthy'], expect: ['P1', 'P2'] },
  { goproxy: 'P1|P2', behaviours: ['reset', 'healthy'], expect: ['P1', 'P2'] },
  { goproxy: 'P1|P2', behaviours: ['notFound', 'healthy'], expect: ['P1', 'P2'] },
  { goproxy: 'P1|P2', behaviours: ['hang', 'healthy'], expect: ['P1'] },
  { goproxy: 'P1,P2|P3', behaviours: ['notFound', 'serverError', 'healthy'], expect: ['P1', 'P2', 'P3'] },
  { goproxy: 'P1|P2,P3', behaviours: ['serverError', 'serverError', 'healthy'], expect: ['P1', 'P2'] },
  { goproxy: 'P1|P2|P3', behaviours: ['reset', 'gone', 'healthy'], expect: ['P1', 'P2', 'P3'] },
  { goproxy: 'P1,P2,P3', behaviours: ['notFound', 'gone', 'notFound'], expect: ['P1', 'P2', 'P3'] },
  { goproxy: 'P1,,P2', behaviours: ['notFound', 'healthy'], expect: ['P1', 'P2'] },
  { goproxy: ' P1 ,\tP2 | P3 ', behaviours: ['notFound', 'serverError', 'healthy'], expect: ['P1', 'P2', 'P3'] },
  { goproxy: 'P1,direct,P2', behaviours: ['notFound', 'healthy'], expect: ['P1', 'connect:example.com'] },
  { goproxy: 'P1|direct', behaviours: ['serverError'], expect: ['P1', 'connect:example.com'] },
  { goproxy: 'P1,direct', behaviours: ['serverError'], expect: ['P1'] },
  { goproxy: 'P1,off,P2', behaviours: ['notFound', 'healthy'], expect: ['P1', 'off'] },
  { goproxy: 'off', behaviours: [], expect: ['off'] },
  { goproxy: 'off,P1', behaviours: ['healthy'], expect: ['off'] },
  { goproxy: 'direct', behaviours: [], expect: ['connect:example.com'] },
  { goproxy: 'direct,bogus', behaviours: [], expect: ['connect:example.com'] },
  { goproxy: 'P1,bogus', behaviours: ['healthy'], expect: [] },
  { goproxy: 'ftp://mirror.example.com,P1', behaviours: ['healthy'], expect: [] },
  { goproxy: 'P1;direct', behaviours: ['healthy'], expect: [] },
  { goproxy: 'P1 P2', behaviours: ['healthy', 'healthy'], expect: [] },
  { goproxy: ' , ', behaviours: [], expect: [] },
  { goproxy: '', behaviours: [], expect: ['connect:proxy.golang.org'] },
  { goproxy: 'goproxy.cn,P1', behaviours: ['healthy'], expect: ['connect:goproxy.cn'] },
  { goproxy: 'goproxy.cn|P1', behaviours: ['healthy'], expect: ['connect:goproxy.cn', 'P1'] },
  { goproxy: 'https://goproxy.cn;direct', behaviours: [], expect: ['connect:goproxy.cn;direct'] },
  { goproxy: 'file:///nonexistent/goproxy,P1', behaviours: ['healthy'], expect: ['P1'] },
  { goproxy: 'http:///nohost|P1', behaviours: ['healthy'], expect: ['P1'] },
  { goproxy: 'http:///nohost,P1', behaviours: ['healthy'], expect: [] },
  { goproxy: 'off', behaviours: [], expect: ['connect:example.com'], vars: { GOPRIVATE: 'example.com' } },
  { goproxy: 'P1,direct', behaviours: ['healthy'], expect: ['connect:example.com'], vars: { GONOPROXY: 'example.com' } },
  { goproxy: 'P1,bogus', behaviours: ['healthy'], expect: [], vars: { GOPRIVATE: 'example.com' } }, // fails direct ones too
];

describe('GOPROXY list: sources tried, in order', { concurrency: 2 }, () => {
  for (const c of LIST_CASES) {
    const name = `GOPROXY=${JSON.stringify(c.goproxy)} [${c.behaviours.join(' ')}]${c.vars ? ' ' + JSON.stringify(c.vars) : ''}`;
    test(name, async () => {
      const r = await runScenario({ root, proxies: c.behaviours, vars: { GOPROXY: c.goproxy, ...c.vars }, modules: [MOD] });
      const seen = observedSources(r);
      assert.deepEqual(seen, c.expect, `go did not do what its documentation says\n${show(r)}`);
      const predicted = predictSources(r, c.behaviours);
      assert.deepEqual(predicted.tried, seen, `model predicted ${JSON.stringify(predicted)}, go tried ${JSON.stringify(seen)}\n${show(r)}`);
      assert.equal(r.go.code === 0, predicted.ok, `model predicted success=${predicted.ok}\n${show(r)}`);
      const msg = predicted.goMessage;
      if (msg !== undefined)
        assert.ok(
          r.go.stderr.includes(msg) || r.go.stdout.includes(JSON.stringify(msg).slice(1, -1)),
          `go's message differs from the model's ${JSON.stringify(predicted.goMessage)}\n${show(r)}`,
        );
      assert.equal(r.go.aborted, c.behaviours.includes('hang'), 'a hanging proxy hangs go (killed 1 s after the hang)');
      assert.equal(r.go.timedOut, false);
      // routeModule's own summary: the first source go used, and its proxies are the reachable proxy entries.
      const route = routeModule(MOD, model(r.vars));
      const firstVia = seen[0] === 'off' ? 'off' : seen[0] === `connect:${host(MOD)}` ? 'direct' : 'proxy';
      if (route.error === undefined) assert.equal(route.via, firstVia, `routeModule(...).via\n${show(r)}`);
      if (route.via === 'proxy') {
        const entries = parseGoProxy(model(r.vars).GOPROXY).entries.filter((e) => e.reachable);
        assert.deepEqual(
          route.proxies.map((p) => p.url),
          entries.filter((e) => e.kind === 'proxy').map((e) => e.url),
        );
        assert.equal(
          route.fallsBackToDirect,
          entries.some((e) => e.kind === 'direct'),
        );
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// 2. GOPRIVATE / GONOPROXY: did go ask the proxy for the module, or go direct (a CONNECT to its host)?
// GOPROXY is one healthy loopback proxy without `,direct`, so each module takes exactly one of the two ways.

/** [variables, module path, go fetches it directly (as go's documentation of GOPRIVATE and GONOPROXY says)] */
type PatternCase = [Record<string, string>, string, boolean];
const P = (GOPRIVATE: string): Record<string, string> => ({ GOPRIVATE });
const PATTERN_CASES: PatternCase[] = [
  [P('*.corp.example.com'), 'git.corp.example.com/team/lib', true],
  [P('*.corp.example.com'), 'corp.example.com/lib', false],
  [P('*.corp.example.com'), 'a.b.corp.example.com/lib', true], // `*` stops at `/` only, not at `.`
  [P('git.corp.example.com'), 'git.corp.example.com/team/lib', true],
  [P('git.corp.example.com/team/lib'), 'git.corp.example.com/team/lib', true],
  [P('git.corp.example.com/team/lib/sub'), 'git.corp.example.com/team/lib', false], // more elements than the path
  [P('github.com/acme'), 'github.com/acme/x', true],
  [P('github.com/acme'), 'github.com/acmeco/x', false],
  [P('github.com/acme/*'), 'github.com/acme', false],
  [P('github.com/acme/*'), 'github.com/acme/x', true],
  [P('github.com/acme/*'), 'github.com/acme/x/y', true],
  [P('github.com/acme/'), 'github.com/acme/x', true], // trailing slash ignored
  [P('git.corp.example.com/'), 'git.corp.example.com/team/lib', true],
  [P('a.example.com, b.example.com'), 'a.example.com/m', true],
  [P('a.example.com, b.example.com'), 'b.example.com/m', false], // " b.example.com" never matches
  [P('a.example.com ,b.example.com'), 'a.example.com/m', false], // "a.example.com " neither
  [P('https://git.corp.example.com'), 'git.corp.example.com/team/lib', false], // a scheme never matches
  [P('[a-c].example.com'), 'b.example.com/m', true],
  [P('[a-c].example.com'), 'd.example.com/m', false],
  [P('[^a-c].example.com'), 'd.example.com/m', true],
  [P('?.example.com'), 'x.example.com/m', true],
  [P('?.example.com'), 'xy.example.com/m', false],
  [P('[a-.example.com'), 'a.example.com/m', false], // bad glob: ignored
  [P('[a-,x.example.com'), 'x.example.com/m', true], // a bad glob does not spoil the others
  [P('*'), 'any.example.net/m', true],
  [P('*/*'), 'any.example.net/m', true],
  [P('*.example.com/team'), 'x.example.com/team/lib', true],
  [P('*.example.com/team'), 'x.example.com/other/lib', false],
  [P('GitHub.com/acme'), 'github.com/acme/x', false], // case-sensitive
  [P('github.com/Acme'), 'github.com/Acme/Upper', true],
  [P('github.com/acme'), 'github.com/Acme/Upper', false],
  [P(',,git.corp.example.com,'), 'git.corp.example.com/team/lib', true],
  [{ GOPRIVATE: 'git.corp.example.com', GONOPROXY: 'other.example.com' }, 'git.corp.example.com/team/lib', false], // replaces, not merged
  [{ GOPRIVATE: 'git.corp.example.com', GONOPROXY: 'other.example.com' }, 'other.example.com/m', true],
  [{ GOPRIVATE: 'git.corp.example.com', GONOPROXY: '' }, 'git.corp.example.com/team/lib', true], // empty = unset
  [{ GOPRIVATE: '', GONOPROXY: 'git.corp.example.com' }, 'git.corp.example.com/team/lib', true],
  [{ GOPRIVATE: 'git.corp.example.com', GONOSUMDB: 'other.example.com' }, 'git.corp.example.com/team/lib', true], // GONOSUMDB is not GONOPROXY
];

describe('GOPRIVATE/GONOPROXY patterns: proxy or direct', { concurrency: 2 }, () => {
  // One go run per set of variables, downloading all its modules (go fetches them independently).
  const groups = new Map<string, PatternCase[]>();
  for (const c of PATTERN_CASES) groups.set(JSON.stringify(c[0]), [...(groups.get(JSON.stringify(c[0])) ?? []), c]);
  for (const [key, cases] of groups) {
    test(`${key}: ${cases.map((c) => c[1]).join(' ')}`, async () => {
      const vars: Record<string, string> = { GOPROXY: 'P1', ...cases[0]![0] };
      const modules = [...new Set(cases.map((c) => c[1]))];
      const r = await runScenario({ root, proxies: ['healthy'], vars, modules });
      const env = model(r.vars);
      const list = vars.GONOPROXY || vars.GOPRIVATE || '';
      const rows = cases.map(([, m, expectDirect]) => {
        const viaProxy = askedProxy(r.events, m);
        const ok = r.results.get(m) !== undefined && r.results.get(m)?.Error === undefined;
        const go = viaProxy && ok ? 'proxy' : !viaProxy && !ok ? 'direct' : 'unclear';
        return { module: m, reference: expectDirect ? 'direct' : 'proxy', go, matchesPatternList: matchesPatternList(list, m), via: routeModule(m, env).via };
      });
      const directHosts = [...new Set(rows.filter((w) => w.go === 'direct').map((w) => host(w.module)))].sort();
      assert.deepEqual(connectHosts(r.events).sort(), directHosts, `CONNECTs are exactly the direct modules' hosts\n${show(r)}`);
      assert.deepEqual(
        rows.map((w) => w.go),
        rows.map((w) => w.reference),
        `go vs its documentation\n${JSON.stringify(rows, null, 1)}\n${show(r)}`,
      );
      const modelRows = rows.map((w) => ({ ...w, matchesPatternList: w.matchesPatternList ? 'direct' : 'proxy' }));
      assert.deepEqual(
        modelRows.map((w) => [w.module, w.matchesPatternList, w.via]),
        rows.map((w) => [w.module, w.go, w.go]),
        `model vs go (list ${JSON.stringify(list)})\n${JSON.stringify(rows, null, 1)}\n${show(r)}`,
      );
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// 3. GONOSUMDB / GOSUMDB: did go consult the checksum database for the module? Lookups go to a loopback server
// (GOSUMDB='sum.golang.org SUMDB'), to a proxy that relays the database, or become a CONNECT to its host.

/** [variables, module path, go consults the checksum database (as go's documentation of GONOSUMDB and GOSUMDB says)] */
type SumCase = [Record<string, string>, string, boolean];
const S = (v: Record<string, string>): Record<string, string> => ({ GOPROXY: 'P1', GONOPROXY: 'none.invalid', GOSUMDB: 'sum.golang.org SUMDB', ...v });
const SUM_CASES: SumCase[] = [
  [S({}), 'example.com/hello', true],
  [S({ GOPRIVATE: 'git.corp.example.com' }), 'git.corp.example.com/team/lib', false], // GONOSUMDB defaults to GOPRIVATE
  [S({ GOPRIVATE: 'git.corp.example.com' }), 'example.com/hello', true],
  [S({ GOPRIVATE: 'git.corp.example.com', GONOSUMDB: 'example.com' }), 'git.corp.example.com/team/lib', true], // replaced
  [S({ GOPRIVATE: 'git.corp.example.com', GONOSUMDB: 'example.com' }), 'example.com/hello', false],
  [S({ GOPRIVATE: 'git.corp.example.com', GONOSUMDB: '' }), 'git.corp.example.com/team/lib', false], // empty = unset
  [S({ GONOSUMDB: '*.corp.example.com' }), 'git.corp.example.com/team/lib', false],
  [S({ GONOSUMDB: 'example.com, git.corp.example.com' }), 'git.corp.example.com/team/lib', true], // leading space
  [S({ GONOSUMDB: 'example.com, git.corp.example.com' }), 'example.com/hello', false],
  [S({ GONOSUMDB: 'github.com/acme' }), 'github.com/acme/x', false],
  [S({ GONOSUMDB: 'github.com/acme' }), 'github.com/acmeco/x', true],
  [S({ GONOSUMDB: 'https://git.corp.example.com' }), 'git.corp.example.com/team/lib', true],
  [S({ GONOSUMCHECK: 'example.com' }), 'example.com/hello', true], // no such variable
  [S({ GOINSECURE: 'example.com' }), 'example.com/hello', true], // does not disable verification
  [S({ GOSUMDB: 'off' }), 'example.com/hello', false],
  [S({ GOSUMDB: '' }), 'example.com/hello', true], // default sum.golang.org: CONNECT
  [S({ GOSUMDB: 'sum.golang.org' }), 'example.com/hello', true], // relayed by P1 (see below)
  [S({ GOSUMDB: 'sum.golang.google.cn' }), 'example.com/hello', true],
];

describe('GONOSUMDB/GOSUMDB: checksum database consulted or not', { concurrency: 2 }, () => {
  const groups = new Map<string, SumCase[]>();
  for (const c of SUM_CASES) groups.set(JSON.stringify(c[0]), [...(groups.get(JSON.stringify(c[0])) ?? []), c]);
  for (const cases of groups.values()) {
    const changed = Object.entries(cases[0]![0]).filter(([k, v]) => S({})[k] !== v);
    test(`${JSON.stringify(Object.fromEntries(changed))}: ${cases.map((c) => c[1]).join(' ')}`, async () => {
      const vars = cases[0]![0];
      const relay = vars.GOSUMDB === 'sum.golang.org';
      const modules = [...new Set(cases.map((c) => c[1]))];
      const r = await runScenario({ root, proxies: ['healthy'], relaySumdb: relay ? ['sum.golang.org'] : [], vars, modules });
      const env = model(r.vars);
      const dbConnects = connectHosts(r.events).filter((h) => h.startsWith('sum.golang'));
      assert.ok(modules.length === 1 || dbConnects.length === 0, 'a CONNECT cannot be attributed to one of several modules');
      const rows = cases.map(([, m, consults]) => {
        const lookup = r.events.find((e) => e.kind === 'sumdb' && e.module === m);
        const go = lookup || dbConnects.length > 0 ? 'sumdb' : r.vars.GOSUMDB === 'off' ? 'off' : 'nosumdb';
        const reference = consults ? 'sumdb' : r.vars.GOSUMDB === 'off' ? 'off' : 'nosumdb';
        // Where: GOSUMDB's own URL (loopback here), the proxy's /sumdb/ relay, or straight to the database host.
        const where = lookup?.kind === 'sumdb' ? (lookup.via === 'GOSUMDB' ? 'url' : 'relay') : dbConnects[0] ? `connect:${dbConnects[0]}` : '-';
        const route = routeModule(m, env);
        const url = route.sumdb?.url;
        const modelWhere =
          route.checksum !== 'sumdb'
            ? '-'
            : url
              ? url.startsWith('http://127.0.0.1:')
                ? 'url'
                : `connect:${host(url.replace(/^https?:\/\//, ''))}`
              : relay
                ? 'relay'
                : `connect:${route.sumdb?.name}`;
        return { module: m, reference, go, model: route.checksum, where, modelWhere };
      });
      if (relay)
        assert.ok(
          r.events.some((e) => e.kind === 'sumdb' && e.via === 'P1'),
          `lookups went through the relaying proxy\n${show(r)}`,
        );
      assert.deepEqual(
        rows.map((w) => w.go),
        rows.map((w) => w.reference),
        `go vs its documentation\n${JSON.stringify(rows, null, 1)}\n${show(r)}`,
      );
      assert.deepEqual(
        rows.map((w) => [w.module, w.model, w.modelWhere]),
        rows.map((w) => [w.module, w.go, w.where]),
        `model vs go\n${JSON.stringify(rows, null, 1)}\n${show(r)}`,
      );
      for (const w of rows) {
        // Consulting a database that has no record is a verifying error; skipping it lets the download succeed.
        const err = r.results.get(w.module)?.Error ?? '';
        assert.equal(/verifying/.test(err), w.go === 'sumdb', `${w.module}: ${err}`);
      }
    });
  }
});
