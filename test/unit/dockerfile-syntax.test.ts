// dockerfile-syntax, dockerfile-swallowed-instruction and env-legacy-form: files BuildKit rejects, quoted in its own
// words (captured from the Dockerfile frontend's parser and converter), continuations that swallow an instruction,
// and the legacy `ENV NAME value` form read the way Docker reads it.
// Every test pairs a case that fires with a quiet counterpart that differs in the one fact under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, assertFixRoundTrip, at, only, type Files } from '../support/analysisHarness';
import { parseDockerfileFile } from '../../server/src/model/parsedDockerfile';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const syntax = (...lines: string[]) => only(analyzeDockerfile({ dockerfile: df(...lines) }), 'dockerfile-syntax');
const swallowed = (...lines: string[]) => only(analyzeDockerfile({ dockerfile: df(...lines) }), 'dockerfile-swallowed-instruction');
const legacy = (...lines: string[]) => only(analyzeDockerfile({ dockerfile: df(...lines) }), 'env-legacy-form');

// ---------------------------------------------------------------- dockerfile-syntax: unknown instructions

test('dockerfile-syntax: a misspelt instruction is an error in BuildKit`s words, with its suggestion as the fix', () => {
  const [e] = syntax('FROM golang:1.22', 'RUNN go mod download');
  assert.equal(e.severity, 'error');
  assert.deepEqual(e.range, at(1, 0, 1, 4));
  assert.match(e.message, /`dockerfile parse error on line 2: unknown instruction: RUNN \(did you mean RUN\?\)`/);
  const fixed = assertFixRoundTrip({ dockerfile: df('FROM golang:1.22', 'RUNN go mod download') }, 'dockerfile-syntax');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'RUN go mod download'));
  // The suggestion takes the case of what is written; a word far from every instruction gets none (and no fix).
  assert.match(syntax('FROM golang:1.22', 'runn go build')[0].message, /unknown instruction: runn \(did you mean run\?\)/);
  const far = syntax('FROM golang:1.22', 'BUILDGO go build');
  assert.match(far[0].message, /unknown instruction: BUILDGO`/);
  assert.deepEqual(far[0].fixes, []);
  // The instructions BuildKit knows, in any case.
  assert.deepEqual(syntax('FROM golang:1.22', 'run go build', 'Env A=1', 'HEALTHCHECK NONE', 'MAINTAINER me'), []);
});

test('dockerfile-syntax: a line a missing continuation leaves on its own is an unknown instruction too', () => {
  const found = syntax('FROM golang:1.22', 'RUN apk add git', '    make');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /unknown instruction: make/);
  assert.deepEqual(syntax('FROM golang:1.22', 'RUN apk add git \\', '    make'), []);
});

// ---------------------------------------------------------------- dockerfile-syntax: RUN flags and mounts

test('dockerfile-syntax: an unknown RUN flag, with the suggestion BuildKit makes', () => {
  const [mont, foo] = syntax('FROM golang:1.22', 'RUN --mont=type=cache,target=/go/pkg/mod --foo go mod download');
  assert.match(mont.message, /`dockerfile parse error on line 2: unknown flag: --mont \(did you mean mount\?\)`/);
  assert.deepEqual(mont.range, at(1, 4, 1, 10));
  assert.match(foo.message, /unknown flag: --foo`/);
  const fixed = assertFixRoundTrip({ dockerfile: df('FROM golang:1.22', 'RUN --mont=type=cache,target=/go/pkg/mod go mod download') }, 'dockerfile-syntax');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'RUN --mount=type=cache,target=/go/pkg/mod go mod download'));
  // Flag names are case-sensitive; the four RUN flags of current frontends pass.
  assert.match(syntax('FROM golang:1.22', 'RUN --MOUNT=type=cache,target=/x go build')[0].message, /unknown flag: --MOUNT/);
  assert.deepEqual(syntax('FROM golang:1.22', 'RUN --mount=type=cache,target=/x --network=host --security=insecure --device=x go build'), []);
});

