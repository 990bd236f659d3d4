// One environment of the go-command matrix (test/gocmd/matrix.gocmd.test.ts): the Go variables, the module set,
// the proxy behaviours; what the real go command did with them (goSide) and what the product says about the same
// build written as a Dockerfile (productSide), reduced to comparable verdicts.
import { analyzeDockerfile, DOCKERFILE_URI, GOMOD_URI, GOSUM_URI } from '../analysisHarness';
import { AnalysisContext } from '../../../server/src/model/context';
import { DEFAULT_SETTINGS } from '../../../server/src/core/types';
import { hoverAt } from '../../../server/src/services/hover';
import { localize } from '../../../server/src/core/localize';
import { ROUTE_TEXT } from '../../../server/src/goenv/docs/proxyEntries';
import { goSumText, makeModule } from './fixtureModules';
import type { Behaviour, ScenarioResult } from './scenario';

/** A public-mirror stand-in (written as a known mirror in the Dockerfile) or a company proxy (an unknown host). */
export type Role = 'public' | 'company';

export interface MatrixEnv {
  name: string;
  /** Go variables as go gets them: `P1` a proxy URL, `H1` its host:port (for `http://user:pass@H1`). */
  vars: Record<string, string>;
  /** Role of P1, P2, … */
  roles: Role[];
  /**
   * 'default': go looks up a loopback stand-in of sum.golang.org, the Dockerfile leaves GOSUMDB unset; 'custom': a
   * verifier key with a URL (go: the loopback stand-in; the Dockerfile: a public URL).
   */
  sumdb: 'default' | 'off' | 'custom' | { raw: string };
  /** The `go` line of go.mod (default 1.21). */
  goVersion?: string;
}

export interface MatrixCase {
  id: string;
  env: MatrixEnv;
  modules: string[];
  /** Modules whose go.sum lines are in go.sum. */
  inGoSum: string[];
  behaviours: Behaviour[];
  /** Module path patterns the user declares private (goProxyDoctor.privatePatterns). */
  privatePatterns: string[];
  /** Modules the case treats as private (a `.internal` host or a declared pattern). */
  privateModules: string[];
}

/** sum.golang.org's verifier key, as go knows it. */
const SUMDB_KEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const PUBLIC_URLS = ['https://goproxy.cn', 'https://proxy.golang.org', 'https://goproxy.io'];
const COMPANY_URLS = ['https://athens.corp.example.com', 'https://nexus.corp.example.com/repository/go'];

/** The URL the Dockerfile gives each proxy label: public stand-ins become known mirrors, company ones unknown hosts. */
export function mappedUrls(env: MatrixEnv): Map<string, string> {
  const out = new Map<string, string>();
  let pub = 0;
  let co = 0;
  env.roles.forEach((r, i) => out.set(`P${i + 1}`, r === 'public' ? PUBLIC_URLS[pub++]! : COMPANY_URLS[co++]!));
  return out;
}

export function goVars(env: MatrixEnv): Record<string, string> {
  const vars: Record<string, string> = { ...env.vars };
  const s = env.sumdb;
  vars.GOSUMDB = s === 'default' ? 'sum.golang.org SUMDB' : s === 'off' ? 'off' : s === 'custom' ? `${SUMDB_KEY} SUMDB` : s.raw;
  // -modcacherw first: it lets the cache be removed, and leaves go's reading of the rest of GOFLAGS unchanged.
  vars.GOFLAGS = `-modcacherw ${env.vars.GOFLAGS ?? ''}`.trim();
  return vars;
}

/** The Dockerfile's variables: the same values, with the loopback URLs replaced by their mapped URLs. */
export function dockerVars(env: MatrixEnv): Record<string, string> {
  const urls = mappedUrls(env);
  const map = (v: string) =>
    v
      // Credentials keep their scheme: go refuses to send them over http, to loopback too.
      .replace(/http:\/\/([^/@,|\s]*@)?H(\d)\b/g, (_, user: string | undefined, i: string) => urls.get(`P${i}`)!.replace('https://', `http://${user ?? ''}`))
      .replace(/\bP(\d)\b/g, (all, i: string) => urls.get(`P${i}`) ?? all);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env.vars)) out[k] = map(v);
  const s = env.sumdb;
  if (s === 'off') out.GOSUMDB = 'off';
  else if (s === 'custom') out.GOSUMDB = `${SUMDB_KEY} https://sum.golang.google.cn`;
  else if (s !== 'default') out.GOSUMDB = s.raw;
  return out;
}

