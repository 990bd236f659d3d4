// One hermetic run of `go mod download -x -json` against loopback proxies with chosen behaviours, and what
// go did, as ordered events: which proxy it asked, which host it tried to reach directly (CONNECT), which
// checksum database lookups it made.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeModule, type FixtureModule } from './fixtureModules';
import { startGoProxy, type Behaviour, type GoProxy } from './server';
import { startConnectRecorder } from './httpsConnectRecorder';
import { goEnv, runGo, type GoResult } from './runGo';

export interface ScenarioOptions {
  /** Shared temp root (build cache); each scenario gets its own module cache. */
  root: string;
  /** Behaviours of the loopback proxies P1, P2, … */
  proxies: readonly Behaviour[];
  /** Checksum database names the proxies relay (`/sumdb/<name>/supported` → 200). */
  relaySumdb?: readonly string[];
  /** Go variables; `P1`…`P9` are replaced by the proxy URLs, `H1`…`H9` by their host:port, `SUMDB` by the checksum-database server's URL. */
  vars: Readonly<Record<string, string>>;
  /** Module paths to download at v1.0.0; every proxy serves them (so a healthy proxy succeeds). */
  modules: readonly string[];
  timeoutMs?: number;
  /** Once a request hangs, give go this long to try anything else, then kill it (go has no timeout of its own). */
  hangGraceMs?: number;
  /**
   * Run `go mod download -json` (no arguments) in a fresh module with these files instead of downloading
   * `modules` by path: go then loads the module graph as a build does, checking go.sum first.
   */
  consumer?: { goMod: string; goSum: string };
}

export type GoEvent =
  | { kind: 'proxy'; label: string; module?: string; file?: string; outcome?: number | 'hang' | 'reset'; at: number }
  | { kind: 'connect'; host: string; at: number }
  | { kind: 'sumdb'; module?: string; via: string; at: number };

export interface ScenarioResult {
  /** The Go variables as go saw them (placeholders replaced). */
  vars: Record<string, string>;
  go: GoResult;
  /** `go mod download -json` objects by module path. */
  results: Map<string, { Error?: string; Sum?: string }>;
  events: GoEvent[];
  /** `P1`… for a URL on one of our proxies, else undefined. */
  labelOf(url: string | undefined): string | undefined;
}

let seq = 0;

export async function runScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const served: FixtureModule[] = o.modules.map((m) => makeModule(m, 'v1.0.0'));
  const proxies: GoProxy[] = [];
  const recorder = await startConnectRecorder();
  // Records checksum-database lookups made straight to GOSUMDB's URL (it serves no modules: all 404).
  const sumdb = await startGoProxy({ modules: [] });
  try {
    for (const b of o.proxies) proxies.push(await startGoProxy({ modules: served, behaviour: b, sumdb: o.relaySumdb ?? [] }));
    const sub = (v: string) =>
      v
        .replace(/\bP(\d)\b/g, (all, i: string) => proxies[Number(i) - 1]?.url ?? all)
        .replace(/\bH(\d)\b/g, (all, i: string) => (proxies[Number(i) - 1] ? `127.0.0.1:${proxies[Number(i) - 1]!.port}` : all))
        .replace(/\bSUMDB\b/g, sumdb.url);
    const vars = Object.fromEntries(Object.entries(o.vars).map(([k, v]) => [k, sub(v)]));
    const n = ++seq;
    const env = goEnv({
      root: o.root,
      recorderUrl: recorder.url,
      GOPROXY: vars.GOPROXY ?? '',
      GOMODCACHE: join(o.root, `modcache-${process.pid}-${n}`),
      extra: vars,
    });
    let cwd = join(o.root, 'work');
    if (o.consumer) {
      cwd = join(o.root, `consumer-${process.pid}-${n}`);
      await mkdir(cwd, { recursive: true });
      await writeFile(join(cwd, 'go.mod'), o.consumer.goMod);
      await writeFile(join(cwd, 'go.sum'), o.consumer.goSum);
    }
    const args = o.consumer ? ['mod', 'download', '-json'] : ['mod', 'download', '-x', '-json', ...o.modules.map((m) => `${m}@v1.0.0`)];
    const abort = new AbortController();
    let grace: NodeJS.Timeout | undefined;
    const watch = setInterval(() => {
      if (proxies.some((p) => p.requests.some((q) => q.outcome === 'hang'))) {
        clearInterval(watch);
        grace = setTimeout(() => abort.abort(), o.hangGraceMs ?? 1000);
      }
    }, 50);
    const go = await runGo(args, { cwd, env, timeoutMs: o.timeoutMs ?? 30_000, signal: abort.signal }).finally(() => {
      clearInterval(watch);
      clearTimeout(grace);
    });
    const results = new Map<string, { Error?: string }>();
    const text = go.stdout.trim();
    if (text) for (const obj of JSON.parse('[' + text.replace(/\}\s*\{/g, '},{') + ']') as Array<{ Path: string; Error?: string }>) results.set(obj.Path, obj);
    const events: GoEvent[] = [];
    proxies.forEach((p, i) =>
      p.requests.forEach((q) => {
        const lookup = q.file?.match(/^sumdb\/[^/]+\/lookup\/(.+)@/);
        if (lookup) events.push({ kind: 'sumdb', module: lookup[1], via: `P${i + 1}`, at: q.at });
        else if (!q.file?.startsWith('sumdb/'))
          events.push({ kind: 'proxy', label: `P${i + 1}`, module: q.module, file: q.file, outcome: q.outcome, at: q.at });
      }),
    );
    for (const q of sumdb.requests) events.push({ kind: 'sumdb', module: /^\/lookup\/(.+)@/.exec(q.url)?.[1], via: 'GOSUMDB', at: q.at });
    for (const c of recorder.connects) events.push({ kind: 'connect', host: c.host, at: c.at });
    events.sort((a, b) => a.at - b.at);
    const labelOf = (url: string | undefined) => {
      if (!url) return undefined;
      const i = proxies.findIndex((p) => url.replace(/\/+$/, '') === p.url);
      return i >= 0 ? `P${i + 1}` : undefined;
    };
    return { vars, go, results, events, labelOf };
  } finally {
    await Promise.all([recorder.close(), sumdb.close(), ...proxies.map((p) => p.close())]);
  }
}

/** The hosts go tried to reach directly, in order of first attempt. */
export function connectHosts(events: readonly GoEvent[]): string[] {
  return [...new Set(events.flatMap((e) => (e.kind === 'connect' ? [e.host] : [])))];
}

/** Whether go asked any of our proxies for this module. */
export function askedProxy(events: readonly GoEvent[], module: string): boolean {
  return events.some((e) => e.kind === 'proxy' && e.module === module);
}

export type { Behaviour };
