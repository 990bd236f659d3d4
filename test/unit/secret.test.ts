// Secrets in Dockerfiles, read the way BuildKit and the shell read them: a secret mounted where go and git never look
// (secret-mount-target), a RUN that prints a secret into the build log (secret-in-build-log).
// Every test pairs a case that fires with a quiet counterpart that differs in the one fact under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, assertFixRoundTrip, at, only, type Files } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const mountTarget = (...body: string[]) => only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', ...body) }), 'secret-mount-target');
const buildLog = (...body: string[]) => only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', ...body) }), 'secret-in-build-log');

// ---------------------------------------------------------------- secret-mount-target

test('secret-mount-target: ~ in a secret target is not expanded; the fix mounts it in the home of the stage user', () => {
  for (const key of ['dst', 'target', 'destination']) {
    const f: Files = { dockerfile: df('FROM golang:1.22', 'WORKDIR /src', `RUN --mount=type=secret,id=netrc,${key}=~/.netrc go mod download`) };
    const [found, ...rest] = only(analyzeDockerfile(f), 'secret-mount-target');
    assert.equal(rest.length, 0, key);
    assert.equal(found.severity, 'error');
    const col = `RUN --mount=type=secret,id=netrc,${key}=`.length;
    assert.deepEqual(found.range, at(2, col, 2, col + 8));
    assert.match(found.message, /does not expand `~`.*mounted at `\/src\/~\/.netrc`.*go and git read `\/root\/.netrc`/);
    const fixed = assertFixRoundTrip(f, 'secret-mount-target');
    assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'WORKDIR /src', `RUN --mount=type=secret,id=netrc,${key}=/root/.netrc go mod download`));
  }
  // The same secret at an absolute target is where go looks.
  assert.deepEqual(mountTarget('RUN --mount=type=secret,id=netrc,dst=/root/.netrc go mod download'), []);
});

test('secret-mount-target: .git-credentials, .gitconfig and .ssh keys under ~ too; other files are not HOME credentials', () => {
  assert.equal(mountTarget('RUN --mount=type=secret,id=gitcreds,target=~/.git-credentials git clone https://git.corp.example.com/x.git').length, 1);
  assert.equal(mountTarget('RUN --mount=type=secret,id=gitconfig,target=~/.gitconfig go mod download').length, 1);
  const ssh = mountTarget('RUN --mount=type=secret,id=key,target=~/.ssh/id_ed25519 git clone git@github.com:corp/x.git');
  assert.equal(ssh.length, 1);
  assert.match(ssh[0].message, /ssh \(for git and go\) reads `\/root\/.ssh\/id_ed25519`/);
  assert.deepEqual(mountTarget('RUN --mount=type=secret,id=token,target=~/token go mod download'), []);
});

test('secret-mount-target: the home follows USER, a created home and ENV HOME', () => {
  const fix = (...body: string[]) => {
    const f: Files = { dockerfile: df('FROM golang:1.22', ...body, 'RUN --mount=type=secret,id=netrc,target=~/.netrc go mod download') };
    return /target=(\S+) go mod download/.exec(assertFixRoundTrip(f, 'secret-mount-target').dockerfile ?? '')?.[1];
  };
  assert.equal(fix(), '/root/.netrc');
  assert.equal(fix('USER app'), '/home/app/.netrc');
  assert.equal(fix('RUN useradd --create-home -d /opt/app app', 'USER app'), '/opt/app/.netrc');
  assert.equal(fix('RUN adduser -D -h /srv/app app', 'USER app:app'), '/srv/app/.netrc');
  assert.equal(fix('USER app', 'ENV HOME=/work'), '/work/.netrc');
  // A uid: the home of the user created with it, else / (no passwd entry).
  assert.equal(fix('RUN useradd -m -u 1001 app', 'USER 1001'), '/home/app/.netrc');
  assert.equal(fix('USER 1001'), '/.netrc');
});