test('dockerfile-syntax: an unsupported mount type or network mode; the type is case-insensitive and a variable is not judged', () => {
  const [type] = syntax('FROM golang:1.22', 'RUN --mount=type=cahce,target=/root/.cache/go-build go build');
  assert.match(type.message, /`unsupported mount type "cahce" \(did you mean cache\?\)`/);
  assert.deepEqual(type.range, at(1, 17, 1, 22));
  const fixed = assertFixRoundTrip({ dockerfile: df('FROM golang:1.22', 'RUN --mount=type=cahce,target=/root/.cache go build') }, 'dockerfile-syntax');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'RUN --mount=type=cache,target=/root/.cache go build'));
  assert.deepEqual(syntax('FROM golang:1.22', 'RUN --mount=type=CACHE,target=/x --mount=type=$KIND,target=/y go build'), []);
  assert.match(syntax('FROM golang:1.22', 'RUN --network=nne go build')[0].message, /`dockerfile parse error on line 2: invalid network mode "nne"`/);
  assert.deepEqual(syntax('FROM golang:1.22', 'RUN --network=none go build', 'RUN --network=default go build'), []);
});

test('dockerfile-syntax: a mount is read only in a stage the build runs', () => {
  const unused = ['FROM golang:1.22 AS unused', 'RUN --mount=type=cahce,target=/x go build', 'FROM golang:1.22', 'RUN go build'];
  assert.deepEqual(syntax(...unused), []);
  assert.equal(syntax(...unused.slice(0, 3), 'COPY --from=unused /x /x').length, 1);
});

// ---------------------------------------------------------------- dockerfile-syntax: ENV, FROM, parser problems

test('dockerfile-syntax: an ENV word without `=` after a swallowed line names the joined line, and the fix removes the `\\`', () => {
  const lines = ['FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn \\', 'RUN go mod download'];
  const [e] = syntax(...lines);
  assert.match(
    e.message,
    /`Syntax error - can't find = in "RUN"\. Must be of the form: name=value`\. Line 2 ends with `\\`, so line 3 \(`RUN go mod download`\) is part of this ENV\./,
  );
  const fixed = assertFixRoundTrip({ dockerfile: df(...lines) }, 'dockerfile-syntax');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn', 'RUN go mod download'));
  // The one finding for it: the build fails, so the swallow is not reported again as a warning.
  assert.deepEqual(swallowed(...lines), []);
  assert.match(syntax('FROM golang:1.22', 'ENV GOPROXY')[0].message, /`ENV must have two arguments`/);
  assert.deepEqual(syntax('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn \\', '    GOSUMDB=off'), []);
});

