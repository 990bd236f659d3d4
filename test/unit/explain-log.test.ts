// The build-log explainer (server/src/explain) on the real logs of test/fixtures/buildlogs (SOURCES.md says how each
// was made): the format it recognises, the failure kinds it finds, the Dockerfile line it ties them to, the Go
// environment it quotes, the fixes it offers; and the quiet cases beside them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfileFile, type ParsedDockerfile } from '../../server/src/model/parsedDockerfile';
import { DEFAULT_SETTINGS, type Locale } from '../../server/src/core/types';
import { explainBuildLog, pickDockerfile, readBuildLog } from '../../server/src/explain';
import { GO_FAILURE_KINDS } from '../../server/src/goenv/failures';

const DIR = join(__dirname, '..', 'fixtures', 'buildlogs');
const logOf = (name: string) => readFileSync(join(DIR, `${name}.log`), 'utf8');
const dockerfileOf = (name: string): ParsedDockerfile | undefined =>
  existsSync(join(DIR, `${name}.Dockerfile`))
    ? parseDockerfileFile({ uri: `file:///fixtures/${name}.Dockerfile`, text: readFileSync(join(DIR, `${name}.Dockerfile`), 'utf8') })
    : undefined;
const explain = (name: string, locale: Locale = 'en') => {
  const dockerfile = dockerfileOf(name);
  return explainBuildLog(logOf(name), { ...(dockerfile ? { dockerfile } : {}), settings: DEFAULT_SETTINGS, locale });
};

/** Each log: the format read, the kind found and the Dockerfile line (1-based) of the failed step. */
const EXPECTED: Record<string, { format: string; wrapper?: string; kind: string; line?: number }> = {
  'buildkit-plain-refused': { format: 'buildkit-plain', kind: 'connection-refused', line: 6 },
  'buildkit-plain-server-error-stage': { format: 'buildkit-plain', kind: 'server-error', line: 12 },
  'buildkit-plain-auth': { format: 'buildkit-plain', kind: 'proxy-auth', line: 6 },
  'buildkit-plain-checksum': { format: 'buildkit-plain', kind: 'checksum-mismatch', line: 5 },
  'buildkit-plain-go-too-old': { format: 'buildkit-plain', kind: 'go-too-old', line: 5 },
  'buildkit-plain-toolchain': { format: 'buildkit-plain', kind: 'toolchain-download', line: 5 },
  'buildkit-plain-goproxy-invalid': { format: 'buildkit-plain', kind: 'invalid-proxy', line: 5 },
  'buildkit-plain-sumdb': { format: 'buildkit-plain', kind: 'sumdb-unreachable', line: 6 },
  'buildkit-plain-tls': { format: 'buildkit-plain', kind: 'tls-error', line: 5 },
  'buildkit-plain-go-missing': { format: 'buildkit-plain', kind: 'go-missing', line: 5 },
  'buildkit-modern-excerpt': { format: 'buildkit-plain', kind: 'server-error', line: 12 },
  'buildkit-tty-reset': { format: 'buildkit-tty', kind: 'connection-reset', line: 5 },
  'legacy-credentials': { format: 'legacy-builder', kind: 'insecure-credentials', line: 5 },
  'legacy-not-found': { format: 'legacy-builder', kind: 'not-found', line: 6 },
  'legacy-tls-hang': { format: 'legacy-builder', kind: 'tls-handshake-timeout', line: 5 },
  'legacy-goflags': { format: 'legacy-builder', kind: 'invalid-goflags', line: 5 },
  'legacy-missing-go-sum': { format: 'legacy-builder', kind: 'missing-go-sum', line: 6 },
  'legacy-unrecognized-import': { format: 'legacy-builder', kind: 'unrecognized-import-path', line: 5 },
  'podman-gone-private': { format: 'podman', kind: 'not-found-private', line: 5 },
  'podman-proxy-off': { format: 'podman', kind: 'proxy-off', line: 5 },
  'podman-gosumdb-invalid': { format: 'podman', kind: 'invalid-gosumdb', line: 6 },
  'github-actions-buildkit': { format: 'buildkit-plain', wrapper: 'github-actions', kind: 'connection-refused', line: 6 },
  'gitlab-legacy': { format: 'legacy-builder', wrapper: 'gitlab', kind: 'not-found', line: 6 },
  'go119-toolchain-directive': { format: 'go', kind: 'go-too-old' },
  'go119-go-version': { format: 'go', kind: 'go-too-old' },
  'go126-no-space': { format: 'go', kind: 'no-space' },
  'go126-dial-timeout': { format: 'go', kind: 'tcp-dial-timeout' },
  'go126-git-auth': { format: 'go', kind: 'vcs-auth' },
  'go126-git-128': { format: 'go', kind: 'git-fetch' },
  'go126-ssh-host-key': { format: 'go', kind: 'ssh-host-key' },
  'go-dns': { format: 'go', kind: 'dns' },
  'go-context-deadline': { format: 'go', kind: 'context-deadline' },
};

