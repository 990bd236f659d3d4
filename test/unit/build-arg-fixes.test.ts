// A wrong build-argument value is reported where it is written, with the fix a Dockerfile value gets, made there:
// the edit rewrites the value in the compose file, bake file, workflow, GitLab file or Makefile, when the text at
// the place is the value itself. A value written through a variable, or a fix whose value that place cannot hold as
// written, gets no edit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import { invocationsIn } from '../../server/src/invocations';
import { DEFAULT_SETTINGS, type Finding, type RuleId } from '../../server/src/core/types';
import { applyEdits, DOCKERFILE_URI, GOMOD_URI } from '../support/analysisHarness';
import { buildArgEdit } from '../../server/src/model/edits';

const lines = (...l: string[]) => l.join('\n') + '\n';
const DOCKERFILE = lines('FROM golang:1.22', 'ARG GOPROXY', 'ARG GOPRIVATE', 'WORKDIR /src', 'COPY go.mod ./', 'RUN go mod download');
const GOMOD = lines('module example.com/app', '', 'go 1.22', '', 'require github.com/pkg/errors v0.9.1');

/** The findings of a rule for the Dockerfile built by `file` (a path under /ws) with this text; other files by path. */
function findingsOf(file: string, text: string, rule: RuleId, others: Record<string, string> = {}): Finding[] {
  const read = (p: string) => others[p.replace('/ws/', '')];
  const invocations = invocationsIn(`/ws/${file}`, text, '/ws', read).filter((i) => i.dockerfile === DOCKERFILE_URI);
  assert.ok(invocations.length > 0, `${file} builds the Dockerfile`);
  const found = analyze({
    file: { uri: DOCKERFILE_URI, text: DOCKERFILE },
    kind: 'dockerfile',
    related: { goMod: { uri: GOMOD_URI, text: GOMOD }, invocations },
    settings: DEFAULT_SETTINGS,
    locale: 'en',
  });
  return found.filter((f) => f.rule === rule);
}

/** The text of `file` after the first fix of the one finding of `rule`, which must be in that file. */
function fixed(file: string, text: string, rule: RuleId, others?: Record<string, string>): string {
  const [f] = findingsOf(file, text, rule, others);
  assert.ok(f, `a ${rule} finding`);
  assert.equal(f.uri, `file:///ws/${file}`);
  assert.ok(f.fixes.length > 0, `a fix for ${rule} in ${file}`);
  const [edit] = f.fixes[0].edits;
  assert.equal(f.fixes[0].edits.length, 1);
  assert.equal(edit.uri, f.uri, 'the fix edits the file the value is written in');
  assert.deepEqual(edit.edits[0].range, f.range, 'at the value reported');
  return applyEdits(text, edit.edits);
}

test('compose: a map value in quotes and a list value, each rewritten in place; the fixed file is quiet', () => {
  const map = lines('services:', '  api:', '    build:', '      context: .', '      args:', '        GOPROXY: "https://goproxy.cn;direct"');
  const after = fixed('compose.yaml', map, 'goproxy-invalid');
  assert.equal(after, map.replace('https://goproxy.cn;direct', 'https://goproxy.cn,direct'));
  assert.deepEqual(findingsOf('compose.yaml', after, 'goproxy-invalid'), []);
  const list = lines('services:', '  api:', '    build:', '      context: .', '      args:', '        - GOPROXY=direct,https://goproxy.cn');
  assert.equal(fixed('compose.yaml', list, 'goproxy-unreachable-entry'), list.replace('direct,https://goproxy.cn', 'https://goproxy.cn,direct'));
});

test('bake JSON, a workflow, GitLab variables and a Makefile: the same fixes, each in its own file', () => {
  const bake = '{"target": {"api": {"context": ".", "args": {"GOPROXY": "https://goproxy.cn;direct"}}}}\n';
  assert.equal(fixed('docker-bake.json', bake, 'goproxy-invalid'), bake.replace(';', ','));
  const workflow = lines(
    'on: push',
    'jobs:',
    '  image:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: docker/build-push-action@v6',
    '        with:',
    '          context: .',
    '          build-args: |',
    '            GOPRIVATE=git.acme.internal/',
  );
  assert.equal(fixed('.github/workflows/ci.yml', workflow, 'pattern-invalid'), workflow.replace('internal/', 'internal'));
  const gitlab = lines('variables:', '  GOPROXY: "https://goproxy.cn;direct"', 'build:', '  script:', '    - docker build --build-arg GOPROXY=$GOPROXY .');
  assert.equal(fixed('.gitlab-ci.yml', gitlab, 'goproxy-invalid'), gitlab.replace(';', ','));
  // goproxy-off: the Makefile's assignment that the recipe passes gets the proposed mirror.
  const makefile = lines('GOPROXY ?= off', '', 'image:', '\tdocker build --build-arg GOPROXY=$(GOPROXY) .');
  assert.equal(fixed('Makefile', makefile, 'goproxy-off'), makefile.replace('off', 'https://proxy.golang.org,direct'));
});

test('quiet: no edit where the text is not the value (compose interpolation from .env), nor one the place cannot hold', () => {
  const viaEnv = lines('services:', '  api:', '    build:', '      context: .', '      args:', '        GOPROXY: ${PROXY}');
  const [fromEnv] = findingsOf('compose.yaml', viaEnv, 'goproxy-invalid', { '.env': 'PROXY=https://goproxy.cn;direct\n' });
  assert.equal(fromEnv.uri, 'file:///ws/compose.yaml');
  assert.deepEqual(fromEnv.fixes, []);
  // What the place holds as written: unquoted, only characters no format reads specially; quoted, no quote or `$`.
  const at = (verbatim: '' | '"' | "'") => ({
    uri: 'file:///ws/Makefile',
    range: { start: { line: 3, character: 34 }, end: { line: 3, character: 37 } },
    verbatim,
  });
  const given = (verbatim: '' | '"' | "'") => ({ value: 'x;y', known: true, source: 'makefile' as const, label: 'Makefile', at: at(verbatim) });
  assert.equal(buildArgEdit(given(''), 'https://a.example|https://b.example'), undefined);
  assert.deepEqual(buildArgEdit(given('"'), 'https://a.example|https://b.example')?.edits[0].newText, 'https://a.example|https://b.example');
  assert.equal(buildArgEdit(given('"'), 'https://${HOST}'), undefined);
  assert.equal(buildArgEdit({ ...given(''), at: { ...at(''), verbatim: undefined } }, 'https://a.example'), undefined);
  assert.deepEqual(buildArgEdit(given(''), 'https://a.example')?.edits[0].newText, 'https://a.example');
});
