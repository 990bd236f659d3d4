// GOPROXY shapes with a bad entry, run through the real go command and through our analysis. For each shape go runs
// `go mod download` of one module that the loopback proxies P1/P2 serve; we record its exit status, its error and
// which sources it contacted (our proxies by label, any other host as the CONNECT it made to the recorder, which
// drops it). The same value in `ENV GOPROXY=…` of a Dockerfile whose go.mod requires that module gives our
// goproxy-invalid findings: their severity must match what go did, and where go rejects the value as a whole, the
// finding quotes go's message exactly.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario, type ScenarioResult } from '../support/goproxy/scenario';
import { makeGoRoot, removeGoRoot } from '../support/goproxy/runGo';
import { analyzeDockerfile, only } from '../support/analysisHarness';
import type { Finding } from '../../server/src/core/types';

let root: string;
before(async () => (root = await makeGoRoot('gpd-gocmd-entries-')));
after(() => removeGoRoot(root));

const MOD = 'example.com/hello';
const GOMOD = `module example.com/app\n\ngo 1.22\n\nrequire ${MOD} v1.0.0\n`;

interface Case {
  /** P1, P2 are healthy loopback proxies (`http://127.0.0.1:PORT`). */
  shape: string;
  /** What go does: exit 0, and the sources it contacted in order (P1…, or connect:HOST). */
  ok: boolean;
  contacted: string[];
  /** Our goproxy-invalid finding: its severity, or null for none. */
  finding: 'error' | 'warning' | null;
  /** go rejected the whole value: the finding quotes go's message. */
  quotesGo?: boolean;
}

const CASES: Case[] = [
  // `;` in the host name: go accepts the value, and the lookup fails. `|` goes on; `,` does not.
  { shape: 'https://goproxy.cn;direct', ok: false, contacted: ['connect:goproxy.cn;direct'], finding: 'error' },
  { shape: 'https://goproxy.cn;direct|P1', ok: true, contacted: ['connect:goproxy.cn;direct', 'P1'], finding: 'warning' },
  { shape: 'https://goproxy.cn;direct,P1', ok: false, contacted: ['connect:goproxy.cn;direct'], finding: 'error' },
  { shape: 'goproxy.cn;direct|P1', ok: true, contacted: ['connect:goproxy.cn;direct', 'P1'], finding: 'warning' },
  { shape: 'https://goproxy.cn;direct|off', ok: false, contacted: ['connect:goproxy.cn;direct'], finding: 'error' },
  { shape: 'P1|https://goproxy.cn;direct', ok: true, contacted: ['P1'], finding: 'warning' },
  { shape: 'P1,https://goproxy.cn;direct', ok: true, contacted: ['P1'], finding: 'warning' },
  // `;` after host:port: url.Parse fails, go rejects the whole value before any request, `|` or not.
  { shape: 'P1;direct', ok: false, contacted: [], finding: 'error', quotesGo: true },
  { shape: 'P1;direct|P2', ok: false, contacted: [], finding: 'error', quotesGo: true },
  // No host: the HTTP client fails inside go.
  { shape: 'http:///mirror', ok: false, contacted: [], finding: 'error' },
  { shape: 'http:///mirror|P1', ok: true, contacted: ['P1'], finding: 'warning' },
  { shape: 'http:///mirror,P1', ok: false, contacted: [], finding: 'error' },
  { shape: 'P1|http:///mirror', ok: true, contacted: ['P1'], finding: 'warning' },
  { shape: 'https://goproxy.cn;direct|http:///mirror|P1', ok: true, contacted: ['connect:goproxy.cn;direct', 'P1'], finding: 'warning' },
  // White space.
  { shape: 'goproxy.cn direct', ok: false, contacted: [], finding: 'error', quotesGo: true },
  { shape: 'P1 direct', ok: false, contacted: [], finding: 'error', quotesGo: true },
  { shape: 'P1/ direct|P2', ok: true, contacted: ['P1', 'P2'], finding: 'warning' }, // a path the server decides on
  { shape: ' P1 , P2 ', ok: true, contacted: ['P1'], finding: null },
  // Words go does not know, in any case.
  { shape: 'DIRECT', ok: false, contacted: [], finding: 'error', quotesGo: true },
  { shape: 'Off', ok: false, contacted: [], finding: 'error', quotesGo: true },
  { shape: 'P1,Direct', ok: false, contacted: [], finding: 'error', quotesGo: true },
  // Trailing and leading separators are skipped.
  { shape: 'P1,', ok: true, contacted: ['P1'], finding: null },
  { shape: 'P1|', ok: true, contacted: ['P1'], finding: null },
  { shape: '|P1', ok: true, contacted: ['P1'], finding: null },
  // Unsupported schemes: rejected as a whole.
  { shape: 'ftp://mirror.example.com|P1', ok: false, contacted: [], finding: 'error', quotesGo: true },
  { shape: 'P1|socks5://127.0.0.1:1080', ok: false, contacted: [], finding: 'error', quotesGo: true },
  // IPv6 hosts.
  { shape: 'http://[::1]:1|P1', ok: true, contacted: ['P1'], finding: null }, // a closed loopback port: nothing in the file says so
  { shape: 'http://[::1|P1', ok: false, contacted: [], finding: 'error', quotesGo: true },
  { shape: 'http://[fe80::1%eth0]:3000|P1', ok: false, contacted: [], finding: 'error', quotesGo: true },
];

