// A module is private only on evidence from the workspace (goenv/privacyEvidence.ts): each source of evidence
// makes the private-module rules fire, and the same build without it stays quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, analyzeGoMod, type Files } from '../support/analysisHarness';
import { urlPrefix } from '../../server/src/goenv/buildSignals';
import { privacyJudge } from '../../server/src/goenv/privacyEvidence';
import { AnalysisContext } from '../../server/src/model/context';
import { hoverAt } from '../../server/src/services/hover';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';

const GO_MOD = `module github.com/acme/api

go 1.22

require (
\tgithub.com/acme/common v1.2.0
\tgit.acme-corp.com/platform/auth v0.3.0
\txorm.io/xorm v1.3.9
\tgomodules.xyz/jsonpatch/v2 v2.4.0
\tgithub.com/google/uuid v1.6.0
)
`;

const BASE = `FROM golang:1.22
WORKDIR /src
COPY go.mod ./
`;
const DOWNLOAD = 'RUN go mod download\n';

function privateFindings(f: Files): string[] {
  return analyzeDockerfile({ goMod: GO_MOD, ...f })
    .filter((x) => x.rule === 'private-module-proxied' || x.rule === 'private-module-sumdb')
    .map((x) => `${x.rule}: ${x.message}`);
}

function mentions(findings: string[], path: string): boolean {
  return findings.some((m) => m.includes(`\`${path}\``));
}

test('an unknown or vanity host is no evidence: no finding, whatever the proxy', () => {
  for (const proxy of ['', 'ENV GOPROXY=https://goproxy.cn,direct\n', 'ENV GOPROXY=https://proxy.golang.org\n']) {
    assert.deepEqual(privateFindings({ dockerfile: BASE + proxy + DOWNLOAD }), [], proxy);
  }
  const gomod = analyzeGoMod({ goMod: GO_MOD, dockerfile: BASE + DOWNLOAD }).filter((x) => x.rule === 'gomod-private-module');
  assert.deepEqual(gomod, []);
});

test("the user's privatePatterns", () => {
  const found = privateFindings({ dockerfile: BASE + DOWNLOAD, settings: { privatePatterns: ['git.acme-corp.com'] } });
  assert.ok(mentions(found, 'git.acme-corp.com/platform/auth'), found.join('\n'));
  assert.ok(found[0].includes('goProxyDoctor.privatePatterns'));
  assert.ok(!mentions(found, 'xorm.io/xorm'));
});

test('GOPRIVATE set in another stage of the same Dockerfile, and quiet in the stage that sets it', () => {
  const df = `FROM golang:1.22 AS tools
ENV GOPRIVATE=git.acme-corp.com
RUN go install golang.org/x/tools/cmd/stringer@v0.20.0

${BASE}${DOWNLOAD}`;
  const found = privateFindings({ dockerfile: df });
  assert.ok(mentions(found, 'git.acme-corp.com/platform/auth'), found.join('\n'));
  assert.ok(
    found.some((m) => m.includes('GOPRIVATE names `git.acme-corp.com` (Dockerfile line 2)')),
    found.join('\n'),
  );
  assert.deepEqual(privateFindings({ dockerfile: `${BASE}ENV GOPRIVATE=git.acme-corp.com\n${DOWNLOAD}` }), []);
});

test('GOPRIVATE in another Dockerfile or a CI file of the workspace', () => {
  const ci = { uri: 'file:///ws/.github/workflows/ci.yml', text: 'jobs:\n  build:\n    env:\n      GOPRIVATE: "github.com/acme/*"\n' };
  const found = privateFindings({ dockerfile: BASE + DOWNLOAD, buildFiles: [ci] });
  assert.ok(mentions(found, 'github.com/acme/common'), found.join('\n'));
  assert.ok(found.some((m) => m.includes('ci.yml line 4')));
  const other = { uri: 'file:///ws/deploy/Dockerfile', text: 'FROM golang:1.22\nRUN go env -w GONOPROXY=github.com/acme\n' };
  assert.ok(mentions(privateFindings({ dockerfile: BASE + DOWNLOAD, buildFiles: [other] }), 'github.com/acme/common'));
  // Commented out, or only a variable reference: no evidence.
  const quiet = { uri: 'file:///ws/Makefile', text: '# GOPRIVATE=github.com/acme\nexport GOPRIVATE=$(PRIVATE)\n' };
  assert.deepEqual(privateFindings({ dockerfile: BASE + DOWNLOAD, buildFiles: [quiet] }), []);
});

