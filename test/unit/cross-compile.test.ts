// cross-compile-emulated: a Go build stage that runs under emulation when the image is built for other platforms,
// judged only with evidence of those platforms (the workspace's builds, or the image stage pinned elsewhere).
// Every test pairs a case that fires with a quiet counterpart that differs in the one fact under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import type { BuildInvocation } from '../../server/src/core/buildArgs';
import { DEFAULT_SETTINGS, type Finding, type Locale } from '../../server/src/core/types';
import { at, DOCKERFILE_URI } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';

function built(platforms: string[] | undefined, label = '.github/workflows/ci.yml job image'): BuildInvocation {
  return { kind: 'workflow', label, dockerfile: DOCKERFILE_URI, context: 'file:///ws', args: {}, ...(platforms ? { platforms } : {}) };
}

function crossCompile(dockerfile: string, invocations: BuildInvocation[], locale: Locale = 'en'): Finding[] {
  return analyze({ file: { uri: DOCKERFILE_URI, text: dockerfile }, kind: 'dockerfile', related: { invocations }, settings: DEFAULT_SETTINGS, locale }).filter(
    (f) => f.rule === 'cross-compile-emulated',
  );
}

const BUILDER = (from: string, build = 'RUN CGO_ENABLED=0 go build -o /app .') =>
  df(from, 'WORKDIR /src', 'COPY . .', build, 'FROM alpine', 'COPY --from=build /app /app');

test('cross-compile-emulated: a builder without --platform in a multi-platform build runs go build emulated', () => {
  const [f] = crossCompile(BUILDER('FROM golang:1.22 AS build'), [built(['linux/amd64', 'linux/arm64'])]);
  assert.equal(f.severity, 'information');
  assert.deepEqual(f.range, at(0, 0, 0, 4));
  assert.match(
    f.message,
    /^The image is built for `linux\/amd64`, `linux\/arm64` \(\.github\/workflows\/ci\.yml job image builds it for linux\/amd64, linux\/arm64\), and this Go build stage has no `--platform=\$BUILDPLATFORM`/,
  );
  assert.match(
    f.message,
    /The usual pattern: `FROM --platform=\$BUILDPLATFORM golang…`, then `ARG TARGETOS TARGETARCH` and `GOOS=\$TARGETOS GOARCH=\$TARGETARCH go build`\./,
  );
  // One platform, no platforms given, or the usual pattern: quiet.
  assert.deepEqual(crossCompile(BUILDER('FROM golang:1.22 AS build'), [built(['linux/arm64'])]), []);
  assert.deepEqual(crossCompile(BUILDER('FROM golang:1.22 AS build'), [built(undefined)]), []);
  assert.deepEqual(crossCompile(BUILDER('FROM golang:1.22 AS build'), []), []);
  const pattern = BUILDER(
    'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    'ARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .',
  );
  assert.deepEqual(crossCompile(pattern, [built(['linux/amd64', 'linux/arm64'])]), []);
});

test('cross-compile-emulated: GOARCH from TARGETARCH without --platform=$BUILDPLATFORM is said to be redundant', () => {
  const redundant = BUILDER('FROM golang:1.22 AS build', 'ARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /app .');
  assert.match(
    crossCompile(redundant, [built(['linux/amd64', 'linux/arm64'])])[0].message,
    /\(the GOARCH\/GOOS it takes from TARGETARCH\/TARGETOS are then the platform it already runs on\)/,
  );
  assert.doesNotMatch(crossCompile(BUILDER('FROM golang:1.22 AS build'), [built(['linux/amd64', 'linux/arm64'])])[0].message, /redundant|already runs on/);
});

test('cross-compile-emulated: a builder pinned to a constant platform, with another platform in the builds', () => {
  const pinned = BUILDER('FROM --platform=linux/amd64 golang:1.22 AS build');
  const [f] = crossCompile(pinned, [built(['linux/amd64', 'linux/arm64'])]);
  assert.deepEqual(f.range, at(0, 5, 0, 27));
  assert.match(f.message, /^This Go build stage always runs as `linux\/amd64`, while the image is built for `linux\/arm64`/);
  // Its go build takes no GOARCH: the arm64 image gets amd64 binaries.
  assert.match(f.message, /makes `linux\/amd64` binaries for every platform of the image/);
  const cross = BUILDER('FROM --platform=linux/amd64 golang:1.22 AS build', 'ARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /app .');
  assert.doesNotMatch(crossCompile(cross, [built(['linux/amd64', 'linux/arm64'])])[0].message, /binaries for every platform/);
  // Built only for the pinned platform, or with nothing said about platforms: quiet.
  assert.deepEqual(crossCompile(pinned, [built(['linux/amd64'])]), []);
  assert.deepEqual(crossCompile(pinned, []), []);
});

test('cross-compile-emulated: a final stage pinned to another platform is evidence without any build invocation', () => {
  const text = df(
    'FROM --platform=linux/amd64 golang:1.22 AS build',
    'RUN go build -o /app .',
    'FROM --platform=linux/arm64 alpine',
    'COPY --from=build /app /app',
  );
  assert.match(crossCompile(text, [])[0].message, /the image stage on line 3 is `--platform=linux\/arm64`/);
  assert.deepEqual(crossCompile(text.replace('linux/arm64 alpine', 'linux/amd64 alpine'), []), []);
});

test('cross-compile-emulated: quiet for the image`s own stage, a stage built on another stage, and a base named by an unknown value', () => {
  // A single-stage image: running it elsewhere would change the image.
  assert.deepEqual(crossCompile(df('FROM golang:1.22', 'RUN go build -o /app .', 'CMD ["/app"]'), [built(['linux/amd64', 'linux/arm64'])]), []);
  const onStage = df(
    'FROM --platform=$BUILDPLATFORM golang:1.22 AS base',
    'FROM base AS build',
    'RUN go build -o /app .',
    'FROM alpine',
    'COPY --from=build /app /app',
  );
  assert.deepEqual(crossCompile(onStage, [built(['linux/amd64', 'linux/arm64'])]), []);
  const variant = df(
    'ARG VARIANT',
    'FROM golang:1.22 AS base-alpine',
    'FROM base-${VARIANT} AS build',
    'RUN go build -o /app .',
    'FROM alpine',
    'COPY --from=build /app /app',
  );
  assert.deepEqual(crossCompile(variant, [built(['linux/amd64', 'linux/arm64'])]), []);
  // Bake's `local` is the builder's own platform.
  assert.deepEqual(crossCompile(BUILDER('FROM golang:1.22 AS build'), [built(['local'], 'docker-bake.hcl target binary')]), []);
});

test('zh-cn: cross-compile-emulated', () => {
  const [f] = crossCompile(BUILDER('FROM golang:1.22 AS build'), [built(['linux/amd64', 'linux/arm64'])], 'zh-cn');
  assert.match(f.message, /^镜像是为 `linux\/amd64`、|^镜像是为 `linux\/amd64`, `linux\/arm64` 构建的/);
});
