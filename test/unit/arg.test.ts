// arg-out-of-scope beyond Go variable names: a global ARG (before the first FROM) that a stage reads without
// re-declaring it is empty there, reported where that changes module fetching (credentials, Go variables, git
// rewrites, fetch arguments) or decides a shell condition whose branch does. Every test pairs a firing case with a
// quiet counterpart that differs in the one fact under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, assertFixRoundTrip, at, only, type Files } from '../support/analysisHarness';
import type { Finding } from '../../server/src/core/types';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const scope = (f: Files | string): Finding[] => only(analyzeDockerfile(typeof f === 'string' ? { dockerfile: f } : f), 'arg-out-of-scope');
/** A Dockerfile with one global ARG line, a golang stage, and the given stage lines. */
const stage = (arg: string, ...lines: string[]) => df(arg, 'FROM golang:1.22 AS build', ...lines);
const INSTEAD_OF = 'RUN git config --global url."https://x-access-token:${TOKEN}@github.com/acme".insteadOf "https://github.com/acme"';

test('credentials in a git insteadOf: the private module is fetched without them; quiet once the stage re-declares the ARG', () => {
  const f: Files = { dockerfile: stage('ARG TOKEN', INSTEAD_OF, 'RUN go mod download') };
  const [finding, ...rest] = scope(f);
  assert.equal(rest.length, 0);
  assert.deepEqual(finding.range, at(2, 52, 2, 60));
  assert.match(
    finding.message,
    /^`\$\{TOKEN\}` expands to an empty string here: ARG TOKEN \(line 1\) is declared before the first FROM, and stage `build` does not re-declare it\./,
  );
  assert.match(finding.message, /a private module fetched through it is fetched without credentials/);
  assert.doesNotMatch(finding.message, /x-access-token/, 'the user info is redacted');
  const fixed = assertFixRoundTrip(f, 'arg-out-of-scope');
  assert.equal(fixed.dockerfile, stage('ARG TOKEN', 'ARG TOKEN', INSTEAD_OF, 'RUN go mod download'));
  assert.deepEqual(scope(stage('ARG TOKEN', 'ARG TOKEN', INSTEAD_OF)), []);
});

test('a global ARG whose name holds regular-expression characters (`# escape=`` makes `\\` literal) does not stop the rule', () => {
  const odd = (...lines: string[]) => df('# escape=`', 'ARG GOPROXY\\', 'ARG TOKEN', 'FROM golang:1.22 AS build', ...lines);
  assert.equal(scope(odd(INSTEAD_OF, 'RUN go mod download')).length, 1);
  assert.deepEqual(scope(odd('ARG TOKEN', INSTEAD_OF, 'RUN go mod download')), []);
});

test('credentials-in-image: quiet while the token is the empty global ARG, reported once the stage re-declares it', () => {
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: stage('ARG TOKEN', INSTEAD_OF) }), 'credentials-in-image'), []);
  assert.equal(only(analyzeDockerfile({ dockerfile: stage('ARG TOKEN', 'ARG TOKEN', INSTEAD_OF) }), 'credentials-in-image').length, 1);
});

test('a .netrc written by echo or printf | tee gets an empty password; echo to the build log is quiet', () => {
  const netrc = scope(stage('ARG TOKEN', 'RUN echo "machine github.com login x password $TOKEN" > ~/.netrc'));
  assert.equal(netrc.length, 1);
  assert.match(
    netrc[0].message,
    /So `~\/\.netrc` gets an empty value where the credentials go: a private module fetched through it is fetched without credentials\./,
  );
  const piped = scope(stage('ARG TOKEN', 'RUN printf "machine github.com login x password %s\\n" "$TOKEN" | tee -a /root/.netrc'));
  assert.equal(piped.length, 1);
  assert.match(piped[0].message, /`\/root\/\.netrc`/);
  assert.deepEqual(scope(stage('ARG TOKEN', 'RUN echo "machine github.com login x password $TOKEN"')), []);
});