test('GONOSUMDB alone says the checksum database must not be asked, not that the proxy must be bypassed', () => {
  const ci = { uri: 'file:///ws/.gitlab-ci.yml', text: 'variables:\n  GONOSUMDB: git.acme-corp.com\n' };
  const found = privateFindings({ dockerfile: BASE + 'ENV GOPROXY=direct\n' + DOWNLOAD, buildFiles: [ci] });
  assert.ok(
    found.some((m) => m.startsWith('private-module-sumdb') && m.includes('git.acme-corp.com/platform/auth')),
    found.join('\n'),
  );
  assert.ok(!found.some((m) => m.startsWith('private-module-proxied')));
});

test('git insteadOf with credentials for a host or an owner', () => {
  const host = `${BASE}ARG TOKEN\nRUN git config --global url."https://ci:\${TOKEN}@git.acme-corp.com/".insteadOf "https://git.acme-corp.com/"\n${DOWNLOAD}`;
  const found = privateFindings({ dockerfile: host });
  assert.ok(mentions(found, 'git.acme-corp.com/platform/auth'), found.join('\n'));
  assert.ok(!mentions(found, 'github.com/acme/common'));
  const owner = `${BASE}RUN git config --global url."git@github.com:acme/".insteadOf "https://github.com/acme/"\n${DOWNLOAD}`;
  const byOwner = privateFindings({ dockerfile: owner });
  assert.ok(mentions(byOwner, 'github.com/acme/common'), byOwner.join('\n'));
  assert.ok(!mentions(byOwner, 'github.com/google/uuid'));
  // The same build with no rewrite is quiet.
  assert.deepEqual(privateFindings({ dockerfile: `${BASE}RUN git config --global advice.detachedHead false\n${DOWNLOAD}` }), []);
});

test('a .netrc machine line, and ssh-keyscan', () => {
  const netrc = `${BASE}ARG TOKEN\nRUN echo "machine git.acme-corp.com login ci password $TOKEN" > /root/.netrc\n${DOWNLOAD}`;
  assert.ok(mentions(privateFindings({ dockerfile: netrc }), 'git.acme-corp.com/platform/auth'));
  const keyscan = `${BASE}RUN mkdir -p ~/.ssh && ssh-keyscan -t rsa git.acme-corp.com >> ~/.ssh/known_hosts\n${DOWNLOAD}`;
  assert.ok(mentions(privateFindings({ dockerfile: keyscan }), 'git.acme-corp.com/platform/auth'));
  // A "machine" word without any netrc in the file is not a netrc entry.
  assert.deepEqual(privateFindings({ dockerfile: `${BASE}RUN echo "machine git.acme-corp.com is up"\n${DOWNLOAD}` }), []);
});

test('credentials for a whole shared code host are no evidence: SSH or a token for github.com is routine', () => {
  const keyscan = `${BASE}RUN ssh-keyscan github.com >> /root/.ssh/known_hosts\nRUN git config --global url."git@github.com:".insteadOf "https://github.com/"\n${DOWNLOAD}`;
  assert.deepEqual(privateFindings({ dockerfile: keyscan }), []);
  assert.deepEqual(privateFindings({ dockerfile: `${BASE}RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download\n` }), []);
});