test('secret-mount-target: a relative target lands under the WORKDIR; quiet when the WORKDIR is the home or the RUN reads it there', () => {
  const relative = mountTarget('WORKDIR /src', 'RUN --mount=type=secret,id=netrc,target=.netrc go mod download');
  assert.equal(relative.length, 1);
  assert.match(relative[0].message, /relative mount target is placed under the WORKDIR: `.netrc` mounts this secret at `\/src\/.netrc`/);
  // The golang image works in /go when the Dockerfile sets no WORKDIR.
  assert.match(mountTarget('RUN --mount=type=secret,id=netrc,target=.netrc go mod download')[0].message, /at `\/go\/.netrc`/);
  // Another image's working directory is not in view.
  const other = only(
    analyzeDockerfile({ dockerfile: df('FROM alpine:3.20', 'RUN apk add go', 'RUN --mount=type=secret,id=netrc,target=.netrc go mod download') }),
    'secret-mount-target',
  );
  assert.match(other[0].message, /at `.netrc` under the working directory/);
  // WORKDIR /root: the relative target is /root/.netrc.
  assert.deepEqual(mountTarget('WORKDIR /root', 'RUN --mount=type=secret,id=netrc,target=.netrc go mod download'), []);
  // The RUN reads the file where it is mounted.
  const reads = [
    'RUN --mount=type=secret,id=netrc,target=.netrc cp .netrc ~/.netrc && go mod download',
    'RUN --mount=type=secret,id=netrc,target=.netrc cat .netrc > /dev/null && go mod download',
    'RUN --mount=type=secret,id=netrc,target=.netrc NETRC=/src/.netrc go mod download',
    'RUN --mount=type=secret,id=netrc,target=.netrc NETRC=.netrc go mod download',
    'RUN --mount=type=secret,id=netrc,target=.netrc HOME=/src go mod download',
    'RUN --mount=type=secret,id=gitconfig,target=.gitconfig GIT_CONFIG_GLOBAL=$PWD/.gitconfig go mod download',
  ];
  for (const line of reads) assert.deepEqual(mountTarget('WORKDIR /src', line), [], line);
  assert.deepEqual(mountTarget('WORKDIR /src', 'ENV NETRC=/src/.netrc', 'RUN --mount=type=secret,id=netrc,target=.netrc go mod download'), []);
  // `~/.netrc` read in the RUN is $HOME's file, not the mount: still wrong.
  assert.equal(mountTarget('WORKDIR /src', 'RUN --mount=type=secret,id=netrc,target=~/.netrc cp ~/.netrc /tmp && go mod download').length, 1);
});

test('secret-mount-target and secret-in-build-log speak Simplified Chinese too', () => {
  const zh = (...body: string[]) => analyzeDockerfile({ dockerfile: df('FROM golang:1.22', ...body), locale: 'zh-cn' });
  const [mount] = only(zh('RUN --mount=type=secret,id=netrc,target=~/.netrc go mod download'), 'secret-mount-target');
  assert.match(mount.message, /BuildKit 不会展开挂载目标中的 `~`/);
  const [log] = only(zh('ARG GITHUB_TOKEN', 'RUN echo $GITHUB_TOKEN'), 'secret-in-build-log');
  assert.match(log.message, /打印到了构建日志中/);
});

test('secret-mount-target: only when go, git or ssh runs in the step', () => {
  assert.deepEqual(mountTarget('RUN --mount=type=secret,id=netrc,target=~/.netrc ./build.sh'), []);
  assert.equal(mountTarget('RUN --mount=type=secret,id=netrc,target=~/.netrc CGO_ENABLED=0 go build ./...').length, 1);
  assert.equal(mountTarget('RUN --mount=type=secret,id=netrc,target=~/.netrc sh -c "go mod download"').length, 1);
});

// ---------------------------------------------------------------- secret-in-build-log