test('the shell sets the variable first (a secret mounted as env, an assignment, read): quiet', () => {
  const use = 'git config --global url."https://x:${TOKEN}@github.com/".insteadOf "https://github.com/"';
  assert.equal(scope(stage('ARG TOKEN', `RUN ${use}`)).length, 1);
  assert.deepEqual(scope(stage('ARG TOKEN', `RUN --mount=type=secret,id=gh,env=TOKEN ${use}`)), []);
  assert.deepEqual(scope(stage('ARG TOKEN', `RUN TOKEN="$(cat /run/secrets/gh)" && ${use}`)), []);
  assert.deepEqual(scope(stage('ARG TOKEN', `RUN read -r TOKEN < /run/secrets/gh && ${use}`)), []);
  // A prefix on the same command comes too late: the shell expands the words first.
  assert.equal(scope(stage('ARG TOKEN', `RUN TOKEN=x ${use}`)).length, 1);
});

test('go env -w with an empty GOPROXY: every download fails; quiet when an ENV of the stage sets the variable', () => {
  const [finding] = scope(stage('ARG PROXY', 'RUN go env -w GOPROXY=$PROXY && go mod download'));
  assert.match(
    finding.message,
    /`go env -w` writes an empty GOPROXY, which replaces go's default: every module download then fails with `GOPROXY list is not the empty string, but contains no entries`/,
  );
  assert.deepEqual(scope(stage('ARG PROXY', 'ENV PROXY=https://goproxy.cn', 'RUN go env -w GOPROXY=$PROXY && go mod download')), []);
  // When ENV GOPROXY is set, go reads that, not the file `go env -w` wrote.
  const shadowed = scope(stage('ARG PROXY', 'ENV GOPROXY=https://goproxy.cn', 'RUN go env -w GOPROXY=$PROXY'));
  assert.match(shadowed[0].message, /still takes precedence/);
});

test('a Go variable set from the ARG by a prefix, export or ENV is empty (go falls back); not a variable go does not read', () => {
  const prefix = scope(stage('ARG PROXY=https://goproxy.cn', 'RUN GOPROXY=$PROXY go mod download'));
  assert.match(
    prefix[0].message,
    /So GOPROXY is set empty; go treats an empty GOPROXY as unset and uses a `go env -w` value or its default \(`https:\/\/proxy\.golang\.org,direct`\)\./,
  );
  const exported = scope(stage('ARG PRIVATE', 'RUN export GOPRIVATE=$PRIVATE && go mod download'));
  assert.match(exported[0].message, /So GOPRIVATE is set empty/);
  assert.deepEqual(scope(stage('ARG PRIVATE', 'RUN export MY_PRIVATE=$PRIVATE && go mod download')), []);
  const env = scope(stage('ARG PRIVATE', 'ENV GOPRIVATE=github.com/acme,${PRIVATE}'));
  assert.match(env[0].message, /So GOPRIVATE is set to `github\.com\/acme,`\./);
  assert.deepEqual(scope(stage('ARG PRIVATE', 'ARG PRIVATE', 'ENV GOPRIVATE=github.com/acme,${PRIVATE}')), []);
  // A global ARG used only in FROM lines is what global ARGs are for.
  assert.deepEqual(scope(df('ARG GO_VERSION=1.22', 'FROM golang:${GO_VERSION}', 'RUN go mod download')), []);
});

test('a switch tested by `if`: the `then` branch never runs; quiet when the branch changes nothing about fetching', () => {
  const f: Files = {
    dockerfile: stage('ARG USE_MIRROR=false', 'RUN if [ "$USE_MIRROR" = true ]; then go env -w GOPROXY=https://goproxy.cn,direct; fi && go mod download'),
  };
  const [finding, ...rest] = scope(f);
  assert.equal(rest.length, 0);
  assert.deepEqual(finding.range, at(2, 10, 2, 21));
  assert.match(
    finding.message,
    /So the `then` branch never runs: `go env -w GOPROXY=https:\/\/goproxy\.cn,direct` \(line 3\) is skipped, and GOPROXY keeps the value it had\./,
  );
  const fixed = assertFixRoundTrip(f, 'arg-out-of-scope');
  assert.match(fixed.dockerfile!, /AS build\nARG USE_MIRROR\n/);
  assert.deepEqual(scope(stage('ARG USE_MIRROR=false', 'RUN if [ "$USE_MIRROR" = true ]; then echo mirror; fi && go mod download')), []);
});

