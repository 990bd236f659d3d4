// credentials-in-env and credentials-in-build-arg: credentials judged by use (a RUN puts the variable into a URL's
// user info, a credentials file or git config) or by value (a URL with user info, a token of a known shape), never by
// the name alone, and only in the stages the image is made of. Messages never show the value.
// Every test pairs a case that fires with a quiet counterpart that differs in the one fact under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, at, only } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const INSTEAD_OF = 'RUN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"';
const arg = (...lines: string[]) => only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', ...lines) }), 'credentials-in-build-arg');
const env = (...lines: string[]) => only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', ...lines) }), 'credentials-in-env');

// ---------------------------------------------------------------- credentials-in-build-arg

test('credentials-in-build-arg: an ARG a RUN puts into an insteadOf URL is in the image history; the fix is a secret mount', () => {
  const [w] = arg('ARG GITHUB_TOKEN', INSTEAD_OF, 'RUN go mod download');
  assert.equal(w.severity, 'warning');
  assert.deepEqual(w.range, at(1, 4, 1, 16));
  assert.match(
    w.message,
    /^Build argument GITHUB_TOKEN holds credentials: line 3 puts it into the user info of `url\.https:\/\/\*\*\*@github\.com\/\.insteadOf`\./,
  );
  assert.match(w.message, /`docker history --no-trunc` shows `\|1 GITHUB_TOKEN=… \/bin\/sh -c …`/);
  assert.match(
    w.message,
    /`RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN …` \(Dockerfile syntax 1\.10 or later; before that, read the file `\/run\/secrets\/github_token`/,
  );
  assert.match(w.message, /`docker build --secret id=github_token,env=GITHUB_TOKEN`/);
  // Declared and never used by a RUN: its name alone says nothing.
  assert.deepEqual(arg('ARG GITHUB_TOKEN', 'RUN go mod download'), []);
  // Used, but not as credentials.
  assert.deepEqual(arg('ARG GITHUB_TOKEN', 'RUN go build -ldflags "-X main.build=${GITHUB_TOKEN:+ci}" ./...'), []);
});

test('credentials-in-build-arg: written into a credentials file or given to git config counts; an SSH key gets the SSH mount', () => {
  assert.match(
    arg('ARG PASS', 'RUN echo "machine git.acme.com login ci password ${PASS}" > /root/.netrc')[0].message,
    /line 3 writes it into `\/root\/\.netrc`/,
  );
  assert.match(
    arg('ARG GH', 'RUN git config --global http.https://github.com/.extraheader "AUTHORIZATION: bearer $GH"')[0].message,
    /line 3 gives it to `git config`/,
  );
  const [key] = arg('ARG SSH_KEY', 'RUN mkdir -p /root/.ssh && echo "$SSH_KEY" > /root/.ssh/id_ed25519');
  assert.match(key.message, /`RUN --mount=type=ssh …` on the steps that use it, built with `docker build --ssh default`/);
  // The same file written with a value of no ARG.
  assert.deepEqual(arg('ARG PASS', 'RUN echo "machine git.acme.com login ci" > /root/.netrc'), []);
});

test('credentials-in-build-arg: quiet when the RUN gets the value another way (a secret mount, its own assignment)', () => {
  assert.deepEqual(arg('ARG GITHUB_TOKEN', INSTEAD_OF.replace('RUN ', 'RUN --mount=type=secret,id=gh,env=GITHUB_TOKEN ')), []);
  assert.deepEqual(arg('ARG GITHUB_TOKEN', INSTEAD_OF.replace('RUN ', 'RUN GITHUB_TOKEN=$(cat /run/secrets/gh) && ')), []);
});

test('credentials-in-build-arg: a default shaped like a token or a URL with user info counts without a use', () => {
  assert.match(arg('ARG NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123')[0].message, /its value `npm_\*\*\*` is a token/);
  assert.match(arg('ARG MIRROR=https://ci:s3cret@git.acme.com/')[0].message, /its value `https:\/\/\*\*\*@git\.acme\.com\/` is a URL with user info/);
  assert.deepEqual(arg('ARG MIRROR=ssh://git@git.acme.com/', 'ARG REF=main'), []);
});

test('credentials-in-build-arg: only in the stages the image is made of (a builder stage`s history is not in the image)', () => {
  const builder = ['FROM golang:1.22 AS build', 'ARG GITHUB_TOKEN', INSTEAD_OF, 'RUN go build -o /app .'];
  assert.deepEqual(only(analyzeDockerfile({ dockerfile: df(...builder, 'FROM alpine', 'COPY --from=build /app /app') }), 'credentials-in-build-arg'), []);
  // The layer it wrote is still credentials-in-image's.
  assert.equal(only(analyzeDockerfile({ dockerfile: df(...builder, 'FROM alpine', 'COPY --from=build /app /app') }), 'credentials-in-image').length, 1);
  // A final stage built FROM the builder keeps its history.
  assert.equal(only(analyzeDockerfile({ dockerfile: df(...builder, 'FROM build', 'CMD ["/app"]') }), 'credentials-in-build-arg').length, 1);
});

test('credentials-in-build-arg: reported at the ARG even when a build argument gives the value, and never showing it', () => {
  const found = only(
    analyzeDockerfile({
      dockerfile: df('FROM golang:1.22', 'ARG GITHUB_TOKEN', INSTEAD_OF),
      buildArgs: { GITHUB_TOKEN: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' },
    }),
    'credentials-in-build-arg',
  );
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].range, at(1, 4, 1, 16));
  assert.doesNotMatch(found[0].message, /abcdefghij/);
});

