// credentials-in-image, read the way BuildKit and the shell read them: a COPY judged by where the file lands, and sed
// expressions that only look like URLs with user info.
// Every test pairs a case that fires with a quiet counterpart that differs in the one fact under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, assertFixRoundTrip, at, only, type Files } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const credentials = (...body: string[]) => only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', ...body) }), 'credentials-in-image');

// ---------------------------------------------------------------- credentials-in-image: the destination counts

test('credentials-in-image: a COPY to a credentials file is judged by its destination, whatever the source is called', () => {
  for (const dest of [
    '/root/.netrc',
    '~/.netrc',
    '$HOME/.netrc',
    '/home/app/.netrc',
    '/root/.git-credentials',
    '/root/.ssh/id_ed25519',
    '.docker/config.json',
  ]) {
    const found = credentials(`COPY ci/netrc ${dest}`);
    assert.equal(found.length, 1, dest);
    assert.equal(found[0].severity, 'warning');
    assert.deepEqual(found[0].range, at(1, 14, 1, 14 + dest.length), dest);
    assert.match(found[0].message, new RegExp(`\`ci/netrc\` is copied to \`${dest.replace(/[$.]/g, '\\$&')}\``));
  }
  // The same source to a file go and git never read as credentials.
  assert.deepEqual(credentials('COPY ci/netrc /etc/ci/netrc.sample'), []);
  assert.deepEqual(credentials('COPY ./netrc /src/'), []);
});

test('credentials-in-image: a heredoc COPY to a credentials file puts its text into the layer', () => {
  const found = credentials('COPY <<EOF /root/.netrc', 'machine github.com login x password ${TOKEN}', 'EOF');
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'warning');
  assert.deepEqual(found[0].range, at(1, 11, 1, 23));
  assert.match(found[0].message, /^`<<EOF` is copied to `\/root\/\.netrc`, a credentials file, in an image layer/);
  assert.deepEqual(found[0].fixes, []);
  assert.equal(credentials('COPY <<netrc <<other /root/', 'machine x', 'netrc', 'y', 'other').length, 0);
  assert.equal(credentials('COPY <<.netrc <<other /root/', 'machine x', '.netrc', 'y', 'other').length, 1);
  // Counterpart: the same heredoc to a file go and git do not read.
  assert.deepEqual(credentials('COPY <<EOF /etc/app.conf', 'machine github.com login x password ${TOKEN}', 'EOF'), []);
});

test('credentials-in-image: a key put into a .ssh folder fires; known_hosts, *.pub and .ssh/config do not', () => {
  assert.equal(credentials('COPY deploy_key /root/.ssh/').length, 1);
  assert.equal(credentials('COPY keys/github.pem /root/.ssh').length, 1);
  assert.equal(credentials('COPY id_rsa known_hosts /root/.ssh/').length, 1, 'one finding per COPY');
  assert.deepEqual(credentials('COPY known_hosts /root/.ssh/'), []);
  assert.deepEqual(credentials('COPY known_hosts /root/.ssh/known_hosts'), []);
  assert.deepEqual(credentials('COPY ci/deploy_key.pub /root/.ssh/'), []);
  assert.deepEqual(credentials('COPY ssh_config /root/.ssh/config'), []);
  assert.deepEqual(credentials('COPY known_hosts config /root/.ssh/'), []);
});

test('credentials-in-image: one finding per COPY, on the source when its name says it, else on the destination', () => {
  const byName = credentials('COPY .netrc /root/.netrc');
  assert.equal(byName.length, 1);
  assert.deepEqual(byName[0].range, at(1, 5, 1, 11));
  const byDest = credentials('COPY ./netrc /root/.netrc');
  assert.equal(byDest.length, 1);
  assert.deepEqual(byDest[0].range, at(1, 13, 1, 25));
});

test('credentials-in-image: the secret-mount fix applies to a netrc destination and takes the chmod with it', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'WORKDIR /src', 'COPY ci/netrc /root/.netrc', 'RUN chmod 600 /root/.netrc', 'RUN go mod download') };
  const fixed = assertFixRoundTrip(f, 'credentials-in-image');
  assert.equal(fixed.dockerfile, df('FROM golang:1.22', 'WORKDIR /src', 'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download'));
  // The copied place is where the secret goes (another user's home).
  const app: Files = { dockerfile: df('FROM golang:1.22', 'USER app', 'COPY netrc /home/app/.netrc', 'RUN go mod download') };
  assert.equal(
    assertFixRoundTrip(app, 'credentials-in-image').dockerfile,
    df('FROM golang:1.22', 'USER app', 'RUN --mount=type=secret,id=netrc,target=/home/app/.netrc go mod download'),
  );
  // A later RUN that uses the file for more than chmod would fail without it: no fix.
  const used = only(
    analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'COPY ci/netrc /root/.netrc', 'RUN test -s /root/.netrc && go mod download') }),
    'credentials-in-image',
  );
  assert.equal(used.length, 1);
  assert.deepEqual(used[0].fixes, []);
  // A private key is no netrc: reported, but the netrc secret is not its fix.
  assert.deepEqual(credentials('COPY deploy_key /root/.ssh/')[0].fixes, []);
});

// ---------------------------------------------------------------- credentials-in-image: sed is not user info

test('credentials-in-image: sed expressions with @ or | delimiters are not URLs with user info; a real token URL still fires', () => {
  const quiet = [
    'RUN sed -i "s@http://deb.debian.org@${MIRROR}@g" /etc/apt/sources.list',
    "RUN sed -i 's@//.*archive.ubuntu.com@//mirrors.ustc.edu.cn@g' /etc/apt/sources.list",
    'RUN sed -i "s@https://dl-cdn.alpinelinux.org@$ALPINE_MIRROR@g" /etc/apk/repositories',
    "RUN sed -e 's@http://\\(.*\\)@https://\\1@' -i /etc/apk/repositories",
    'RUN sed -i "s@http://deb.debian.org@mirrors.example.com/debian@g" /etc/apt/sources.list',
    'RUN sed -i "s|http://deb.debian.org|${MIRROR}|g" /etc/apt/sources.list',
  ];
  for (const line of quiet) assert.deepEqual(credentials(line), [], line);
  const real = credentials('RUN git config --global url."https://oauth2:${TOKEN}@gitlab.com/".insteadOf "https://gitlab.com/"');
  assert.equal(real.length, 1);
  assert.ok(!real[0].message.includes('${TOKEN}'));
  // The host after the user info may be a variable running on into `.insteadOf`.
  assert.equal(credentials('RUN git config --global url."https://root:$GITLAB_TOKEN@$GITLAB_DOMAIN".insteadOf "https://$GITLAB_DOMAIN"').length, 1);
  assert.deepEqual(credentials('RUN git config --global url."ssh://git@$GITLAB_DOMAIN".insteadOf "https://$GITLAB_DOMAIN"'), []);
});
