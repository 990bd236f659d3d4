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

test('the issue example: `go env -w GOPROXY=${GOPROXY}` with a valid ARG default in the stage is quiet; a `;` in it is one error, at the ARG', () => {
  const df = (value: string) => `FROM golang:1.22\nARG GOPROXY=${value}\nWORKDIR /src\nCOPY go.mod ./\nRUN go env -w GOPROXY=\${GOPROXY} && go mod download\n`;
  const goMod = 'module example.com/app\n\ngo 1.22\n\nrequire example.com/dep v1.0.0\n';
  assert.deepEqual(
    analyzeDockerfile({ dockerfile: df('https://goproxy.cn,direct'), goMod }).filter((f) => f.rule.startsWith('goproxy-')),
    [],
  );
  const invalid = analyzeDockerfile({ dockerfile: df('https://goproxy.cn;direct'), goMod }).filter((f) => f.rule === 'goproxy-invalid');
  assert.deepEqual(
    invalid.map((f) => f.range),
    [{ start: { line: 1, character: 12 }, end: { line: 1, character: 37 } }],
  );
  assert.equal(invalid[0].fixes[0].edits[0].edits[0].newText, 'https://goproxy.cn,direct');
});

test('a value passed on as exactly $NAME of the same Go variable (ENV, go env -w, export, prefix) is judged once, where it is written', () => {
  const lines = (dockerfile: string) => rulesAt(dockerfile).filter((r) => r.endsWith('goproxy-invalid'));
  assert.deepEqual(lines('FROM golang:1.22\nARG GOPROXY=https://goproxy.cn;direct\nENV GOPROXY=${GOPROXY}\nRUN go mod download\n'), ['2:goproxy-invalid']);
  assert.deepEqual(lines('ARG GOPROXY=https://goproxy.cn;direct\nFROM golang:1.22\nARG GOPROXY\nRUN GOPROXY=$GOPROXY go mod download\n'), [
    '1:goproxy-invalid',
  ]);
  assert.deepEqual(lines('FROM golang:1.22\nENV GOPROXY=https://goproxy.cn;direct\nRUN export GOPROXY="${GOPROXY}" && go mod download\n'), [
    '2:goproxy-invalid',
  ]);
  // Another variable's value is written here, not where that variable is set: judged at the go env -w.
  assert.deepEqual(lines('FROM golang:1.22\nARG P=https://goproxy.cn;direct\nRUN go env -w GOPROXY=${P} && go mod download\n'), ['3:goproxy-invalid']);
});

test('every expansion form in every setting form, with the value from an ARG default, an ENV or a build argument', () => {
  const goMod = 'module example.com/app\n\ngo 1.22\n\nrequire example.com/dep v1.0.0\n';
  // [form, a value of P that makes GOPROXY off, one that makes it usable]
  const forms: [string, string, string][] = [
    ['$P', 'off', 'https://goproxy.cn,direct'],
    ['${P}', 'off', 'https://goproxy.cn,direct'],
    ['${P:-off}', '', 'https://goproxy.cn,direct'],
    ['${P:+off}', '1', ''],
  ];
  const settings = [
    (v: string) => `RUN go env -w GOPROXY=${v} && go mod download`,
    (v: string) => `RUN export GOPROXY=${v} && go mod download`,
    (v: string) => `RUN GOPROXY=${v} go mod download`,
  ];
  const sources: Record<string, (value: string) => { decl: string; buildArgs?: Record<string, string> }> = {
    'ARG default': (value) => ({ decl: `ARG P=${value}` }),
    ENV: (value) => ({ decl: `ENV P=${value}` }),
    'build argument': (value) => ({ decl: 'ARG P', buildArgs: { P: value } }),
  };
  for (const [form, fires, quiet] of forms)
    for (const setting of settings)
      for (const [source, given] of Object.entries(sources)) {
        const off = (value: string) => {
          const { decl, buildArgs } = given(value);
          const dockerfile = `FROM golang:1.22\n${decl}\nWORKDIR /src\nCOPY go.mod ./\n${setting(form)}\n`;
          return analyzeDockerfile({ dockerfile, goMod, buildArgs }).filter((f) => f.rule === 'goproxy-off').length;
        };
        const what = `${setting(form)} with P from the ${source}`;
        assert.equal(off(fires), 1, `${what} = ${JSON.stringify(fires)}`);
        assert.equal(off(quiet), 0, `${what} = ${JSON.stringify(quiet)}`);
      }
});
