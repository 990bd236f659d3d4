// gobin-empty: `$GOBIN` in an ENV of a stage on the official golang image, which does not set GOBIN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile, assertFixRoundTrip, at, only, type Files } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const run = (dockerfile: string) => only(analyzeDockerfile({ dockerfile }), 'gobin-empty');

test('gobin-empty: ENV PATH=$PATH:$GOBIN adds an empty PATH entry; fix writes /go/bin', () => {
  const f: Files = { dockerfile: df('FROM golang:1.22', 'ENV PATH=$PATH:$GOBIN') };
  const [finding] = only(analyzeDockerfile(f), 'gobin-empty');
  assert.equal(finding.severity, 'hint');
  assert.deepEqual(finding.range, at(1, 15, 1, 21));
  assert.match(
    finding.message,
    /`\$GOBIN` is empty here: the golang image does not set GOBIN \(go installs into \/go\/bin, which its PATH already has\), so this adds an empty PATH entry/,
  );
  assert.equal(assertFixRoundTrip(f, 'gobin-empty').dockerfile, df('FROM golang:1.22', 'ENV PATH=$PATH:/go/bin'));
  // A GOPATH the stage sets moves the folder: the fix follows it.
  const moved: Files = { dockerfile: df('FROM golang:1.22', 'ENV GOPATH=/work', 'ENV PATH=${GOBIN}:$PATH') };
  assert.match(only(analyzeDockerfile(moved), 'gobin-empty')[0].message, /go installs into \$GOPATH\/bin\)/);
  assert.equal(assertFixRoundTrip(moved, 'gobin-empty').dockerfile, df('FROM golang:1.22', 'ENV GOPATH=/work', 'ENV PATH=${GOPATH}/bin:$PATH'));
});

test('gobin-empty: QUIET when the stage sets GOBIN, with a default in the reference, on images we cannot see into', () => {
  assert.deepEqual(run(df('FROM golang:1.22', 'ENV GOBIN=/usr/local/bin', 'ENV PATH=$PATH:$GOBIN')), []);
  assert.deepEqual(run(df('FROM golang:1.22', 'ARG GOBIN=/tools', 'ENV PATH=$PATH:$GOBIN')), []);
  assert.deepEqual(run(df('FROM golang:1.22', 'ENV PATH=$PATH:${GOBIN:-/go/bin}')), []);
  assert.deepEqual(run(df('FROM acme/go-builder:1.22', 'ENV PATH=$PATH:$GOBIN')), []);
  // `go env -w GOBIN` is go's setting: Docker still expands $GOBIN to nothing.
  assert.equal(run(df('FROM golang:1.22', 'RUN go env -w GOBIN=/tools', 'ENV PATH=$PATH:$GOBIN')).length, 1);
});