/** Our proxies by label, other hosts as `connect:HOST`, in order of first contact. */
function contacted(r: ScenarioResult): string[] {
  const seq = r.events.flatMap((e) => (e.kind === 'proxy' ? [e.label] : e.kind === 'connect' ? [`connect:${e.host.replace(/:443$/, '')}`] : []));
  return [...new Set(seq)];
}

/** go's error for the module, without the `module@version: ` prefix. */
function goError(r: ScenarioResult): string {
  const text = r.results.get(MOD)?.Error ?? r.go.stderr.trim();
  return text.replace(/^go: /, '').replace(`${MOD}@v1.0.0: `, '');
}

function ourFindings(value: string): Finding[] {
  const dockerfile = `FROM golang:1.26\nENV GOPROXY="${value}"\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n`;
  return only(analyzeDockerfile({ dockerfile, goMod: GOMOD }), 'goproxy-invalid');
}

describe('GOPROXY entries: what go does with a bad entry, and what we say', { concurrency: 4 }, () => {
  for (const c of CASES) {
    test(`GOPROXY=${JSON.stringify(c.shape)}`, async () => {
      const r = await runScenario({ root, proxies: ['healthy', 'healthy'], vars: { GOPROXY: c.shape }, modules: [MOD] });
      const shown = `go exited ${r.go.code}\n${r.go.stdout}${r.go.stderr}`;
      // What go did (the table records it).
      assert.equal(r.go.code === 0, c.ok, shown);
      assert.deepEqual(contacted(r), c.contacted, shown);
      // What we say about the same value.
      const findings = ourFindings(r.vars.GOPROXY!);
      const worst = findings.some((f) => f.severity === 'error') ? 'error' : findings.length ? findings[0]!.severity : null;
      assert.equal(worst, c.finding, findings.map((f) => `${f.severity}: ${f.message}`).join('\n') || 'no finding');
      // Never an error where go succeeded; every error is a failed go.
      if (c.ok) assert.ok(findings.every((f) => f.severity !== 'error'));
      if (c.quotesGo) {
        const said = goError(r);
        assert.ok(
          findings.some((f) => f.severity === 'error' && f.message.includes(`(\`${said}\`)`)),
          `go said ${JSON.stringify(said)}; we said:\n${findings.map((f) => f.message).join('\n')}`,
        );
      } else if (!c.ok && c.finding === 'error' && c.contacted.length === 0 && c.shape.startsWith('http:///')) {
        // No host: our message names go's error, which go printed.
        assert.ok(goError(r).includes('http: no Host in request URL'), shown);
        assert.ok(findings.some((f) => f.message.includes('`http: no Host in request URL`')));
      }
    });
  }
});
