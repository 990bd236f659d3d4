// Values in RUN commands are what the shell makes of them: expanded from ARG/ENV in scope, and unknown (so no
// rule judges them) when a command substitution or a variable from outside the Dockerfile decides them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile } from '../support/analysisHarness';
import { expandShellValue } from '../../server/src/syntax/dockerWords';

const rulesAt = (dockerfile: string) =>
  analyzeDockerfile({ dockerfile })
    .filter((f) => f.rule !== 'mod-cache-mount')
    .map((f) => `${f.range.start.line + 1}:${f.rule}`);

test('expandShellValue: known, defaulted, and unknowable words', () => {
  const env = new Map([
    ['GOPROXY', 'https://goproxy.cn,direct'],
    ['EMPTY', ''],
  ]);
  const lookup = (n: string) => env.get(n);
  assert.equal(expandShellValue('${GOPROXY}', lookup), 'https://goproxy.cn,direct');
  assert.equal(expandShellValue('$EMPTY', lookup), '');
  assert.equal(expandShellValue('${NOPE:-https://proxy.golang.org}', lookup), 'https://proxy.golang.org');
  assert.equal(expandShellValue('$NOPE', lookup), undefined);
  assert.equal(expandShellValue('$(cat /run/secrets/p)', lookup), undefined);
  assert.equal(expandShellValue('`cat /run/secrets/p`', lookup), undefined);
  assert.equal(expandShellValue('plain', lookup), 'plain');
});

test('an ARG in scope expands in RUN prefixes and go env -w: its value is judged, not the `${…}` text', () => {
  assert.deepEqual(rulesAt('FROM golang:1.26\nARG GOPROXY\nRUN GOPROXY=${GOPROXY} go build .\n'), []);
  assert.deepEqual(rulesAt('FROM golang:1.26\nARG GOPROXY="https://proxy.golang.org,direct"\nRUN go env -w GOPROXY="${GOPROXY}"\nRUN go mod download\n'), []);
  assert.deepEqual(rulesAt('FROM golang:1.26\nARG P=https://goproxy.cn;direct\nRUN GOPROXY=$P go mod download\n'), ['3:goproxy-invalid']);
});

test('command substitutions and variables from outside the Dockerfile are not judged', () => {
  const df = [
    'FROM golang:1.26',
    'RUN GOPROXY=$(cat /run/secrets/goproxy) go mod download',
    'RUN export GOPROXY="$(cat /tmp/p)" && go mod download',
    'RUN go env -w GOPROXY=`cat /tmp/p`',
    'RUN go env -w GOPROXY=$FROM_BASE_IMAGE',
    '',
  ].join('\n');
  assert.deepEqual(rulesAt(df), []);
});

test('export NAME=… and env NAME=… go …: the value the shell gives is judged where it is written, once per place', () => {
  const run = (line: string) => analyzeDockerfile({ dockerfile: `FROM golang:1.22\nARG MIRROR=https://goproxy.cn\n${line}\n` });
  const unreachable = run('RUN export GOPROXY=direct,${MIRROR} && go mod download && go build ./...').filter((f) => f.rule === 'goproxy-unreachable-entry');
  assert.equal(unreachable.length, 1);
  assert.deepEqual(unreachable[0].range, { start: { line: 2, character: 19 }, end: { line: 2, character: 35 } });
  assert.match(unreachable[0].message, /https:\/\/goproxy\.cn is silently ignored/);
  const viaEnv = run('RUN env GOPROXY="https://goproxy.cn;direct" go mod download').filter((f) => f.rule === 'goproxy-invalid');
  assert.equal(viaEnv.length, 1);
  assert.equal(viaEnv[0].severity, 'error');
  // Quiet: a valid list, and a value the shell decides at build time.
  assert.deepEqual(
    run('RUN export GOPROXY=${MIRROR},direct && go mod download').filter((f) => f.rule.startsWith('goproxy-')),
    [],
  );
  assert.deepEqual(
    run('RUN export GOPROXY="$(cat /etc/proxy)" && go mod download').filter((f) => f.rule.startsWith('goproxy-')),
    [],
  );
});

test('env-set-after-use: quiet when the earlier download set its own value in its RUN; fires when it ran without one', () => {
  const df = (first: string) => `FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\n${first}\nENV GOPROXY=https://goproxy.io,direct\nRUN go build ./...\n`;
  const after = (first: string) => analyzeDockerfile({ dockerfile: df(first) }).filter((f) => f.rule === 'env-set-after-use');
  assert.deepEqual(after('RUN export GOPROXY=https://goproxy.cn,direct && go mod download'), []);
  assert.deepEqual(after('RUN GOPROXY=https://goproxy.cn,direct go mod download'), []);
  assert.equal(after('RUN go mod download').length, 1);
});