// ---------------------------------------------------------------- credentials-in-env

test('credentials-in-env: an ENV holding a token or a URL with user info is in the image config', () => {
  const [w] = env('ENV NETRC_PASSWORD=ghp_abcdefghijklmnopqrstuvwxyz0123456789');
  assert.equal(w.severity, 'warning');
  assert.match(
    w.message,
    /^ENV NETRC_PASSWORD holds credentials: its value `ghp_\*\*\*` is a token\. An ENV value is stored in the image config, where `docker inspect` shows it/,
  );
  assert.doesNotMatch(w.message, /abcdefghij/);
  assert.equal(env('ENV REPO_URL=https://ci:s3cret@git.acme.com/org/repo.git').length, 1);
  // Not a credential by value, and the name alone says nothing.
  assert.deepEqual(env('ENV NETRC_PASSWORD=/run/secrets/netrc', 'ENV REPO_URL=ssh://git@git.acme.com/org/repo.git'), []);
});

test('credentials-in-env: an ENV passing a build argument on, used as credentials, is in the image config', () => {
  const [w] = env('ARG GITHUB_TOKEN', 'ENV GITHUB_TOKEN=${GITHUB_TOKEN}', INSTEAD_OF);
  assert.deepEqual(w.range, at(2, 4, 2, 32));
  assert.match(w.message, /line 4 puts it into the user info/);
  // The ARG is not reported again: the RUN reads the ENV.
  assert.deepEqual(arg('ARG GITHUB_TOKEN', 'ENV GITHUB_TOKEN=${GITHUB_TOKEN}', INSTEAD_OF), []);
  assert.deepEqual(env('ARG GITHUB_TOKEN', 'ENV GITHUB_TOKEN=${GITHUB_TOKEN}', 'RUN go mod download'), []);
});

test('credentials-in-env and -build-arg: GOPRIVATE, GONOSUMDB and GONOPROXY are module patterns, never secrets', () => {
  const patterns = ['ENV GOPRIVATE=github.com/acme/* GONOSUMDB=github.com/acme GONOPROXY=git.acme.com', 'ARG GOPRIVATE=github.com/acme'];
  const use = 'RUN git config --global url."https://ci:x@${GONOPROXY}/".insteadOf "https://${GONOPROXY}/" && go env GOPRIVATE';
  assert.deepEqual(env(...patterns, use), []);
  assert.deepEqual(arg(...patterns, use), []);
  // GOPROXY with user info is goproxy-credentials' (with its own fix).
  assert.deepEqual(env('ENV GOPROXY=https://ci:s3cret@goproxy.acme.com'), []);
});

test('credentials-in-image no longer reports an ENV or ARG value (its message is about a RUN writing a layer)', () => {
  const found = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ENV REPO=https://ci:s3cret@git.acme.com/x.git') }), 'credentials-in-image');
  assert.deepEqual(found, []);
});

test('zh-cn: credentials-in-build-arg', () => {
  const [w] = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'ARG GITHUB_TOKEN', INSTEAD_OF), locale: 'zh-cn' }), 'credentials-in-build-arg');
  assert.match(w.message, /^构建参数 GITHUB_TOKEN 含有凭据：第 3 行把它放进了/);
});
