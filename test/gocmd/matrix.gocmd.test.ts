// The product against the real go command, environment by environment: Go variables × module sets × proxy
// behaviours. For each case the real go runs `go mod download -json` in a module with the case's go.mod and go.sum
// against loopback proxies (direct fetches and anything non-loopback end at the CONNECT recorder), and the product
// analyses the same build written as a Dockerfile (`FROM golang:1.26`, the variables as ENV, `COPY go.mod go.sum
// ./`, `RUN go mod download`) and hovers each require line of go.mod. Verdicts compared (support/goproxy/matrix.ts):
// - fails: an error finding ⇔ go failed with no request failing on the way (nothing but the files decided). A
//   failure after a refused request (a proxy's 404/500/reset/hang, a direct fetch, a checksum lookup — the
//   loopback database knows no module) is the network's, which the files cannot show; an error finding where go
//   succeeded is always wrong.
// - leaks: a private path requested from a public-mirror stand-in ⇔ a private-module-proxied warning naming it.
//   The loopback proxies are not known mirrors, so the Dockerfile names each by its role: a public stand-in as a
//   known mirror's URL (https://goproxy.cn, …), a company proxy as an unknown https host; credentials keep their
//   place. This changes only where the product thinks requests go, not the order or the fallbacks go follows.
// - sumdb leaks: a private path looked up in the checksum database ⇔ a private-module-sumdb warning.
// - checks off: go verified nothing for the public module while not in go.sum ⇔ a gosumdb-off warning.
// - hovers: the sources go tried for a module are a prefix of the route the hover states; checksum lookup or not
//   as the hover says. GOSUMDB "default" is go's sum.golang.org at a loopback URL (so lookups are attributed per
//   module), written in the Dockerfile as GOSUMDB unset; "custom" likewise with sum.golang.google.cn.
// The loopback checksum database knows no module, so a lookup fails the download: go exits 0 only when nothing
// needed one (GOSUMDB off, GONOSUMDB, go.sum). What go requested before that still shows every route and leak.
// Every disagreement must be listed in KNOWN_LIMITS, whose reasons the README repeats (Known limits).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario, type Behaviour } from '../support/goproxy/scenario';
import { makeGoRoot, removeGoRoot } from '../support/goproxy/runGo';
import { compare, goModOf, goSide, goSumOf, goVars, productSide, type Disagreement, type DisagreementKind, type MatrixCase } from '../support/goproxy/matrix';
import { ENVS, MODULE_SETS, BEHAVIOURS } from '../support/goproxy/matrixCases';

let root: string;
before(async () => (root = await makeGoRoot('gpd-matrix-')));
after(() => removeGoRoot(root));

interface KnownLimit {
  kind: DisagreementKind;
  /** Matches the case id (`env | modules | go.sum | behaviours`). */
  where: RegExp;
  /** Matches the disagreement's detail, when the id alone does not say enough. */
  detail?: RegExp;
  /** Which fix would close it. */
  category: string;
  /** Also written in the README, under "Known limits". */
  reason: string;
}

// Today's disagreements, each with the fix that would close it (category) and why the product differs (reason).
// Every disagreement found when the matrix was built has since been fixed (fallback routes, credentials over http,
// GOFLAGS, GONOSUMDB=*, GOSUMDB read on lookup, the checksum lookup of a proxied private module). A new one must be
// fixed, or listed here with its reason (also written in the README, under Known limits).
const KNOWN_LIMITS: KnownLimit[] = [];

function cases(): MatrixCase[] {
  const out: MatrixCase[] = [];
  let turn = 0;
  for (const env of ENVS) {
    for (const set of MODULE_SETS) {
      if (env.only && !env.only.includes(set.name)) continue;
      for (const behaviours of BEHAVIOURS(env)) {
        // go.sum: none, the public module, or all; rotated so each environment meets more than one.
        const sums = [[], ['example.com/hello'], set.modules];
        const inGoSum = sums[turn++ % 3]!;
        const sumName = inGoSum.length === 0 ? 'no go.sum lines' : inGoSum.length === set.modules.length ? 'all in go.sum' : 'public in go.sum';
        out.push({
          id: `${env.name} | ${set.name} | ${sumName} | ${behaviours.map(show).join(' ')}`,
          env,
          modules: set.modules,
          inGoSum,
          behaviours,
          privatePatterns: set.privatePatterns,
          privateModules: set.privateModules,
        });
      }
    }
  }
  return out;
}

