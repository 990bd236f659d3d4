// Control characters from file names and Dockerfile values never reach the terminal raw, in any format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { df, run, tempDir } from './support';

const OSC_TITLE = '\u001b]0;pwned\u0007'; // retitles the terminal window
const CSI_C1 = '\u009b2J'; // clears the screen on terminals that honour 8-bit C1
const HOSTILE = df('FROM golang:1.22', `ENV GOPROXY=https://goproxy.cn${OSC_TITLE};direct${CSI_C1}`, 'RUN go mod download');
/** Any C0 control but newline, DEL, or C1. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

test('text output escapes control characters in file names and messages, even with --no-color', (t) => {
  const dir = tempDir(t, { [`Dockerfile.\u001b[31mred`]: HOSTILE });
  const r = run(['--no-color'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stdout, RAW_CONTROL);
  assert.match(r.stdout, /^Dockerfile\.\\x1b\[31mred$/m);
  assert.ok(r.stdout.includes('goproxy.cn\\x1b]0;pwned\\x07;direct\\u009b2J'), r.stdout);
});

test('stderr escapes control characters in the names it reports and in echoed arguments', (t) => {
  const dir = tempDir(t);
  fs.symlinkSync(`Dockerfile.\u001b]0;x\u0007`, path.join(dir, `Dockerfile.\u001b]0;x\u0007`));
  const r = run([], dir);
  assert.equal(r.code, 2);
  assert.doesNotMatch(r.stderr, RAW_CONTROL);
  assert.match(r.stderr, /^cannot read Dockerfile\.\\x1b\]0;x\\x07: symlink loop$/m);
  const arg = run(['--format', `x\u001b[2J`], dir);
  assert.equal(arg.code, 2);
  assert.doesNotMatch(arg.stderr, RAW_CONTROL);
  assert.match(arg.stderr, /unknown --format "x\\x1b\[2J"/);
});

test('JSON and SARIF escape C0, DEL and C1 and still carry the exact text', (t) => {
  const name = `Dockerfile.\u001b[31m\u007f`;
  const dir = tempDir(t, { [name]: HOSTILE });
  const json = run(['--format', 'json'], dir);
  assert.doesNotMatch(json.stdout, RAW_CONTROL);
  const findings = JSON.parse(json.stdout) as { file: string; message: string }[];
  const invalid = findings.find((f) => f.message.includes('pwned'))!;
  assert.equal(invalid.file, name);
  assert.ok(invalid.message.includes(OSC_TITLE) && invalid.message.includes(CSI_C1), 'JSON escapes are lossless');

  const sarif = run(['--format', 'sarif'], dir);
  assert.doesNotMatch(sarif.stdout, RAW_CONTROL);
  const result = JSON.parse(sarif.stdout).runs[0].results.find((x: { message: { text: string } }) => x.message.text.includes('pwned'));
  assert.ok(result.message.text.includes(CSI_C1));
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'Dockerfile.%1B%5B31m%7F');
});