const quote = (v: string) => (v.includes("'") ? JSON.stringify(v) : `'${v}'`);

export function dockerfileOf(env: MatrixEnv): string {
  const envLines = Object.entries(dockerVars(env)).map(([k, v]) => `ENV ${k}=${quote(v)}\n`);
  return `FROM golang:1.26\n${envLines.join('')}WORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n`;
}

export function goModOf(c: MatrixCase): string {
  return `module example.com/consumer\n\ngo ${c.env.goVersion ?? '1.21'}\n\nrequire (\n${c.modules.map((m) => `\t${m} v1.0.0\n`).join('')})\n`;
}

export function goSumOf(c: MatrixCase): string {
  return goSumText(c.inGoSum.map((m) => makeModule(m, 'v1.0.0')));
}

// ---------------------------------------------------------------------------------------------------------------
// Verdicts

export type Source = string; // a mapped proxy URL, 'direct' or 'off'
export type Checksum = 'checked' | 'not-checked';

export interface Verdicts {
  /** Product: an error finding; go: the build failed with no network failure to blame (the files decided). */
  fails: boolean;
  /** go failed and some request failed on the way (a proxy's answer, a refused direct fetch, a lookup). */
  networkFailure?: boolean;
  /** Private module → mapped URLs of public stand-ins that got (go) or are said to get (product) its path. */
  leaks: Record<string, string[]>;
  /** Product: private modules whose leak the finding makes conditional on the entries before (`whenever … answers 404/410`). */
  conditionalLeaks?: string[];
  /** Private modules looked up in (go) or said to be sent to (product) the public checksum database. */
  sumdbLeaks: string[];
  /** Checksum verification off for a public module not in go.sum (undefined: not observable). */
  checksOff?: boolean;
  /** Per module: the sources in order (product: the hover's route; go: first appearance). */
  routes: Record<string, Source[] | undefined>;
  checksums: Record<string, Checksum | undefined>;
  messages: string;
}

const PUBLIC_MODULE = 'example.com/hello';

export function goSide(c: MatrixCase, r: ScenarioResult): Verdicts {
  const urls = mappedUrls(c.env);
  const host = (m: string) => m.split('/')[0]!;
  const out = r.go.stdout + r.go.stderr;
  const lookups = new Set(r.events.flatMap((e) => (e.kind === 'sumdb' && e.module ? [e.module] : [])));
  const sumdbConnect = r.events.some((e) => e.kind === 'connect' && /^sum\.golang/.test(e.host));
  const networkFailure =
    r.events.some((e) => (e.kind === 'proxy' && e.outcome !== 200) || e.kind === 'connect' || e.kind === 'sumdb') || r.go.aborted || r.go.timedOut;
  const modOk = (m: string) => r.events.some((e) => e.kind === 'proxy' && e.module === m && e.file === 'v1.0.0.mod' && e.outcome === 200);
  const v: Verdicts = {
    fails: r.go.code !== 0 && !networkFailure,
    networkFailure: r.go.code !== 0 && networkFailure,
    leaks: {},
    sumdbLeaks: [],
    routes: {},
    checksums: {},
    messages: out,
  };
  for (const m of c.modules) {
    const seq: Source[] = [];
    for (const e of r.events) {
      const s = e.kind === 'proxy' && e.module === m ? urls.get(e.label)! : e.kind === 'connect' && e.host === host(m) ? 'direct' : undefined;
      if (s !== undefined && !seq.includes(s)) seq.push(s);
    }
    if (seq.length === 0 && out.includes(`${m}@v1.0.0: module lookup disabled by GOPROXY=off`)) seq.push('off');
    v.routes[m] = seq.length ? seq : undefined;
    // Observable once go got the module's go.mod: it then looks it up, or sets out to and fails on GOSUMDB itself.
    const checked = lookups.has(m) || (!c.inGoSum.includes(m) && out.includes(`${m}@v1.0.0: verifying go.mod: invalid GOSUMDB`));
    v.checksums[m] = checked ? 'checked' : modOk(m) ? 'not-checked' : undefined;
    if (c.privateModules.includes(m)) {
      const got = c.env.roles.flatMap((role, i) =>
        role === 'public' && r.events.some((e) => e.kind === 'proxy' && e.label === `P${i + 1}` && e.module === m) ? [urls.get(`P${i + 1}`)!] : [],
      );
      if (got.length) v.leaks[m] = got;
      if (lookups.has(m)) v.sumdbLeaks.push(m);
    }
  }
  if (c.modules.includes(PUBLIC_MODULE) && !c.inGoSum.includes(PUBLIC_MODULE) && modOk(PUBLIC_MODULE)) {
    v.checksOff = v.checksums[PUBLIC_MODULE] === 'not-checked' && !sumdbConnect;
  }
  return v;
}