test("on a company host, the main module's own prefix is private when the build holds credentials for it, or for no named host", () => {
  const mod = `module git.acme-corp.com/platform/api\n\ngo 1.22\n\nrequire (\n\tgit.acme-corp.com/platform/auth v0.3.0\n\txorm.io/xorm v1.3.9\n)\n`;
  const secret = `${BASE}RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download\n`;
  const found = analyzeDockerfile({ goMod: mod, dockerfile: secret })
    .filter((x) => x.rule === 'private-module-proxied')
    .map((x) => x.message);
  assert.ok(mentions(found, 'git.acme-corp.com/platform/auth'), found.join('\n'));
  assert.ok(!mentions(found, 'xorm.io/xorm'));
  assert.ok(found[0].includes('a .netrc secret is mounted'), found[0]);
  const ssh = `${BASE}RUN --mount=type=ssh go mod download\n`;
  assert.ok(
    mentions(
      analyzeDockerfile({ goMod: mod, dockerfile: ssh })
        .filter((x) => x.rule === 'private-module-proxied')
        .map((x) => x.message),
      'git.acme-corp.com/platform/auth',
    ),
  );
  assert.deepEqual(
    analyzeDockerfile({ goMod: mod, dockerfile: BASE + DOWNLOAD }).filter((x) => x.rule === 'private-module-proxied'),
    [],
  );
});

test('names that cannot be public', () => {
  const mod = `module example.com/app\n\ngo 1.22\n\nrequire (\n\tgitlab.acme.internal/team/lib v1.0.0\n\t10.0.0.5/lib v1.0.0\n\tgit.test/x v1.0.0\n)\n`;
  const found = analyzeDockerfile({ goMod: mod, dockerfile: BASE + DOWNLOAD }).filter((x) => x.rule === 'private-module-proxied');
  assert.equal(found.length, 1);
  for (const p of ['gitlab.acme.internal/team/lib', '10.0.0.5/lib', 'git.test/x']) assert.ok(found[0].message.includes(p), p);
});

test('go.sum copied into the image spares the checksum lookup: no sumdb finding for modules it holds', () => {
  const sum = 'git.acme-corp.com/platform/auth v0.3.0 h1:abc=\ngit.acme-corp.com/platform/auth v0.3.0/go.mod h1:def=\n';
  const df = `FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nENV GOPROXY=direct\n${DOWNLOAD}`;
  const withSum = analyzeDockerfile({ goMod: GO_MOD, goSum: sum, dockerfile: df, settings: { privatePatterns: ['git.acme-corp.com'] } });
  assert.ok(!withSum.some((x) => x.rule === 'private-module-sumdb'));
  const without = analyzeDockerfile({ goMod: GO_MOD, dockerfile: df, settings: { privatePatterns: ['git.acme-corp.com'] } });
  assert.ok(without.some((x) => x.rule === 'private-module-sumdb'));
});

test('urlPrefix reads credentials URLs as git does', () => {
  assert.equal(urlPrefix('https://ci:p@ss@git.acme.com/org/'), 'git.acme.com/org');
  assert.equal(urlPrefix('git@github.com:acme/'), 'github.com/acme');
  assert.equal(urlPrefix('ssh://git@github.com/acme/repo.git'), 'github.com/acme/repo');
  assert.equal(urlPrefix('https://${TOKEN}@github.com/'), 'github.com');
  assert.equal(urlPrefix('https://x@${HOST}/'), undefined);
});

test('the go.mod hover says which evidence makes a module private, or that it cannot tell for an unknown host', () => {
  const hover = (path: string, buildFiles: { uri: string; text: string }[] = []) => {
    const line = GO_MOD.split('\n').findIndex((l) => l.includes(path));
    const ctx = new AnalysisContext({
      file: { uri: 'file:///ws/go.mod', text: GO_MOD },
      kind: 'gomod',
      related: { dockerfiles: [{ uri: 'file:///ws/Dockerfile', text: BASE + DOWNLOAD }], buildFiles },
      settings: DEFAULT_SETTINGS,
      locale: 'en',
    });
    return String(hoverAt(ctx, { line, character: 3 })?.contents ?? '');
  };
  assert.match(hover('git.acme-corp.com/platform/auth'), /Cannot tell whether this module is private/);
  assert.doesNotMatch(hover('github.com/google/uuid'), /Cannot tell|Private in this build/);
  const ci = { uri: 'file:///ws/.gitlab-ci.yml', text: 'variables:\n  GOPRIVATE: git.acme-corp.com\n' };
  const withEvidence = hover('git.acme-corp.com/platform/auth', [ci]);
  assert.match(withEvidence, /Private in this build: GOPRIVATE names `git\.acme-corp\.com` \(\.gitlab-ci\.yml line 2\)/);
  assert.doesNotMatch(withEvidence, /Cannot tell/);
});

