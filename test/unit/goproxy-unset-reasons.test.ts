// goproxy-unset speaks only with a reason in the workspace; the default proxy chosen on purpose is not a finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, DOCKERFILE_URI, type Files } from '../support/analysisHarness';
import { analyze } from '../../server/src/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';

const DF = 'FROM golang:1.22\nCOPY go.mod ./\nRUN go mod download\n';

function unset(f: Files) {
  return analyzeDockerfile(f).filter((x) => x.rule === 'goproxy-unset');
}

test('no reason, no finding: not even for a Chinese display language', () => {
  assert.deepEqual(unset({ dockerfile: DF }), []);
  assert.deepEqual(unset({ dockerfile: DF, locale: 'zh-cn' }), []);
});

test('a GOPROXY build argument in scope, or an explicit empty value, is a choice', () => {
  const withArg = 'ARG GOPROXY=https://goproxy.cn,direct\nFROM golang:1.22\nARG GOPROXY\nRUN go mod download\n';
  assert.deepEqual(unset({ dockerfile: withArg, settings: { defaultProxy: 'https://goproxy.cn,direct' } }), []);
  assert.deepEqual(unset({ dockerfile: 'FROM golang:1.22\nARG GOPROXY\nRUN go mod download\n', settings: { defaultProxy: 'https://goproxy.cn,direct' } }), []);
  assert.deepEqual(unset({ dockerfile: 'FROM golang:1.22\nENV GOPROXY=\nRUN go mod download\n', settings: { defaultProxy: 'https://goproxy.cn,direct' } }), []);
});

test('the default proxy measured failing: a warning', () => {
  const found = unset({
    dockerfile: DF,
    settings: { health: [{ url: 'https://proxy.golang.org', ok: false, error: 'TCP connect timeout', checkedAt: '2026-01-01T00:00:00Z' }] },
  });
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'warning');
  assert.match(found[0].message, /failing from this machine \(TCP connect timeout\)/);
  const healthy = unset({
    dockerfile: DF,
    settings: { health: [{ url: 'https://proxy.golang.org', ok: true, latencyMs: 80, checkedAt: '2026-01-01T00:00:00Z' }] },
  });
  assert.deepEqual(healthy, []);
});

test("the user's goProxyDoctor.defaultProxy", () => {
  const found = unset({ dockerfile: DF, settings: { defaultProxy: 'https://goproxy.cn,direct' } });
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'information');
  assert.match(found[0].message, /goProxyDoctor\.defaultProxy is `https:\/\/goproxy\.cn,direct`/);
});

test('a global ARG GOPROXY that does not reach the stage', () => {
  const found = unset({ dockerfile: 'ARG GOPROXY=https://goproxy.cn,direct\nFROM golang:1.22\nRUN go mod download\n' });
  assert.equal(found.length, 1);
  assert.match(found[0].message, /declared on line 1 does not reach this stage/);
});

test('another stage sets GOPROXY, one this stage does not build on', () => {
  const df =
    'FROM golang:1.22 AS tools\nENV GOPROXY=https://goproxy.cn,direct\nRUN go install golang.org/x/tools/cmd/stringer@v0.20.0\n\nFROM golang:1.22\nRUN go mod download\n';
  const found = unset({ dockerfile: df });
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 5);
  assert.match(found[0].message, /stage `tools` \(line 2\)/);
});

test('another Dockerfile building the same module sets GOPROXY; an unrelated one does not count', () => {
  const other = { uri: 'file:///ws/Dockerfile.dev', text: 'FROM golang:1.22\nENV GOPROXY=https://goproxy.cn,direct\nRUN go mod download\n' };
  const found = unset({ dockerfile: DF, buildFiles: [other], siblingDockerfiles: [other.uri] });
  assert.equal(found.length, 1);
  assert.match(found[0].message, /Dockerfile\.dev, which builds the same module, sets GOPROXY=`https:\/\/goproxy\.cn,direct` \(line 2\)/);
  assert.deepEqual(unset({ dockerfile: DF, buildFiles: [other], siblingDockerfiles: [] }), []);
});

test('the Dockerfiles building the same module are asked for only when a build file sets GOPROXY (finding them reads every build)', () => {
  const asked: number[] = [];
  const run = (other: { uri: string; text: string }) => {
    asked.length = 0;
    const findings = analyze({
      file: { uri: DOCKERFILE_URI, text: DF },
      kind: 'dockerfile',
      related: { buildFiles: [other], siblingDockerfiles: () => (asked.push(1), [other.uri]) },
      settings: DEFAULT_SETTINGS,
      locale: 'en',
    });
    return findings.filter((f) => f.rule === 'goproxy-unset');
  };
  assert.deepEqual(run({ uri: 'file:///ws/Dockerfile.dev', text: 'FROM golang:1.22\nRUN go mod download\n' }), []);
  assert.equal(asked.length, 0, 'no build file sets GOPROXY: not asked');
  // A compose file that passes GOPROXY as a build argument is no Dockerfile: it cannot build the module itself.
  const compose = 'services:\n  api:\n    build:\n      context: .\n      args:\n        GOPROXY: https://goproxy.cn,direct\n';
  assert.deepEqual(run({ uri: 'file:///ws/compose.yaml', text: compose }), []);
  assert.equal(asked.length, 0, 'only a compose file sets GOPROXY: not asked');
  assert.equal(run({ uri: 'file:///ws/Dockerfile.dev', text: 'FROM golang:1.22\nENV GOPROXY=https://goproxy.cn,direct\n' }).length, 1);
  assert.equal(asked.length, 1, 'one sets it: asked once');
});

test('a defaultProxy with credentials is proposed without them, and the step reads them from a BuildKit secret', async () => {
  const found = unset({ dockerfile: DF, settings: { defaultProxy: 'https://ci:s3cr3tT0ken@athens.acme.example:3000,direct' } });
  assert.equal(found.length, 1);
  const fix = found[0].fixes[0];
  const texts = fix.edits.flatMap((e) => e.edits.map((x) => x.newText)).join('\n');
  assert.ok(!texts.includes('s3cr3tT0ken') && !found[0].message.includes('s3cr3tT0ken') && !fix.title.includes('s3cr3tT0ken'), texts);
  assert.match(texts, /GOPROXY=https:\/\/athens\.acme\.example:3000,direct/);
  assert.match(texts, /--mount=type=secret,id=netrc,target=\/root\/\.netrc/);
});

test('the fix follows the reason: declare the global ARG again, or take the value the rest of the build chose', () => {
  const global = unset({ dockerfile: 'ARG GOPROXY=https://goproxy.cn,direct\nFROM golang:1.22\nRUN go mod download\n' });
  const declare = global[0].fixes[0].edits[0].edits.map((e) => e.newText).join('');
  assert.match(declare, /^ARG GOPROXY\n?$/m);
  const df =
    'FROM golang:1.22 AS tools\nENV GOPROXY=https://mirrors.aliyun.com/goproxy/,direct\nRUN go install golang.org/x/tools/cmd/stringer@v0.20.0\n\nFROM golang:1.22\nRUN go mod download\n';
  const other = unset({ dockerfile: df });
  const text = other[0].fixes[0].edits[0].edits.map((e) => e.newText).join('');
  assert.match(text, /GOPROXY=https:\/\/mirrors\.aliyun\.com\/goproxy\/,direct/);
});
