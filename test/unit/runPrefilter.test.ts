// The timeline and credentials-in-image skip RUNs whose text cannot contain what they look for (the commands of
// most RUNs are then never split). The skip must never hide a command: words spelled across quotes, escapes,
// continuations, JSON \u escapes and heredoc bodies are still found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfileFile } from '../../server/src/model/parsedDockerfile';
import { analyzeDockerfile, only } from '../support/analysisHarness';

const goSteps = (text: string) =>
  parseDockerfileFile({ uri: 'file:///ws/Dockerfile', text }).timeline.stages.flatMap((s) => s.goSteps.map((g) => `${g.subcommand} @${g.range.start.line}`));

test('go steps are found however the word go is spelled', () => {
  const cases: [string, string[]][] = [
    ['FROM golang:1.22\nRUN apt-get update && apt-get install -y git\n', []],
    ['FROM golang:1.22\nRUN "g"o mod download\n', ['mod download @1']],
    ["FROM golang:1.22\nRUN g''o mod download\n", ['mod download @1']],
    ['FROM golang:1.22\nRUN g\\o mod download\n', ['mod download @1']],
    ['FROM golang:1.22\nRUN g\\\no mod download\n', ['mod download @1']],
    ['FROM golang:1.22\nRUN ["sh", "-c", "g\\u006f mod download"]\n', ['mod download @1']],
    ['FROM golang:1.22\nRUN <<EOF\nset -e\nGO111MODULE=on go build ./...\nEOF\n', ['build @3']],
    ['FROM golang:1.22\nRUN /usr/local/go/bin/go mod download\n', ['mod download @1']],
  ];
  for (const [text, expected] of cases) assert.deepEqual(goSteps(text), expected, JSON.stringify(text));
});

test('credentials written by a RUN are found however the file name is spelled', () => {
  const written = (dockerfile: string) => only(analyzeDockerfile({ dockerfile }), 'credentials-in-image').length;
  assert.equal(written('FROM golang:1.22\nRUN echo "machine h login u password p" > ~/.n"e"trc\n'), 1);
  assert.equal(written('FROM golang:1.22\nRUN ["sh", "-c", "echo machine h > /root/.\\u006eetrc"]\n'), 1);
  assert.equal(written('FROM golang:1.22\nRUN git clone https://u:"$TOKEN"@git.example.com/x.git\n'), 1);
  assert.equal(written('FROM golang:1.22\nRUN apt-get update && apt-get install -y git ca-certificates\n'), 0);
});