test('mayHaveEvidence: a host no evidence can name is skipped whole, and never one whose modules have evidence', () => {
  const paths = [
    'github.com/acme/common',
    'git.acme-corp.com/platform/auth',
    'xorm.io/xorm',
    'localhost:8080/tool',
    'corp/lib',
    'fmt',
    'golang.org/toolchain',
    '10.0.0.7/x',
    'GitHub.com/Acme/Other',
  ];
  const judges = {
    'a GOPRIVATE host': privacyJudge([], [{ uri: 'file:///w/Dockerfile', text: 'FROM golang:1.22\nENV GOPRIVATE=git.acme-corp.com\n' }], []),
    'a glob pattern': privacyJudge([], [{ uri: 'file:///w/Dockerfile', text: 'FROM golang:1.22\nENV GONOSUMDB=*.acme-corp.com\n' }], []),
    'user patterns': privacyJudge(['github.com/acme'], [], []),
    'credentials for a path': privacyJudge(
      [],
      [
        {
          uri: 'file:///w/Dockerfile',
          text: 'FROM golang:1.22\nRUN git config --global url."https://x:y@github.com/acme/".insteadOf "https://github.com/acme/"\n',
        },
      ],
      [],
    ),
    nothing: privacyJudge([], [], []),
  };
  for (const [label, judge] of Object.entries(judges)) {
    for (const p of paths) {
      const first = p.split('/')[0];
      for (const purpose of ['proxy', 'sumdb'] as const) {
        if (judge.evidenceFor(p, purpose)) assert.ok(judge.mayHaveEvidence(first), `${label}: ${p} has evidence, so ${first} may`);
      }
    }
  }
  assert.equal(judges['a GOPRIVATE host'].mayHaveEvidence('github.com'), false);
  assert.equal(judges['a GOPRIVATE host'].mayHaveEvidence('git.acme-corp.com'), true);
  assert.equal(judges.nothing.mayHaveEvidence('localhost:8080'), true, 'a name that cannot be public');
  assert.equal(judges.nothing.mayHaveEvidence('xorm.io'), false);
  assert.equal(judges.nothing.mayHaveEvidence('fmt'), false);
  assert.equal(judges['a glob pattern'].mayHaveEvidence('xorm.io'), true, 'a glob host part may match any host');
});

test('the judge of a document typed in: the same one while no signal changes, a new one when one does', () => {
  const uri = 'file:///w/typed/Dockerfile';
  const others = [{ uri: 'file:///w/ci.yml', text: 'env:\n  GONOSUMDB: git.other.io\n' }];
  const judge = (text: string, files = others) => privacyJudge([], files, ['git.acme.io/app'], [{ uri, text }]);
  const first = judge('FROM golang:1.22\nENV GOPRIVATE=git.acme.io\nRUN go build\n');
  assert.equal(judge('FROM golang:1.22\nENV GOPRIVATE=git.acme.io\nRUN go build ./...\n'), first);
  // Another list of the same files (the workspace hands a new array when its files moved): the same judge.
  assert.equal(judge('FROM golang:1.22\nENV GOPRIVATE=git.acme.io\nRUN go build ./...\n', [...others]), first);
  const edited = judge('FROM golang:1.22\nENV GOPRIVATE=git.acme.io,git.more.io\nRUN go build ./...\n');
  assert.notEqual(edited, first);
  assert.equal(first.hasEvidence('git.more.io/lib'), false);
  assert.equal(edited.hasEvidence('git.more.io/lib'), true);
  // Another workspace file saying something new: a new judge.
  const more = judge('FROM golang:1.22\nENV GOPRIVATE=git.acme.io\nRUN go build ./...\n', [
    ...others,
    { uri: 'file:///w/Makefile', text: 'export GOPRIVATE=git.third.io\n' },
  ]);
  assert.notEqual(more, first);
  assert.equal(more.hasEvidence('git.third.io/x'), true);
});
