// Property tests over the whole analysis: any text, no throw, every range inside its document, and every fix
// leaves text that re-analyses and, applied, makes its own finding go away without looping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyze, onRuleFailure } from '../../server/src/analysis';
import { DEFAULT_SETTINGS, type Finding } from '../../server/src/core/types';
import { LineIndex } from '../../server/src/core/text';
import { applyEdits, DOCKERFILE_URI, GOMOD_URI } from '../support/analysisHarness';
import { nestedDefault, oneLongStage, repeatedStages, stageChain } from '../bench/documents';

const PIECES = [
  'FROM golang:1.22 AS build',
  'FROM build',
  'FROM golang:${GO_VERSION}-alpine',
  'ARG GO_VERSION=1.21',
  'ARG GOPROXY',
  'ARG GOPRIVATE=git.corp.internal',
  'ENV GOPROXY=https://goproxy.cn;direct',
  'ENV GOPROXY=direct,https://goproxy.cn',
  'ENV GOPROXY=off',
  'ENV GOPROXY ${GOPROXY}',
  'ENV GOPRIVATE="https://a.internal, b.internal/"',
  'ENV GOSUMDB=off',
  'ENV GO111MODULE=on',
  'ENV GOFLAGS="-insecure -mod=mod"',
  'ENV GOPROXY=https://u:tok@athens.example.com',
  'RUN go mod download',
  'RUN --network=none go build ./...',
  'COPY . .',
  'COPY .netrc /root/',
  'RUN <<EOF',
  'go mod download',
  'EOF',
  'RUN sh -c "go env -w GOPROXY=https://goproxy.io,direct && go mod tidy"',
  'RUN apt-get update && \\',
  '    go get example.com/x',
  '# escape=`',
  'RUN echo hi > ~/.netrc',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  '\t',
  '',
  '\\',
  '"',
  "'",
  '${',
  '$(',
  '<<-EOT',
];
const GOMOD =
  'module example.com/app\n\ngo 1.23.4\n\nrequire (\n\tgit.corp.internal/x v1.0.0\n\tgithub.com/google/uuid v1.6.0\n)\nreplace example.com/y => ../y\n';

const dockerfileText = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((eol) => lines.join(eol))),
  fc.string({ maxLength: 400 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
);

function assertInside(findings: Finding[], text: string) {
  const index = new LineIndex(text);
  for (const f of findings) {
    if (f.uri !== DOCKERFILE_URI && f.uri !== GOMOD_URI) continue;
    for (const p of [f.range.start, f.range.end]) {
      assert.ok(p.line >= 0 && p.line < index.lineCount, `${f.rule}: line ${p.line} outside ${index.lineCount} lines`);
      assert.ok(p.character >= 0 && p.character <= index.line(p.line).length, `${f.rule}: character ${p.character} past the end of line ${p.line}`);
    }
  }
}

test('analysis never throws and every range lies inside the document; fixes do not loop', () => {
  const failures: string[] = [];
  onRuleFailure((rule, err) => failures.push(`${rule}: ${(err as Error)?.stack ?? err}`));
  try {
    fc.assert(
      fc.property(dockerfileText, (text) => {
        const req = (t: string) => ({
          file: { uri: DOCKERFILE_URI, text: t },
          kind: 'dockerfile' as const,
          related: { goMod: { uri: GOMOD_URI, text: GOMOD } },
          settings: DEFAULT_SETTINGS,
          locale: 'en' as const,
        });
        const findings = analyze(req(text));
        assertInside(findings, text);
        for (const f of findings) {
          for (const fix of f.fixes) {
            const edits = fix.edits.filter((e) => e.uri === DOCKERFILE_URI).flatMap((e) => e.edits);
            if (edits.length === 0) continue;
            const once = applyEdits(text, edits);
            const after = analyze(req(once));
            assertInside(after, once);
            // The same fix must not be offered again for the same rule at the same place with the same result.
            const again = after.filter(
              (x) =>
                x.rule === f.rule &&
                x.fixes.some(
                  (y) =>
                    y.title === fix.title &&
                    applyEdits(
                      once,
                      y.edits.flatMap((e) => e.edits),
                    ) === once,
                ),
            );
            assert.equal(again.length, 0, `fix "${fix.title}" of ${f.rule} is offered again and changes nothing`);
          }
        }
      }),
      { numRuns: 300 },
    );
    assert.deepEqual(failures, [], 'rules threw');
  } finally {
    onRuleFailure(undefined);
  }
});

test('go.mod analysis never throws on garbage', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.constant(GOMOD)), (text) => {
      const findings = analyze({
        file: { uri: GOMOD_URI, text },
        kind: 'gomod',
        related: { dockerfiles: [{ uri: DOCKERFILE_URI, text: 'FROM golang:1.22\nRUN go mod download\n' }] },
        settings: DEFAULT_SETTINGS,
        locale: 'zh-cn',
      });
      assertInside(findings, text);
    }),
    { numRuns: 200 },
  );
});

// Hostile shapes at random sizes: deep `${A:-…}` nesting, long FROM chains, files around the size limit, long lines,
// CR-only line endings. Generous guards (no throw, ranges inside, heap within a few hundred MB), not timings: the
// growth rates are measured by the "analysis scaling" bench. The heap is measured after a full collection, so
// what is checked is what the analysis keeps, not garbage an earlier large run has not yet had collected.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const hostileText = fc.oneof(
  fc.integer({ min: 1, max: 2500 }).map(nestedDefault),
  fc.integer({ min: 1, max: 2000 }).chain((n) => fc.boolean().map((grow) => stageChain(n, grow))),
  fc.integer({ min: 1, max: 1.5 * 2 ** 20 }).map(repeatedStages),
  fc.integer({ min: 1, max: 3000 }).map(oneLongStage),
  fc
    .integer({ min: 1, max: 300_000 })
    .map((n) => `FROM golang:1.22\nENV GOPROXY=https://${'a'.repeat(n)}.example.com,direct\nRUN go mod download ${'x '.repeat(n >> 4)}\n`),
);

test('hostile shapes: no throw, ranges inside, bounded heap, with \\n, \\r\\n and lone \\r line endings', () => {
  const failures: string[] = [];
  onRuleFailure((rule, err) => failures.push(`${rule}: ${(err as Error)?.message ?? err}`));
  collectGarbage();
  const start = process.memoryUsage().heapUsed;
  try {
    fc.assert(
      fc.property(hostileText, fc.constantFrom('\n', '\r\n', '\r'), (text, eol) => {
        const t = eol === '\n' ? text : text.replace(/\n/g, eol);
        const findings = analyze({
          file: { uri: DOCKERFILE_URI, text: t },
          kind: 'dockerfile',
          related: { goMod: { uri: GOMOD_URI, text: GOMOD } },
          settings: DEFAULT_SETTINGS,
          locale: 'en',
        });
        assertInside(findings, t);
        collectGarbage();
        const grown = (process.memoryUsage().heapUsed - start) / 2 ** 20;
        assert.ok(grown < 400, `heap grew ${grown.toFixed(0)} MB`);
      }),
      { numRuns: 20 },
    );
    assert.deepEqual(failures, [], 'rules threw');
  } finally {
    onRuleFailure(undefined);
  }
});
