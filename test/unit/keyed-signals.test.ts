// The privacy signals of a list of build files, and of that list without some of its files (a document leaves itself
// out of the workspace's list): the shorter list's are worked out from the longer one's only when that gives the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { filesSignals } from '../../server/src/goenv/keyedSignals';
import { listWithout } from '../../server/src/core/fileLists';
import type { SourceFile } from '../../server/src/core/types';

const SETTINGS = ['ENV GOPRIVATE=git.a.example', 'ENV GOPRIVATE=git.b.example', 'ENV GONOSUMDB=git.a.example', 'ARG GOPRIVATE=git.c.example/team'];

const fileArb = fc.record({
  id: fc.nat({ max: 6 }),
  lines: fc.array(fc.constantFrom(...SETTINGS), { maxLength: 3 }),
});

let round = 0;
function files(specs: { id: number; lines: string[] }[]): SourceFile[] {
  // Texts differ per run, so nothing one run kept answers for another.
  round++;
  return specs.map(({ id, lines }) => ({ uri: `file:///ws/s${id}/Dockerfile`, text: ['FROM golang:1.22', `# run ${round}`, ...lines, ''].join('\n') }));
}

test('a list without some files has the signals of the same files listed anew', () => {
  fc.assert(
    fc.property(fc.array(fileArb, { maxLength: 8 }), fc.array(fc.nat({ max: 6 }), { maxLength: 3 }), (specs, left) => {
      const whole = files(specs);
      const without = new Set(left.map((id) => `file:///ws/s${id}/Dockerfile`));
      // The longer list's signals first, as the workspace's list is read before a document leaves itself out.
      filesSignals(whole);
      const shorter = listWithout(whole, without);
      assert.deepEqual(filesSignals(shorter), filesSignals([...shorter]));
    }),
    { numRuns: 300 },
  );
});

test("a file left out that only repeats files before it: the shorter list's signals are the longer one's", () => {
  const whole = files([
    { id: 0, lines: ['ENV GOPRIVATE=git.a.example'] },
    { id: 1, lines: ['ENV GOPRIVATE=git.a.example'] },
    { id: 2, lines: ['ENV GONOSUMDB=git.b.example'] },
  ]);
  const signals = filesSignals(whole);
  assert.equal(filesSignals(listWithout(whole, new Set([whole[1].uri]))), signals);
  // One that says something first is not left out of the longer list's answer: worked out again.
  const without0 = filesSignals(listWithout(whole, new Set([whole[0].uri])));
  assert.notEqual(without0, signals);
  assert.deepEqual(
    without0.map(([uri]) => uri),
    [whole[1].uri, whole[2].uri],
  );
});

test('a list that holds none of the files to leave out is itself', () => {
  const whole = files([{ id: 0, lines: ['ENV GOPRIVATE=git.a.example'] }]);
  assert.equal(listWithout(whole, new Set(['file:///ws/elsewhere/Dockerfile'])), whole);
  assert.deepEqual(listWithout(whole, new Set([whole[0].uri])), []);
});