test('secret-in-build-log: cat of a credentials file or a mounted secret prints it; piped into a consumer or redirected does not', () => {
  for (const file of ['~/.netrc', '/root/.netrc', '/run/secrets/npm_token', '$HOME/.git-credentials']) {
    const found = buildLog(`RUN --mount=type=secret,id=npm_token cat ${file}`);
    assert.equal(found.length, 1, file);
    assert.equal(found[0].severity, 'warning');
    assert.deepEqual(found[0].range, at(1, 37, 1, 41 + file.length));
  }
  assert.equal(buildLog('RUN --mount=type=secret,id=netrc,target=/tmp/n cat /tmp/n').length, 1, 'the target of a secret mount');
  assert.equal(buildLog('RUN cat /run/secrets/token | tee /tmp/token').length, 1, 'tee prints what it writes');
  assert.equal(buildLog('RUN cat ~/.netrc >&2').length, 1, 'stderr is in the log too');
  assert.equal(buildLog('RUN cat ~/.netrc 2>/dev/null').length, 1, 'only stderr is redirected');
  assert.deepEqual(buildLog('RUN cat ~/.netrc 1>/dev/null'), []);
  assert.deepEqual(buildLog('RUN cat ~/.netrc &>/dev/null'), []);
  const quiet = [
    'RUN cat /run/secrets/token | docker login -u ci --password-stdin registry.example.com',
    'RUN export TOKEN="$(cat /run/secrets/token)" && go mod download',
    'RUN cat /run/secrets/netrc > /root/.netrc',
    'RUN cat /run/secrets/token | tee /tmp/token > /dev/null',
    'RUN cat ~/.ssh/id_rsa.pub',
    'RUN cat ~/.ssh/known_hosts',
    'RUN cat go.mod',
    'RUN { echo machine x; cat /run/secrets/token; } > /root/.netrc',
  ];
  for (const line of quiet) assert.deepEqual(buildLog(line), [], line);
});

test('secret-in-build-log: echo/printenv of a secret-named ARG, ENV or secret env; never a variable that is not a secret', () => {
  const fired = buildLog('ARG GITHUB_TOKEN', 'RUN echo "token: ${GITHUB_TOKEN}"');
  assert.equal(fired.length, 1);
  assert.match(fired[0].message, /`echo` prints the value of `\$GITHUB_TOKEN` \(a build argument whose name says it is a secret\)/);
  assert.equal(buildLog('ENV DB_PASSWORD=hunter2', 'RUN echo $DB_PASSWORD').length, 1);
  assert.ok(!buildLog('ENV DB_PASSWORD=hunter2', 'RUN echo $DB_PASSWORD')[0].message.includes('hunter2'));
  assert.equal(buildLog('RUN --mount=type=secret,id=gh,env=GH_AUTH echo $GH_AUTH').length, 1);
  assert.equal(buildLog('RUN --mount=type=secret,id=gh,env=GITHUB_TOKEN printenv GITHUB_TOKEN').length, 1);
  assert.equal(buildLog('RUN export NPM_TOKEN=$(cat /run/secrets/npm) && echo $NPM_TOKEN').length, 1);
  assert.equal(buildLog('ARG GH_PAT', 'RUN printf "%s\\n" "$GH_PAT"').length, 1);
  // GOPROXY is no secret unless it holds user info.
  assert.deepEqual(buildLog('ENV GOPROXY=https://goproxy.cn,direct', 'RUN echo $GOPROXY'), []);
  const url = buildLog('ARG GOPROXY=https://ci:s3cr3t@athens.corp.example.com', 'RUN echo $GOPROXY');
  assert.equal(url.length, 1);
  assert.ok(!url[0].message.includes('s3cr3t'));
  const quiet = [
    ['RUN echo $GITHUB_TOKEN'], // not declared: it expands to nothing
    ['ARG GITHUB_TOKEN', 'RUN echo "$GITHUB_TOKEN" > /root/token'],
    ['ARG GITHUB_TOKEN', 'RUN echo "$GITHUB_TOKEN" | docker login ghcr.io -u ci --password-stdin'],
    ['ARG GITHUB_TOKEN', 'RUN echo "token set: ${GITHUB_TOKEN:+yes}"'],
    ['ARG GPG_KEY', 'RUN echo $GPG_KEY'],
    ['ARG TOKEN_FILE', 'RUN echo $TOKEN_FILE'],
    ['ARG GITHUB_TOKEN', "RUN echo '$GITHUB_TOKEN'"],
    ['ARG VERSION', 'RUN echo $VERSION'],
  ];
  for (const body of quiet) assert.deepEqual(buildLog(...body), [], body.join(' / '));
});