test('dockerfile-syntax: FROM with two or four words; one or three pass', () => {
  const [e] = syntax('FROM golang:1.22 AS build \\', 'RUN go build');
  assert.match(e.message, /`dockerfile parse error on line 1: FROM requires either one or three arguments`/);
  assert.deepEqual(syntax('FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'RUN go build', 'FROM scratch'), []);
});

test('dockerfile-syntax: the parser`s own problems (escape directive, unterminated heredoc); `RUN << EOF` is a heredoc', () => {
  assert.match(syntax('# escape=x', 'FROM golang:1.22')[0].message, /`invalid escape token 'x' does not match ` or \\`/);
  assert.match(syntax('FROM golang:1.22', 'RUN <<EOF', 'go build')[0].message, /`unterminated heredoc`/);
  // Current frontends allow white space before the heredoc word: its lines are not instructions.
  assert.deepEqual(syntax('FROM golang:1.22', 'RUN << EOF', 'set -eux', 'go build', 'EOF'), []);
});

// ---------------------------------------------------------------- dockerfile-swallowed-instruction

test('dockerfile-swallowed-instruction: an instruction line joined to the RUN before it, blank and comment lines between too', () => {
  const [w] = swallowed('FROM golang:1.22', 'RUN go mod download \\', 'RUN go build -o /app .');
  assert.equal(w.severity, 'warning');
  assert.deepEqual(w.range, at(2, 0, 2, 22));
  assert.match(w.message, /Line 2 ends with `\\`, so line 3 \(`RUN go build -o \/app \.`\) is not an instruction: Docker joins it to this RUN/);
  const f: Files = { dockerfile: df('FROM golang:1.22', 'RUN go mod download \\', '', '# then build', 'COPY . .') };
  assert.equal(only(analyzeDockerfile(f), 'dockerfile-swallowed-instruction').length, 1);
  const fix = only(analyzeDockerfile(f), 'dockerfile-swallowed-instruction')[0].fixes[0];
  assert.equal(fix.edits[0].edits[0].newText, '');
  assert.deepEqual(fix.edits[0].edits[0].range, at(1, 19, 1, 21));
  // Without the trailing escape the lines are two instructions.
  assert.deepEqual(swallowed('FROM golang:1.22', 'RUN go mod download', 'RUN go build -o /app .'), []);
});

test('dockerfile-swallowed-instruction: quiet where the keyword is an argument or text', () => {
  // HEALTHCHECK's CMD and ONBUILD's instruction are written on a continuation line by design.
  assert.deepEqual(swallowed('FROM golang:1.22', 'HEALTHCHECK --interval=30s \\', '  CMD wget -qO- http://localhost || exit 1'), []);
  assert.deepEqual(swallowed('FROM golang:1.22', 'ONBUILD \\', '  RUN go build'), []);
  // Inside a quoted text, and a keyword that does not read as that instruction.
  assert.deepEqual(swallowed('FROM golang:1.22', "RUN echo $'# flags\\n\\", "ENV = 'production'\\n\\", "' > .env"), []);
  assert.deepEqual(swallowed('FROM golang:1.22', 'RUN apk add \\', '    git \\', '    make'), []);
  assert.deepEqual(swallowed('FROM golang:1.22', 'RUN go build \\', '    USER'), []);
});

// ---------------------------------------------------------------- env-legacy-form

test('env-legacy-form: the legacy form makes the rest of the line one value, as Docker reads it; the fix writes NAME=value', () => {
  const dockerfile = df('FROM golang:1.22', 'ENV GOPROXY https://goproxy.cn GOSUMDB off', 'RUN go mod download');
  const parsed = parseDockerfileFile({ uri: 'file:///ws/Dockerfile', text: dockerfile });
  const env = parsed.timeline.stages[0].goSteps[0].env;
  assert.equal(env.get('GOPROXY')?.value, 'https://goproxy.cn GOSUMDB off');
  assert.equal(env.get('GOSUMDB'), undefined);
  const [w] = only(analyzeDockerfile({ dockerfile }), 'env-legacy-form');
  assert.equal(w.severity, 'warning');
  assert.deepEqual(w.range, at(1, 31, 1, 42));
  assert.match(w.message, /GOPROXY is set to `https:\/\/goproxy\.cn GOSUMDB off`, and `GOSUMDB` is not set at all/);
  assert.match(w.message, /`"ENV key=value" should be used instead of legacy "ENV key value" format`/);
  const fixed = assertFixRoundTrip({ dockerfile }, 'env-legacy-form');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn GOSUMDB=off', 'RUN go mod download'));
  // `NAME=value` swallowed as well.
  assert.match(legacy('FROM golang:1.22', 'ENV GOPRIVATE github.com/acme GONOSUMDB=github.com/acme')[0].message, /`GONOSUMDB` is not set at all/);
});

test('env-legacy-form: quiet for one value, a value with spaces go reads (GOFLAGS), and variables go never reads', () => {
  assert.deepEqual(legacy('FROM golang:1.22', 'ENV GOPROXY https://goproxy.cn,direct'), []);
  assert.deepEqual(legacy('FROM golang:1.22', 'ENV GOFLAGS -mod=mod -trimpath'), []);
  assert.deepEqual(legacy('FROM golang:1.22', 'ENV PATH /usr/local/go/bin:$PATH FOO=bar'), []);
  assert.deepEqual(legacy('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn GOSUMDB=off'), []);
});

test('zh-cn: dockerfile-syntax keeps Docker`s words, the rest is translated', () => {
  const [e] = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'RUNN go build'), locale: 'zh-cn' }), 'dockerfile-syntax');
  assert.match(e.message, /^Docker 拒绝这个文件.*`dockerfile parse error on line 2: unknown instruction: RUNN \(did you mean RUN\?\)`/);
});
