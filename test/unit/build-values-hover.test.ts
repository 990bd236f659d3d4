// Hovers and completions with the workspace's builds: on an ARG, a `$VAR` and a go step the hover lists the value
// each build (compose service, workflow job …) passes, under its label; the Dockerfile's default for the builds
// that pass none; "no build passes it" when none does. Unknown values are said to be unknown, credentials redacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisContext } from '../../server/src/model/context';
import { analyzeContext } from '../../server/src/analysis';
import { hoverAt } from '../../server/src/services/hover';
import { completionsAt } from '../../server/src/services/completion';
import { composeInvocations } from '../../server/src/invocations/compose';
import { workflowInvocations } from '../../server/src/invocations/workflow';
import type { BuildInvocation } from '../../server/src/core/buildArgs';
import { DEFAULT_SETTINGS, type Locale } from '../../server/src/core/types';
import { DOCKERFILE_URI } from '../support/analysisHarness';

const lines = (...l: string[]) => l.join('\n') + '\n';

/** compose.yaml building ./Dockerfile: service name -> its build args (undefined: none). */
function compose(services: Record<string, Record<string, string> | undefined>, target?: Record<string, string>): BuildInvocation[] {
  const text = lines(
    'services:',
    ...Object.entries(services).flatMap(([name, args]) => [
      `  ${name}:`,
      '    build:',
      '      context: .',
      ...(target?.[name] ? [`      target: ${target[name]}`] : []),
      ...(args ? ['      args:', ...Object.entries(args).map(([k, v]) => `        ${k}: "${v}"`)] : []),
    ]),
  );
  return composeInvocations('/ws/compose.yaml', text, 'compose.yaml', new Map());
}

function context(dockerfile: string, invocations: BuildInvocation[] | undefined, locale: Locale = 'en'): AnalysisContext {
  const ctx = new AnalysisContext({
    file: { uri: DOCKERFILE_URI, text: dockerfile },
    kind: 'dockerfile',
    related: { invocations },
    settings: DEFAULT_SETTINGS,
    locale,
  });
  analyzeContext(ctx); // as the server does: the hover reads the analysis's contexts
  return ctx;
}

function hover(dockerfile: string, invocations: BuildInvocation[] | undefined, line: number, character: number, locale: Locale = 'en'): string {
  return hoverAt(context(dockerfile, invocations, locale), { line, character })?.contents ?? '';
}

const ARG_PROXY = lines('FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download');

test('ARG hover: the value each compose service passes, with its label; the builds that pass none are said so', () => {
  const builds = compose({ api: { GOPROXY: 'https://goproxy.cn,direct' }, worker: undefined });
  const h = hover(ARG_PROXY, builds, 1, 6);
  assert.match(
    h,
    /\*\*Value by build:\*\*\n- compose\.yaml service api: `https:\/\/goproxy\.cn,direct`\n- compose\.yaml service worker: not passed \(`ARG` on line 2 has no default\), so the go command uses `https:\/\/proxy\.golang\.org,direct`/,
  );
  const zh = hover(ARG_PROXY, builds, 1, 6, 'zh-cn');
  assert.match(
    zh,
    /\*\*各构建中的值：\*\*\n- compose\.yaml service api：`https:\/\/goproxy\.cn,direct`\n- compose\.yaml service worker：未传入（第 2 行的 `ARG` 没有默认值）/,
  );
  // Quiet: nothing in the workspace builds the Dockerfile: set only by --build-arg, and no build passes it.
  const alone = hover(ARG_PROXY, undefined, 1, 6);
  assert.match(alone, /\*\*Sets:\*\* set only by `--build-arg` \(`ARG` on line 2 has no default\); no build passes it here/);
  assert.doesNotMatch(alone, /by build/);
});

