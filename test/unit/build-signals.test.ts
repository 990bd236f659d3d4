// A file's build signals are scanned in chunks of lines, each taken from the scan before while its text at its place is
// the same (goenv/buildSignals.ts): the result must be what one scan of the whole file finds, whatever the chunk
// boundaries, and an edit must show at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSignals } from '../../server/src/goenv/buildSignals';

const filler = (n: number) => Array.from({ length: n }, (_, i) => `RUN echo step ${i}`);

function signalsOf(lines: string[], uri = 'file:///ws/Dockerfile') {
  return buildSignals({ uri, text: lines.join('\n') + '\n' }, true).map((s) => `${s.line}:${s.how}:${s.value || s.prefix || ''}`);
}

test('signals far apart in a long file keep their own line numbers', () => {
  const lines = ['FROM golang:1.22', ...filler(40), 'ENV GOPRIVATE=git.acme.io', ...filler(60), 'ENV GONOSUMDB=git.other.io'];
  assert.deepEqual(signalsOf(lines), ['41:GOPRIVATE:git.acme.io', '102:GONOSUMDB:git.other.io']);
});

test('a .netrc machine line counts when the file mentions netrc anywhere, even many lines away', () => {
  const machine = 'RUN printf "machine git.acme.io login ci password x" > /tmp/creds';
  const withNetrc = ['FROM golang:1.22', 'RUN --mount=type=secret,id=netrc,target=/root/.netrc true', ...filler(70), machine];
  assert.deepEqual(signalsOf(withNetrc), ['72:netrc:git.acme.io', '1:secret-mount:']);
  // Quiet counterpart: the same machine line in a file that never mentions netrc is not credentials.
  const without = ['FROM golang:1.22', 'RUN true', ...filler(70), machine];
  assert.deepEqual(signalsOf(without), []);
});

test('signals are listed by kind, then in file order, across chunks', () => {
  const lines = ['ENV GONOPROXY=b.io', ...filler(50), 'ENV GOPRIVATE=a.io', ...filler(50), 'ENV GONOPROXY=c.io'];
  assert.deepEqual(signalsOf(lines), ['0:GONOPROXY:b.io', '51:GOPRIVATE:a.io', '102:GONOPROXY:c.io']);
});

test('an edited line shows in the next scan, and an undone edit brings the first answer back', () => {
  const lines = ['FROM golang:1.22', ...filler(40), 'ENV GOPRIVATE=git.acme.io', ...filler(40)];
  const before = signalsOf(lines);
  const edited = [...lines];
  edited[41] = 'ENV GOPRIVATE=git.acme.io,git.more.io';
  assert.deepEqual(signalsOf(edited), ['41:GOPRIVATE:git.acme.io,git.more.io']);
  assert.deepEqual(signalsOf(lines), before);
  // A line inserted above moves every signal below it.
  assert.deepEqual(signalsOf(['# new first line', ...lines]), ['42:GOPRIVATE:git.acme.io']);
});

test('the scan of a document being analysed is read again by the next analyses, for the last four such documents only', () => {
  const file = (n: number) => ({ uri: `file:///ws/svc${n}/Dockerfile`, text: `FROM golang:1.22\nENV GOPRIVATE=git.corp${n}.io\n` });
  const first = file(0);
  const scanned = buildSignals(first, true);
  // Analysing another document next: the first one's signals are those of its scan, not a new scan.
  assert.equal(buildSignals({ ...first }), scanned);
  assert.equal(buildSignals({ ...first }, true), scanned);
  // An edit is a new text: scanned again.
  const edited = { uri: first.uri, text: first.text + 'ENV GONOSUMDB=git.other.io\n' };
  assert.notEqual(buildSignals(edited, true), scanned);
  // Four more documents analysed: the first one's edited scan is no longer kept.
  const editedScan = buildSignals(edited, true);
  for (let n = 1; n <= 4; n++) buildSignals(file(n), true);
  assert.notEqual(buildSignals(edited, true), editedScan);
  assert.deepEqual(buildSignals(edited, true), editedScan);
});