test('a switch tested by `[ -n ] &&`: the command after `&&` never runs (and its own reference is not reported again)', () => {
  const found = scope(stage('ARG GOPROXY_URL', 'RUN [ -n "$GOPROXY_URL" ] && go env -w GOPROXY=$GOPROXY_URL; go mod download'));
  assert.equal(found.length, 1);
  assert.match(found[0].message, /So the command after `&&` never runs: `go env -w GOPROXY=\$GOPROXY_URL` \(line 3\) is skipped/);
  assert.deepEqual(scope(stage('ARG GOPROXY_URL', 'ARG GOPROXY_URL', 'RUN [ -n "$GOPROXY_URL" ] && go env -w GOPROXY=$GOPROXY_URL; go mod download')), []);
  // `[ -z … ] ||` is the same switch written the other way.
  assert.match(
    scope(stage('ARG TOKEN', `RUN [ -z "$TOKEN" ] || ${INSTEAD_OF.slice(4)}`))[0].message,
    /the command after `\|\|` never runs: .* is skipped, and private modules are fetched without the credentials it sets up/,
  );
});

test('a switch tested by `case`: a named arm never runs, the default arm runs on every build', () => {
  const named = scope(stage('ARG REGION', 'RUN case $REGION in cn|hk) export GOPROXY=https://goproxy.cn;; esac; go mod download'));
  assert.match(named[0].message, /So the `cn\|hk\)` branch of the `case` never runs: `export GOPROXY=https:\/\/goproxy\.cn` \(line 3\) is skipped/);
  const fallback = scope(
    stage('ARG REGION', 'RUN <<EOF', 'case "$REGION" in', '  cn) echo china ;;', '  *) go env -w GOPROXY=https://proxy.golang.org,direct ;;', 'esac', 'EOF'),
  );
  assert.match(
    fallback[0].message,
    /So the `\*\)` branch of the `case` runs on every build: `go env -w GOPROXY=https:\/\/proxy\.golang\.org,direct` \(line 6\) runs whatever `--build-arg REGION=…` says\./,
  );
  assert.deepEqual(scope(stage('ARG REGION', 'RUN case $REGION in cn|hk) echo china;; esac; go mod download')), []);
});

test("the shell's own rules: an unquoted empty operand makes `[ $X != true ]` fail, a default makes the test known", () => {
  const unquoted = scope(stage('ARG USE_MIRROR', 'RUN if [ $USE_MIRROR != true ]; then echo default; else go env -w GOPROXY=https://goproxy.cn; fi'));
  assert.match(unquoted[0].message, /So the `else` branch runs on every build/);
  const quoted = scope(stage('ARG USE_MIRROR', 'RUN if [ "$USE_MIRROR" != true ]; then echo default; else go env -w GOPROXY=https://goproxy.cn; fi'));
  assert.match(quoted[0].message, /So the `else` branch never runs/);
  const withDefault = scope(stage('ARG USE_MIRROR', 'RUN if [ "${USE_MIRROR:-true}" = true ]; then go env -w GOPROXY=https://goproxy.cn; fi'));
  assert.match(withDefault[0].message, /^`\$\{USE_MIRROR:-true\}` always gives its default `true` here: .* So the `then` branch runs on every build/);
  // A test that depends on something else is not decided by the ARG: quiet.
  assert.deepEqual(scope(stage('ARG USE_MIRROR', 'RUN if [ "$USE_MIRROR" = "$OTHER" ]; then go env -w GOPROXY=https://goproxy.cn; fi')), []);
});

test('fetch arguments: `go install tool@${VERSION}` and a clone URL; a version stamp in -ldflags is quiet', () => {
  const install = scope(stage('ARG LINT_VERSION=v1.59.1', 'RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@${LINT_VERSION}'));
  assert.match(install[0].message, /So `go install` gets `github\.com\/golangci\/golangci-lint\/cmd\/golangci-lint@` in its place\./);
  assert.deepEqual(scope(stage('ARG VERSION=v1.2.3', 'RUN go build -ldflags "-X main.version=$VERSION" -o /out/app ./cmd/app')), []);
  const clone = scope(stage('ARG GIT_HOST', 'RUN git clone https://${GIT_HOST}/acme/lib.git /src/lib'));
  assert.match(clone[0].message, /So `git clone` gets `https:\/\/\/acme\/lib\.git` in its place\./);
  const cloneToken = scope(stage('ARG TOKEN', 'RUN git clone https://oauth2:${TOKEN}@gitlab.com/acme/lib.git'));
  assert.match(cloneToken[0].message, /So `git clone` gets an empty value where the credentials go/);
});

