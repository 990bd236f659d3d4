// The Go version of a base image, read only from references that name it, and the claims that depend on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGolangImage } from '../../server/src/model/image';
import { analyzeDockerfile, only } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD_123 = df('module example.com/app', '', 'go 1.23.4');

test('parseGolangImage: the tag of any …/golang image, a digest after the tag, the version in the name', () => {
  const v = (image: string) => {
    const p = parseGolangImage(image);
    return p && { text: p.text, suffix: p.suffix, official: p.official, digest: p.digest };
  };
  assert.deepEqual(v('golang:1.15'), { text: '1.15', suffix: '', official: true, digest: false });
  assert.deepEqual(v('docker.io/library/golang:1.22.3-alpine3.20'), { text: '1.22.3', suffix: '-alpine3.20', official: true, digest: false });
  assert.deepEqual(v('registry.example.com/namespace/golang:1.15'), { text: '1.15', suffix: '', official: false, digest: false });
  assert.deepEqual(v('registry.example.com:5000/mirror/library/golang:1.15-buster'), { text: '1.15', suffix: '-buster', official: true, digest: false });
  assert.deepEqual(v('public.ecr.aws/docker/library/golang:1.21@sha256:' + 'a'.repeat(64)), { text: '1.21', suffix: '', official: true, digest: true });
  assert.deepEqual(v('golang:1.21rc2-bookworm@sha256:' + 'b'.repeat(64)), { text: '1.21rc2', suffix: '-bookworm', official: true, digest: true });
  assert.deepEqual(v('quay.io/team/golang-1.15:v3'), { text: '1.15', suffix: '', official: false, digest: false });
  assert.deepEqual(v('cimg/go:1.21.5'), { text: '1.21.5', suffix: '', official: false, digest: false });
  // No version named: a tag that is not one, no tag, a digest alone, a name that only starts like one.
  for (const image of [
    'golang:alpine',
    'golang',
    'golang@sha256:' + 'c'.repeat(64),
    'golang:latest',
    'acme/go:1.15',
    'acme/gopher:1.15',
    'acme/golang-1.15-tools:1',
    'acme/golang:1.22foo',
    'golang-builder:1.22',
  ])
    assert.equal(parseGolangImage(image), undefined, image);
});

test("toolchain-download: an image we cannot date gets no version claim; another vendor's golang image no GOTOOLCHAIN=local claim", () => {
  const run = (from: string, ...rest: string[]) =>
    only(analyzeDockerfile({ dockerfile: df(`FROM ${from}`, ...rest, 'RUN go mod download'), goMod: GOMOD_123 }), 'toolchain-download');
  assert.deepEqual(run('golang:alpine'), []);
  assert.deepEqual(run('golang@sha256:' + 'c'.repeat(64)), []);
  // A mirror of the official image keeps its GOTOOLCHAIN=local; a third party's image may not set it.
  assert.equal(run('mirror.example.com/library/golang:1.22').length, 1);
  assert.deepEqual(run('bitnami/golang:1.22'), []);
  const told = run('bitnami/golang:1.22', 'ENV GOTOOLCHAIN=local');
  assert.equal(told[0].severity, 'error');
  // Go 1.20 and older parse go.mod whatever the vendor: the three-part go line fails there.
  assert.match(run('registry.example.com/ci/golang:1.18')[0].message, /invalid go version '1\.23\.4': must match format 1\.23/);
  assert.match(run('quay.io/team/golang-1.18:latest')[0].message, /invalid go version/);
});

test('toolchain-download: a floating tag is quoted as the patch release go reports, and a digest gets no tag bump', () => {
  const [floating] = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.22', 'RUN go mod download'), goMod: GOMOD_123 }), 'toolchain-download');
  assert.match(floating.message, /"go: go\.mod requires go >= 1\.23\.4 \(running go 1\.22\.x; GOTOOLCHAIN=local\)"/);
  assert.equal(floating.fixes.length, 1);
  const pinned = only(
    analyzeDockerfile({ dockerfile: df('FROM golang:1.22.3@sha256:' + 'd'.repeat(64), 'RUN go mod download'), goMod: GOMOD_123 }),
    'toolchain-download',
  );
  assert.match(pinned[0].message, /running go 1\.22\.3;/);
  assert.deepEqual(pinned[0].fixes, []);
});