test('a keystroke in a document being analysed that changes no signal gives the same scan; one that does, a new one', () => {
  const uri = 'file:///ws/typed/Dockerfile';
  const lines = ['FROM golang:1.22', ...filler(40), 'ENV GOPRIVATE=git.acme.io', ...filler(40), 'RUN printf "machine git.acme.io login ci" > /tmp/x'];
  const scan = (ls: string[]) => buildSignals({ uri, text: ls.join('\n') + '\n' }, true);
  const first = scan(lines);
  const typed = [...lines];
  typed[10] = 'RUN echo step 9 and more';
  assert.equal(scan(typed), first, 'a line without signals edited');
  typed[41] = 'ENV GOPRIVATE=git.acme.io  ';
  assert.equal(scan(typed), first, 'the same pattern list, white space after it');
  typed[41] = 'ENV GOPRIVATE=git.acme.io,git.more.io';
  const changed = scan(typed);
  assert.notEqual(changed, first);
  assert.deepEqual(
    changed.map((s) => `${s.line}:${s.how}:${s.value}`),
    ['41:GOPRIVATE:git.acme.io,git.more.io'],
  );
  // netrc mentioned in another chunk: the machine line, unchanged itself, is credentials now.
  typed[5] = 'RUN --mount=type=secret,id=netrc,target=/root/.netrc true';
  assert.deepEqual(
    scan(typed).map((s) => `${s.line}:${s.how}:${s.value || s.prefix || ''}`),
    ['41:GOPRIVATE:git.acme.io,git.more.io', '82:netrc:git.acme.io', '5:secret-mount:'],
  );
});

test('a file opened with other text and closed again: its scan of the text on disk is kept, not made again', () => {
  const uri = 'file:///ws/large/build.Dockerfile';
  const disk = ['FROM golang:1.22', ...filler(100), 'ENV GOPRIVATE=git.acme.io'].join('\n') + '\n';
  const scanned = buildSignals({ uri, text: disk });
  // The editor's text while it is open (another analysis reads it as one of the workspace's files).
  const open = buildSignals({ uri, text: `# edited\n${disk}` });
  assert.notEqual(open, scanned);
  assert.deepEqual(
    open.map((s) => s.line),
    [102],
  );
  // Closed: the text on disk again, and its scan.
  assert.equal(buildSignals({ uri, text: disk }), scanned);
  assert.equal(buildSignals({ uri, text: `# edited\n${disk}` }), open);
});

test('every kind of signal is found in each chunk it is in, in every letter case its pattern reads', () => {
  // A chunk is scanned only when it holds one of the words a signal needs: each line below is the only one of its
  // chunk (filler around it), in the letter cases the patterns accept.
  const lines = [
    'ENV GOPRIVATE=git.a.io',
    'ARG GONOPROXY=git.b.io',
    'ENV GONOSUMDB=git.c.io',
    'env goprivate git.d.io',
    'ENV GOPROXY=https://goproxy.example.com',
    'RUN git config --global URL."https://ci@git.e.io/".InsteadOf "https://git.e.io/"',
    'RUN echo "machine git.f.io login ci" > ~/.NETRC',
    'RUN SSH-KEYSCAN git.g.io >> ~/.ssh/known_hosts',
    'RUN ssh-keyscan git.h.io >> ~/.ssh/known_hosts',
    'RUN --MOUNT=TYPE=SECRET,id=NETRC,target=/root/.netrc go mod download',
    'RUN --mount=TYPE=SSH go mod download',
    'ENV GOAUTH=netrc',
  ];
  const file = lines.flatMap((l) => [...filler(40), l]);
  const found = signalsOf(file).map((s) => s.split(':').slice(1).join(':'));
  assert.deepEqual(
    found.sort(),
    [
      'GONOPROXY:git.b.io',
      'GONOSUMDB:git.c.io',
      'GOAUTH:',
      'GOPRIVATE:git.a.io',
      'goprivate:git.d.io',
      'GOPROXY:https://goproxy.example.com',
      'insteadOf:git.e.io',
      'netrc:git.f.io',
      'secret-mount:',
      'ssh-keyscan:git.h.io',
      'ssh-mount:',
    ].sort(),
  );
});