test('quiet for what does not change module fetching: labels, echo, an apt mirror through sed', () => {
  assert.deepEqual(scope(stage('ARG VERSION', 'LABEL org.opencontainers.image.version=$VERSION', 'RUN echo "building $VERSION"')), []);
  assert.deepEqual(
    scope(stage('ARG MIRROR=https://mirrors.aliyun.com', 'RUN sed -i "s@http://deb.debian.org@${MIRROR}@g" /etc/apt/sources.list && apt-get update')),
    [],
  );
});

test('BuildKit platform ARGs and the predefined proxy ARGs: quiet', () => {
  // A global TARGETARCH is not visible in a stage either, but it is about the platform, not module fetching.
  assert.deepEqual(scope(stage('ARG TARGETARCH', 'RUN if [ "$TARGETARCH" = arm64 ]; then go env -w GOPROXY=https://goproxy.cn; fi')), []);
  // HTTPS_PROXY reaches RUN from --build-arg without any ARG line.
  assert.deepEqual(scope(stage('ARG HTTPS_PROXY', 'RUN git config --global https.proxy $HTTPS_PROXY')), []);
  assert.equal(scope(stage('ARG CORP_PROXY', 'RUN git config --global https.proxy $CORP_PROXY')).length, 1);
});

test('an ENV of the stage passes the empty value on: reported at the ENV, for the RUN that reads it', () => {
  const f: Files = {
    dockerfile: stage(
      'ARG GITHUB_TOKEN',
      'ENV GITHUB_TOKEN=${GITHUB_TOKEN}',
      'RUN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"',
    ),
  };
  const [finding, ...rest] = scope(f);
  assert.equal(rest.length, 0);
  assert.deepEqual(finding.range, at(2, 17, 2, 32));
  assert.match(
    finding.message,
    /This ENV passes that on as GITHUB_TOKEN, which line 4 reads\. So `git config url\.https:\/\/\*\*\*@github\.com\/\.insteadOf` gets an empty value/,
  );
  assertFixRoundTrip(f, 'arg-out-of-scope');
  assert.deepEqual(scope(stage('ARG GITHUB_TOKEN', 'ENV GITHUB_TOKEN=${GITHUB_TOKEN}', 'RUN echo "$GITHUB_TOKEN" | wc -c')), []);
});

test('Go variable names keep being reported anywhere; not those the official golang image sets with ENV', () => {
  const echo = scope(stage('ARG GOPROXY=https://goproxy.cn', 'RUN echo $GOPROXY'));
  assert.match(echo[0].message, /A global ARG is visible only in FROM lines\.$/);
  assert.deepEqual(scope(stage('ARG GOPATH=/go', 'RUN cd $GOPATH/src')), []);
  assert.equal(scope(df('ARG GOPATH=/go', 'FROM alpine:3.20', 'RUN cd $GOPATH/src')).length, 1);
});

test('messages in Chinese', () => {
  const [finding] = only(
    analyzeDockerfile({
      dockerfile: stage('ARG USE_MIRROR=false', 'RUN if [ "$USE_MIRROR" = true ]; then go env -w GOPROXY=https://goproxy.cn,direct; fi'),
      locale: 'zh-cn',
    }),
    'arg-out-of-scope',
  );
  assert.equal(
    finding.message,
    '这里的 `$USE_MIRROR` 会展开为空字符串：ARG USE_MIRROR（第 1 行）声明在第一个 FROM 之前，而阶段 `build` 没有重新声明它。因此 `then` 分支永远不会执行：第 3 行的 `go env -w GOPROXY=https://goproxy.cn,direct` 被跳过，GOPROXY 保持原来的值。',
  );
});
