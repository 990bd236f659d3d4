// Patterns that match nothing the build needs, checked against the real go command: the pattern as written
// leaves the module to the proxy (a loopback proxy records the request), the form pattern-invalid's fix offers
// sends it direct (a recorded CONNECT to its host), and the checksum database is skipped only with the fixed form.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { askedProxy, connectHosts, runScenario, type ScenarioResult } from '../support/goproxy/scenario';
import { makeGoRoot, removeGoRoot } from '../support/goproxy/runGo';
import { analyzeDockerfile, applyFix, only } from '../support/analysisHarness';

let root: string;
before(async () => (root = await makeGoRoot('gpd-patterns-')));
after(() => removeGoRoot(root));

const MOD = 'github.com/acme/svc';
const show = (r: ScenarioResult) => `go exited ${r.go.code}\n${r.go.stdout}${r.go.stderr}`;
const goMod = `module example.com/app\n\ngo 1.22\n\nrequire ${MOD} v1.0.0\n`;

/** pattern-invalid's finding on `ENV NAME=pattern` and the value its fix writes. */
function lint(name: string, pattern: string): { message: string; fixed: string } {
  const f = { dockerfile: `FROM golang:1.22\nENV ${name}=${pattern}\nCOPY go.mod go.sum ./\nRUN go mod download\n`, goMod };
  const findings = only(analyzeDockerfile(f), 'pattern-invalid');
  assert.equal(findings.length, 1, JSON.stringify(findings, null, 1));
  const fixed = applyFix(f, findings[0].fixes[0]).dockerfile!;
  return { message: findings[0].message, fixed: new RegExp(`^ENV ${name}=(.*)$`, 'm').exec(fixed)![1] };
}

async function route(vars: Record<string, string>): Promise<'proxy' | 'direct' | 'unclear'> {
  const r = await runScenario({ root, proxies: ['healthy'], vars: { GOPROXY: 'P1', ...vars }, modules: [MOD] });
  const viaProxy = askedProxy(r.events, MOD);
  const ok = r.results.get(MOD)?.Error === undefined && r.results.has(MOD);
  const direct = connectHosts(r.events).includes('github.com');
  return viaProxy && ok && !direct ? 'proxy' : !viaProxy && direct ? 'direct' : (console.error(show(r)), 'unclear');
}

describe('GOPRIVATE/GONOPROXY patterns that miss the module: go asks the proxy; the offered form goes direct', { concurrency: 2 }, () => {
  const cases: [string, string, string][] = [
    ['GOPRIVATE', `${MOD}/*`, MOD],
    ['GOPRIVATE', `${MOD}/...`, MOD],
    ['GONOPROXY', `${MOD}/api`, MOD],
    ['GOPRIVATE', `example.net/x,${MOD}/*`, `example.net/x,${MOD}`],
  ];
  for (const [name, pattern, expected] of cases) {
    test(`${name}=${pattern}`, async () => {
      const { message, fixed } = lint(name, pattern);
      assert.equal(fixed, expected);
      assert.match(message, new RegExp(`\`${MOD}\` would match it\\.$`));
      assert.equal(await route({ [name]: pattern }), 'proxy', `${name}=${pattern} as written`);
      assert.equal(await route({ [name]: fixed }), 'direct', `${name}=${fixed} as fixed`);
    });
  }
});

test('GONOSUMDB=github.com/acme/svc/*: go still looks the module up in the checksum database; the offered form does not', async () => {
  const { fixed } = lint('GONOSUMDB', `${MOD}/*`);
  assert.equal(fixed, MOD);
  const lookups = async (GONOSUMDB: string) => {
    const vars = { GOPROXY: 'P1', GONOPROXY: 'none.invalid', GOSUMDB: 'sum.golang.org SUMDB', GONOSUMDB };
    const r = await runScenario({ root, proxies: ['healthy'], vars, modules: [MOD] });
    return r.events.filter((e) => e.kind === 'sumdb' && e.module === MOD).length + connectHosts(r.events).filter((h) => h.startsWith('sum.golang')).length;
  };
  assert.ok((await lookups(`${MOD}/*`)) > 0, 'as written: a checksum lookup');
  assert.equal(await lookups(fixed), 0, 'as fixed: none');
});