const CHECKS_OFF_RULES = new Set(['gosumdb-off']);

export function productSide(c: MatrixCase): Verdicts {
  const files = { dockerfile: dockerfileOf(c.env), goMod: goModOf(c), goSum: goSumOf(c) };
  const settings = { ...DEFAULT_SETTINGS, privatePatterns: c.privatePatterns };
  const findings = analyzeDockerfile({ ...files, settings });
  const urls = [...mappedUrls(c.env).values()];
  const publicUrls = new Set(urls.filter((u) => PUBLIC_URLS.includes(u)));
  const v: Verdicts = {
    fails: findings.some((f) => f.severity === 'error'),
    leaks: {},
    sumdbLeaks: [],
    routes: {},
    checksums: {},
    messages: findings.map((f) => `${f.severity} ${f.rule}: ${f.message}`).join('\n'),
  };
  for (const m of c.privateModules) {
    const named = (rule: string) => findings.filter((f) => f.rule === rule && f.message.includes(`\`${m}\``));
    const proxied = named('private-module-proxied').flatMap((f) => [...f.message.matchAll(/`([^`]+)`/g)].map((x) => x[1]!).filter((u) => publicUrls.has(u)));
    if (proxied.length) v.leaks[m] = [...new Set(proxied)];
    if (named('private-module-proxied').some((f) => /\(whenever `/.test(f.message))) (v.conditionalLeaks ??= []).push(m);
    if (named('private-module-sumdb').length || named('private-module-proxied').some((f) => /also looked up in the checksum database/.test(f.message)))
      v.sumdbLeaks.push(m);
  }
  if (c.modules.includes(PUBLIC_MODULE) && !c.inGoSum.includes(PUBLIC_MODULE)) v.checksOff = findings.some((f) => CHECKS_OFF_RULES.has(f.rule));
  // The go.mod hover on each required path.
  const ctx = new AnalysisContext({
    file: { uri: GOMOD_URI, text: files.goMod },
    kind: 'gomod',
    related: { dockerfiles: [{ uri: DOCKERFILE_URI, text: files.dockerfile }], goSum: { uri: GOSUM_URI, text: files.goSum } },
    settings,
    locale: 'en',
  });
  const lines = files.goMod.split('\n');
  for (const m of c.modules) {
    const hover = hoverAt(ctx, { line: lines.findIndex((l) => l === `\t${m} v1.0.0`), character: 2 })?.contents ?? '';
    v.messages += `\nhover ${m}: ${hover.replace(/\n+/g, ' | ')}`;
    const through = /Downloaded through (.*)\.$/m.exec(hover);
    v.routes[m] = through
      ? // An entry the hover marks as never working is one go passes over without a request.
        [...through[1]!.matchAll(/`([^`]+)`( \([^)]*never works\))?/g)].filter((x) => !x[2]).map((x) => x[1]!)
      : hover.includes('Fetched directly')
        ? ['direct']
        : hover.includes(localize('en', ROUTE_TEXT.off))
          ? ['off']
          : undefined;
    v.checksums[m] = hover.includes('verified against the checksum database')
      ? 'checked'
      : hover.includes(localize('en', ROUTE_TEXT.inGoSum)) ||
          hover.includes(localize('en', ROUTE_TEXT.sumdbOff)) ||
          hover.includes('Not looked up in the checksum database')
        ? 'not-checked'
        : undefined;
  }
  return v;
}

export type DisagreementKind =
  | 'false-error'
  | 'missed-error'
  | 'leak-missed'
  | 'leak-false'
  | 'leak-wrong-proxy'
  | 'sumdb-leak-missed'
  | 'sumdb-leak-false'
  | 'checks-off-missed'
  | 'checks-off-false'
  | 'hover-route'
  | 'hover-checksum';

export interface Disagreement {
  kind: DisagreementKind;
  module?: string;
  detail: string;
}

/** Every way the product's verdicts differ from what go did (go is the judge). */
export function compare(c: MatrixCase, go: Verdicts, product: Verdicts, goExit: number | null): Disagreement[] {
  const out: Disagreement[] = [];
  if (product.fails && goExit === 0) out.push({ kind: 'false-error', detail: 'an error finding, but go succeeded' });
  if (go.fails && !product.fails) out.push({ kind: 'missed-error', detail: `go failed with no network failure to blame: ${firstLine(go.messages)}` });
  for (const m of c.privateModules) {
    const g = go.leaks[m] ?? [];
    const p = product.leaks[m] ?? [];
    // When go stops on the files before sending anything, the product's claims about requests are moot.
    if (go.fails) continue;
    // The finding names the first public mirror that gets the path; one reached through a fallback is a claim on a
    // condition (the entries before answer 404/410, or fail before `|`): when go never met it, no leak is no contradiction.
    const conditional = product.conditionalLeaks?.includes(m) ?? false;
    if (g.length && !p.length) out.push({ kind: 'leak-missed', module: m, detail: `go sent ${m} to ${g.join(', ')}` });
    else if (!g.length && p.length && !conditional) out.push({ kind: 'leak-false', module: m, detail: `claimed ${p.join(', ')}; no public stand-in got ${m}` });
    else if (g.length && !p.some((u) => g.includes(u)))
      out.push({ kind: 'leak-wrong-proxy', module: m, detail: `go sent it to ${g.join(', ')}, the finding names ${p.join(', ')}` });
    // A lookup is only observable once go got the module: no lookup of a module it never fetched proves nothing.
    const observable = go.checksums[m] !== undefined;
    const gs = go.sumdbLeaks.includes(m);
    const ps = product.sumdbLeaks.includes(m);
    if (gs && !ps)
      out.push({
        kind: 'sumdb-leak-missed',
        module: m,
        detail: `go looked ${m} up in the checksum database${p.length ? '; private-module-proxied names it' : ''}`,
      });
    else if (!gs && ps && observable) out.push({ kind: 'sumdb-leak-false', module: m, detail: `go fetched ${m} without a lookup` });
  }
  if (go.checksOff !== undefined && product.checksOff !== undefined && go.checksOff !== product.checksOff) {
    out.push({
      kind: go.checksOff ? 'checks-off-missed' : 'checks-off-false',
      detail: go.checksOff ? 'go verified nothing for a public module not in go.sum' : 'go consulted the checksum database',
    });
  }
  for (const m of c.modules) {
    const g = go.routes[m];
    const p = product.routes[m];
    if (g && (!p || g.some((s, i) => p[i] !== s)))
      out.push({ kind: 'hover-route', module: m, detail: `go tried ${g.join(' → ')}; the hover says ${p?.join(' → ') ?? 'nothing'}` });
    const gc = go.checksums[m];
    if (gc && product.checksums[m] !== gc)
      out.push({ kind: 'hover-checksum', module: m, detail: `go: ${gc}; the hover: ${product.checksums[m] ?? 'nothing'}` });
  }
  return out;
}

function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim()
      .slice(0, 200) ?? ''
  );
}