test('every failing log has its expectation, and every kind but the catch-all has a log', () => {
  const logs = readdirSync(DIR)
    .filter((f) => f.endsWith('.log'))
    .map((f) => f.replace(/\.log$/, ''));
  const quiet = ['buildkit-plain-ok', 'podman-build-fails'];
  assert.deepEqual(logs.filter((l) => !quiet.includes(l) && !EXPECTED[l]).sort(), []);
  const covered = new Set(Object.values(EXPECTED).map((e) => e.kind));
  assert.deepEqual(
    GO_FAILURE_KINDS.filter((k) => k !== 'other' && !covered.has(k)),
    [],
  );
});

for (const [name, want] of Object.entries(EXPECTED)) {
  test(`${name}: ${want.format}${want.wrapper ? ` in ${want.wrapper}` : ''} → ${want.kind}${want.line ? ` at Dockerfile line ${want.line}` : ''}`, () => {
    const r = explain(name);
    assert.equal(r.format, want.format);
    assert.equal(r.wrapper, want.wrapper);
    assert.equal(r.explanations.length, 1, JSON.stringify(r.explanations.map((e) => e.raw)));
    const e = r.explanations[0]!;
    assert.equal(e.kind, want.kind);
    assert.equal(e.location?.line, want.line);
    assert.ok(e.logLine >= 1 && logOf(name).split('\n')[e.logLine - 1]!.length > 0, 'logLine points at the message');
    // go-missing depends on no Go variable: nothing to quote.
    if (want.line && want.kind !== 'go-missing') {
      assert.match(e.message, /At this step \(line \d+, stage build\)/);
      assert.equal(e.location!.line, Number(/At this step \(line (\d+)/.exec(e.message)![1]));
    }
  });
}

test('the environment of the step, from the timeline: set values with their line, the default when unset', () => {
  assert.match(explain('buildkit-plain-refused').explanations[0]!.message, /GOPROXY=http:\/\/127\.0\.0\.1:9 \(ENV, line 3\)/);
  assert.match(explain('legacy-not-found').explanations[0]!.message, /GOPROXY=http:\/\/127\.0\.0\.1:\d+ \(ARG, line 4\)/);
  assert.match(explain('podman-gone-private').explanations[0]!.message, /GOPRIVATE is not set/);
  assert.match(explain('buildkit-plain-go-too-old').explanations[0]!.message, /GOTOOLCHAIN=local \(ENV, line 3\); the image is golang:1\.26/);
});

test('stage and step number tell apart two stages that run the same RUN text', () => {
  const df = dockerfileOf('buildkit-plain-server-error-stage')!;
  const runs = df.model.instructions.filter((i) => i.keyword === 'RUN' && /go mod download$/.test(i.argsText));
  assert.equal(runs.length, 1, 'the first stage writes `|| true`: the texts differ');
  // The same log against a Dockerfile where both stages have the same text: the stage name decides.
  const same = parseDockerfileFile({ uri: 'file:///same', text: df.file.text.replace('go mod download || true', 'go mod download') });
  const e = explainBuildLog(logOf('buildkit-plain-server-error-stage'), { dockerfile: same, settings: DEFAULT_SETTINGS, locale: 'en' }).explanations[0]!;
  assert.equal(e.location?.line, 12);
});

test('the excerpt line of the newer BuildKit layout, and the failure printed twice counts once', () => {
  const log = readBuildLog(logOf('buildkit-modern-excerpt'));
  assert.equal(log.steps.find((s) => s.failed)?.dockerfileLine, 12);
  assert.equal(log.dockerfileName, 'Dockerfile');
  assert.equal(explain('buildkit-modern-excerpt').explanations.length, 1);
});

test('fixes: a mirror for an unreachable proxy, GOPRIVATE for a private module; none where the core has none', () => {
  const refused = explain('buildkit-plain-refused').explanations[0]!;
  assert.equal(refused.fixes.length, 1);
  assert.deepEqual(refused.fixes[0]!.edits[0]!.edits[0]!.range.start, { line: 2, character: 12 });
  assert.equal(refused.fixes[0]!.edits[0]!.edits[0]!.newText, 'https://proxy.golang.org,direct');
  assert.match(refused.fix, /Proposed edit: Set GOPROXY=https:\/\/proxy\.golang\.org,direct for this stage \(line 3\)/);
  assert.equal(explain('buildkit-plain-refused', 'zh-cn').explanations[0]!.fixes[0]!.edits[0]!.edits[0]!.newText, 'https://goproxy.cn,direct');
  const gone = explain('podman-gone-private').explanations[0]!;
  assert.match(gone.fixes[0]!.title, /Add git\.corp\.example to GOPRIVATE/);
  assert.equal(gone.fixes[0]!.edits[0]!.edits[0]!.newText, ' GOPRIVATE=git.corp.example');
  assert.deepEqual(explain('buildkit-plain-checksum').explanations[0]!.fixes, []);
});

test('the core findings on the step give their fixes first', () => {
  const dockerfile = dockerfileOf('legacy-goflags')!;
  const finding = {
    rule: 'goflags-invalid' as const,
    severity: 'error' as const,
    uri: dockerfile.file.uri,
    range: { start: { line: 2, character: 60 }, end: { line: 2, character: 67 } },
    message: 'x',
    fixes: [{ title: 'Write GOFLAGS=-mod=mod', edits: [] }],
  };
  const e = explainBuildLog(logOf('legacy-goflags'), { dockerfile, findings: [finding], settings: DEFAULT_SETTINGS, locale: 'en' }).explanations[0]!;
  assert.deepEqual(
    e.fixes.map((f) => f.title),
    ['Write GOFLAGS=-mod=mod'],
  );
  const elsewhere = { ...finding, uri: 'file:///other/Dockerfile' };
  assert.deepEqual(
    explainBuildLog(logOf('legacy-goflags'), { dockerfile, findings: [elsewhere], settings: DEFAULT_SETTINGS, locale: 'en' }).explanations[0]!.fixes,
    [],
  );
});

test('quiet: a build that succeeds, and one that fails for a reason that is not a module failure', () => {
  assert.deepEqual(explain('buildkit-plain-ok').explanations, []);
  const fails = explain('podman-build-fails');
  assert.equal(fails.format, 'podman');
  assert.deepEqual(fails.explanations, []);
  // A go line the classifier does not know counts only in a step that failed.
  const log = '#5 [2/2] RUN go mod download || true\n#5 0.2 go: example.com/a@v1.0.0: something odd\n#5 DONE 0.3s\n';
  assert.deepEqual(explainBuildLog(log, { settings: DEFAULT_SETTINGS, locale: 'en' }).explanations, []);
  const failed = log.replace('#5 DONE 0.3s', '#5 ERROR: executor failed running [/bin/sh -c go mod download || true]: exit code: 1');
  assert.equal(explainBuildLog(failed, { settings: DEFAULT_SETTINGS, locale: 'en' }).explanations[0]?.kind, 'other');
});

test('without the Dockerfile: the failure and its step, no line; with the wrong one: no line either', () => {
  const bare = explainBuildLog(logOf('buildkit-plain-refused'), { settings: DEFAULT_SETTINGS, locale: 'en' }).explanations[0]!;
  assert.equal(bare.kind, 'connection-refused');
  assert.equal(bare.step, '[build 4/6] RUN go mod download');
  assert.equal(bare.location, undefined);
  const other = parseDockerfileFile({ uri: 'file:///other', text: 'FROM alpine\nRUN echo hi\n' });
  assert.equal(
    explainBuildLog(logOf('buildkit-plain-refused'), { dockerfile: other, settings: DEFAULT_SETTINGS, locale: 'en' }).explanations[0]!.location,
    undefined,
  );
  assert.equal(
    pickDockerfile(readBuildLog(logOf('buildkit-plain-refused')), [other, dockerfileOf('buildkit-plain-refused')!])?.file.uri,
    'file:///fixtures/buildkit-plain-refused.Dockerfile',
  );
  assert.equal(pickDockerfile(readBuildLog(logOf('buildkit-plain-refused')), [other]), undefined);
});

test('credentials in the log never reach an explanation', () => {
  assert.match(logOf('legacy-credentials'), /gpd:capture-secret@/);
  const r = explain('legacy-credentials');
  const text = JSON.stringify(r);
  assert.doesNotMatch(text, /capture-secret/);
  assert.match(r.explanations[0]!.message, /http:\/\/\*\*\*@127\.0\.0\.1/);
  const tokenInMessage = 'go: a.example/b@v1.0.0: reading https://user:ghp_realtoken123@proxy.corp.example/a.example/b/@v/v1.0.0.mod: 401 Unauthorized';
  assert.doesNotMatch(JSON.stringify(explainBuildLog(tokenInMessage, { settings: DEFAULT_SETTINGS, locale: 'en' })), /ghp_realtoken123/);
});

test('both languages', () => {
  const zh = explain('buildkit-plain-refused', 'zh-cn').explanations[0]!;
  assert.match(zh.message, /在此步骤（第 6 行，阶段 build）：GOPROXY=http:\/\/127\.0\.0\.1:9（ENV，第 3 行）/);
  assert.match(zh.fix, /建议的修改：为本阶段设置 GOPROXY=https:\/\/goproxy\.cn,direct（第 3 行）/);
});