test('secret-in-build-log: env and printenv with no arguments print a secret in scope', () => {
  const all = buildLog('ARG NPM_TOKEN', 'RUN env && go mod download');
  assert.equal(all.length, 1);
  assert.match(all[0].message, /`env` prints every environment variable, `NPM_TOKEN`/);
  assert.equal(buildLog('ARG NPM_TOKEN', 'RUN printenv').length, 1);
  assert.deepEqual(buildLog('ARG NPM_VERSION', 'RUN env && printenv'), []);
  assert.deepEqual(buildLog('ARG NPM_TOKEN', 'RUN env CGO_ENABLED=0 go build ./...'), []);
  assert.deepEqual(buildLog('ARG NPM_TOKEN', 'RUN env > /tmp/env'), []);
});

test('secret-in-build-log: git config --list after credentials were written into git config', () => {
  const write = 'RUN git config --global url."https://ci:${GITLAB_TOKEN}@gitlab.com/".insteadOf "https://gitlab.com/"';
  const found = buildLog('ARG GITLAB_TOKEN', write, 'RUN git config --list');
  assert.equal(found.length, 1);
  assert.equal(found[0].range.start.line, 3);
  assert.match(found[0].message, /`git config --list` prints the git configuration, with the credentials written into it on line 3/);
  assert.ok(!found[0].message.includes('${GITLAB_TOKEN}'));
  assert.equal(buildLog('ARG GITLAB_TOKEN', `${write} && git config --global -l`).length, 1);
  // A stage built on that stage carries the layer.
  assert.equal(
    only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22 AS base', 'ARG GITLAB_TOKEN', write, 'FROM base', 'RUN git config -l') }), 'secret-in-build-log')
      .length,
    1,
  );
  assert.equal(
    buildLog('ARG GITHUB_TOKEN', 'RUN git config --global http.https://github.com/.extraheader "AUTHORIZATION: bearer $GITHUB_TOKEN"', 'RUN git config --list')
      .length,
    1,
  );
  const literal = buildLog('RUN git config --global http.extraheader "AUTHORIZATION: basic dXNlcjpsaXRlcmFsdG9rZW4="', 'RUN git config --list');
  assert.equal(literal.length, 1);
  assert.ok(!literal[0].message.includes('dXNlcjpsaXRlcmFsdG9rZW4='), literal[0].message);
  // Nothing secret written first, or written after the listing, or an ssh rewrite.
  assert.deepEqual(buildLog('RUN git config --list'), []);
  assert.deepEqual(buildLog('ARG GITLAB_TOKEN', 'RUN git config --list', write), []);
  assert.deepEqual(buildLog('RUN git config --global url."ssh://git@gitlab.com/".insteadOf "https://gitlab.com/"', 'RUN git config --list'), []);
  assert.deepEqual(buildLog('RUN git config --global credential.helper store', 'RUN git config --list'), []);
});

test('secret-in-build-log: go env prints a GOPROXY with user info', () => {
  assert.equal(buildLog('ENV GOPROXY=https://ci:s3cr3t@athens.corp.example.com,direct', 'RUN go env').length, 1);
  assert.equal(buildLog('RUN go env -w GOPROXY=https://ci:s3cr3t@athens.corp.example.com && go env GOPROXY').length, 1);
  assert.deepEqual(buildLog('ENV GOPROXY=https://athens.corp.example.com,direct', 'RUN go env'), []);
  assert.deepEqual(buildLog('ENV GOPROXY=https://ci:s3cr3t@athens.corp.example.com,direct', 'RUN go env GOPATH'), []);
});