const show = (b: Behaviour) => (typeof b === 'string' ? b : 'requireAuth' in b ? 'auth' : JSON.stringify(b));

interface Row {
  c: MatrixCase;
  disagreements: Disagreement[];
  exit: number | null;
  detail: string;
}

async function runCase(c: MatrixCase): Promise<Row> {
  const r = await runScenario({
    root,
    proxies: c.behaviours,
    vars: goVars(c.env),
    modules: c.modules,
    consumer: { goMod: goModOf(c), goSum: goSumOf(c) },
    timeoutMs: 30_000,
  });
  const go = goSide(c, r);
  const product = productSide(c);
  const disagreements = compare(c, go, product, r.go.code);
  const events = r.events
    .map((e) => (e.kind === 'proxy' ? `${e.label}:${e.module}/${e.file}=${e.outcome}` : e.kind === 'connect' ? `connect:${e.host}` : `lookup:${e.module}`))
    .join(' ');
  return {
    c,
    disagreements,
    exit: r.go.code,
    detail: `go exit ${r.go.code}${r.go.aborted ? ' (killed after a hang)' : ''}; ${events}\n${go.messages.trim()}\nproduct:\n${product.messages}`,
  };
}

async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

test('the product agrees with the real go command across the environment matrix', async () => {
  const all = cases();
  assert.ok(all.length >= 120, `${all.length} environments: the matrix needs at least 120`);
  const rows = await pool(all, 4, runCase);
  const known = (c: MatrixCase, d: Disagreement) => KNOWN_LIMITS.find((k) => k.kind === d.kind && k.where.test(c.id) && (!k.detail || k.detail.test(d.detail)));
  const byKind = new Map<string, { known: number; unknown: number }>();
  const byCategory = new Map<string, number>();
  const unknown: string[] = [];
  const used = new Set<KnownLimit>();
  for (const row of rows) {
    for (const d of row.disagreements) {
      const k = known(row.c, d);
      const e = byKind.get(d.kind) ?? { known: 0, unknown: 0 };
      byKind.set(d.kind, e);
      if (k) (e.known++, used.add(k), byCategory.set(k.category, (byCategory.get(k.category) ?? 0) + 1));
      else (e.unknown++, unknown.push(`${d.kind}${d.module ? ` [${d.module}]` : ''}: ${row.c.id}\n  ${d.detail}\n  ${row.detail.replace(/\n/g, '\n  ')}`));
    }
  }
  const agreeing = rows.filter((r) => r.disagreements.length === 0).length;
  const table = [
    `go-command matrix: ${rows.length} environments, ${agreeing} in full agreement, ${rows.length - agreeing} with disagreements (go exit 0 in ${rows.filter((r) => r.exit === 0).length})`,
    ...[...byKind].sort().map(([k, n]) => `  ${k.padEnd(18)} known ${String(n.known).padStart(3)}  unlisted ${String(n.unknown).padStart(3)}`),
    ...[...byCategory].map(([k, n]) => `  known limit "${k}": ${n}`),
    ...KNOWN_LIMITS.filter((k) => !used.has(k)).map((k) => `  no longer observed: ${k.kind} ${k.where} (${k.category})`),
  ].join('\n');
  console.log(table);
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  for (const k of KNOWN_LIMITS) assert.ok(readme.includes(k.reason), `README "Known limits" must give the reason: ${k.reason}`);
  assert.equal(unknown.length, 0, `disagreements with go not listed in KNOWN_LIMITS:\n${unknown.join('\n\n')}`);
});