test('ARG hover: builds that pass nothing name themselves; the Dockerfile default stands for the builds that pass none', () => {
  const none = hover(ARG_PROXY, compose({ api: { OTHER: 'x' }, worker: undefined }), 1, 6);
  assert.match(
    none,
    /\*\*Sets:\*\* set only by `--build-arg` \(`ARG` on line 2 has no default\); no build passes it \(compose\.yaml service api, compose\.yaml service worker\)/,
  );
  const withDefault = lines('FROM golang:1.22', 'ARG GOPROXY=https://goproxy.io,direct', 'RUN go mod download');
  const some = hover(withDefault, compose({ api: { GOPROXY: 'https://goproxy.cn,direct' }, worker: undefined }), 1, 6);
  assert.match(some, /- compose\.yaml service worker: `https:\/\/goproxy\.io,direct` — the Dockerfile's default \(`ARG` on line 2\)/);
  // Quiet: no build passes it, so the default is simply what the ARG sets.
  const quiet = hover(withDefault, compose({ api: undefined }), 1, 6);
  assert.match(quiet, /\*\*Sets:\*\* `https:\/\/goproxy\.io,direct`/);
  assert.doesNotMatch(quiet, /by build/);
});

test('$GOPROXY in RUN: the value each build gives it there; quiet when an ENV sets it for every build', () => {
  const df = lines('FROM golang:1.22', 'ARG GOPROXY', 'RUN go env -w GOPROXY=${GOPROXY} && go mod download');
  const builds = compose({ api: { GOPROXY: 'https://goproxy.cn,direct' }, worker: { GOPROXY: 'https://goproxy.io,direct' } });
  const h = hover(df, builds, 2, 25);
  assert.match(h, /- compose\.yaml service api: `https:\/\/goproxy\.cn,direct`\n- compose\.yaml service worker: `https:\/\/goproxy\.io,direct`/);
  // Two services passing the same value share one line.
  const same = hover(df, compose({ api: { GOPROXY: 'https://goproxy.cn,direct' }, worker: { GOPROXY: 'https://goproxy.cn,direct' } }), 2, 25);
  assert.match(same, /- compose\.yaml service api, compose\.yaml service worker: `https:\/\/goproxy\.cn,direct`/);
  const envWins = lines('FROM golang:1.22', 'ARG GOPROXY', 'ENV GOPROXY=https://goproxy.io', 'RUN echo $GOPROXY && go mod download');
  const quiet = hover(envWins, builds, 3, 11);
  assert.match(quiet, /\*\*Value here:\*\* `https:\/\/goproxy\.io` — set by `ENV` on line 3/);
  assert.doesNotMatch(quiet, /by build/);
});

test('go step hover: each variable the builds pass differs by build, listed under the table; redacted', () => {
  const df = lines('FROM golang:1.22', 'ARG GOPROXY', 'ARG GOFLAGS=-mod=mod', 'RUN go mod download');
  const builds = compose({ api: { GOPROXY: 'https://ci:Tok3nValue99@athens.example' }, worker: { GOPROXY: 'https://goproxy.cn,direct' } });
  const h = hover(df, builds, 3, 6);
  assert.match(h, /\| GOPROXY \| differs by build \(see below\) \|/);
  assert.match(h, /\| GOFLAGS \| `-mod=mod` — from `ARG` on line 3 \|/);
  assert.match(
    h,
    /\*\*GOPROXY\*\* by build:\n- compose\.yaml service api: `https:\/\/\*\*\*@athens\.example`\n- compose\.yaml service worker: `https:\/\/goproxy\.cn,direct`/,
  );
  assert.doesNotMatch(h, /Tok3nValue99/);
  assert.match(hover(df, builds, 3, 6, 'zh-cn'), /\| GOPROXY \| 因构建而异（见下文） \|[\s\S]*\*\*GOPROXY\*\* 在各构建中的值：/);
  // Quiet: no build: the table alone, as before.
  const alone = hover(df, undefined, 3, 6);
  assert.match(alone, /\| GOPROXY \| set only by `--build-arg`/);
  assert.doesNotMatch(alone, /by build/);
});

test('a value known only when the build runs is shown as unknown, never guessed', () => {
  const wf = lines(
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: docker/build-push-action@v5',
    '        with:',
    '          context: .',
    '          build-args: |',
    '            GOPROXY=${{ secrets.GOPROXY }}',
  );
  const builds = workflowInvocations('/ws/.github/workflows/ci.yml', wf, '.github/workflows/ci.yml', '/ws');
  assert.equal(builds.length, 1);
  const h = hover(ARG_PROXY, builds, 1, 6);
  assert.match(h, /- \.github\/workflows\/ci\.yml job build: unknown until the build runs \(written `\$\{\{ secrets\.GOPROXY \}\}`\)/);
  assert.doesNotMatch(h.split('**Default:**')[0], /proxy\.golang\.org|the go command uses/, 'no value is guessed for it');
  assert.match(hover(ARG_PROXY, builds, 2, 6), /\*\*GOPROXY\*\* by build:\n- \.github\/workflows\/ci\.yml job build: unknown until the build runs/);
  // Quiet: a value written literally in the workflow is shown as it is.
  const literal = workflowInvocations(
    '/ws/.github/workflows/ci.yml',
    wf.replace('${{ secrets.GOPROXY }}', 'https://goproxy.cn,direct'),
    '.github/workflows/ci.yml',
    '/ws',
  );
  assert.match(hover(ARG_PROXY, literal, 1, 6), /- \.github\/workflows\/ci\.yml job build: `https:\/\/goproxy\.cn,direct`\n/);
});

test('a build whose target does not run the stage is not listed; a global ARG lists every build', () => {
  const df = lines('ARG GOPROXY', 'FROM golang:1.22 AS deps', 'ARG GOPROXY', 'RUN go mod download', 'FROM deps AS app', 'ARG GOPROXY', 'RUN go build ./...');
  const builds = compose({ api: { GOPROXY: 'https://goproxy.cn,direct' }, tools: { GOPROXY: 'https://goproxy.io,direct' } }, { tools: 'deps' });
  const inApp = hover(df, builds, 5, 6);
  assert.match(inApp, /- compose\.yaml service api: `https:\/\/goproxy\.cn,direct`/);
  assert.doesNotMatch(inApp, /service tools/);
  assert.match(hover(df, builds, 2, 6), /service api[\s\S]*service tools/);
  const global = hover(df, builds, 0, 6);
  assert.match(
    global,
    /declared before the first `FROM`[\s\S]*\*\*Value by build:\*\*\n- compose\.yaml service api: `https:\/\/goproxy\.cn,direct`\n- compose\.yaml service tools: `https:\/\/goproxy\.io,direct`/,
  );
});

test('completion in an ARG value offers the values the builds pass, once each, never one with credentials', () => {
  const builds = compose({
    api: { GOPROXY: 'https://goproxy.cn,direct', GOPRIVATE: 'git.acme.internal' },
    worker: { GOPROXY: 'https://goproxy.cn,direct' },
    secret: { GOPROXY: 'https://ci:Tok3nValue99@athens.example' },
  });
  const df = lines('FROM golang:1.22', 'ARG GOPROXY=', 'RUN go mod download');
  const items = completionsAt(context(df, builds), { line: 1, character: 12 });
  const passed = items.filter((i) => i.detail?.startsWith('passed by'));
  assert.deepEqual(
    passed.map((i) => [i.label, i.detail]),
    [['https://goproxy.cn,direct', 'passed by compose.yaml service api, compose.yaml service worker']],
  );
  assert.ok(
    items.some((i) => i.label === 'direct'),
    'the known values are still offered',
  );
  assert.ok(!JSON.stringify(items).includes('Tok3nValue99'));
  const priv = completionsAt(context(lines('FROM golang:1.22', 'ENV GOPRIVATE=', 'RUN go mod download'), builds, 'zh-cn'), { line: 1, character: 14 });
  assert.deepEqual(
    priv.filter((i) => i.label === 'git.acme.internal').map((i) => i.detail),
    ['由 compose.yaml service api 传入'],
  );
  // Quiet: no build passes a value.
  assert.deepEqual(
    completionsAt(context(df, undefined), { line: 1, character: 12 }).filter((i) => i.detail?.startsWith('passed by')),
    [],
  );
});
