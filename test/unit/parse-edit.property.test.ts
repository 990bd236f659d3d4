// Parsing after an edit within lines (typing, pasting, replacing a line by another): only the instructions between
// the unchanged start and the unchanged end of the text are split again; the rest are the previous parse's own
// objects. These tests hold it to a fresh parse of the same text, whatever the edits and however many in a row, and
// show that a keystroke really leaves the rest of the text alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseDockerfile } from '../../server/src/syntax/dockerfile';
import { parseRecordOf } from '../../server/src/syntax/instructionReuse';
import type { DockerfileModel } from '../../server/src/syntax/dockerfileModel';
import { LineIndex } from '../../server/src/core/text';
import { goHeavyDockerfile, largeDockerfile } from '../bench/documents';

const URI = 'file:///work/Dockerfile';
const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

/** Every Dockerfile of the corpora: the real-world files as their repositories have them, and our own. */
function dockerfiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /dockerfile/i.test(e.name))
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'));
}
const TEXTS = [...dockerfiles(path.join(FIXTURES, 'realworld')), ...dockerfiles(path.join(FIXTURES, 'corpus'))];

/** What an edit may write within a line: words that start, end or continue instructions, quotes, heredocs, junk. */
const PIECES = [
  'x',
  ' ',
  '\t',
  '\\',
  '`',
  '"',
  "'",
  '$',
  '${A}',
  '#',
  '# escape=`',
  '<<EOF',
  '<<-EOT',
  'EOF',
  'FROM a AS b',
  'RUN ',
  '--mount=type=cache,target=/go/pkg/mod ',
  '\r',
  '\uFEFF',
  '=',
  ',',
];

/** Whole lines a line may be replaced by (the line count stays, so the parse of the edit splits only what it must). */
const LINES = [
  'FROM golang:1.22 AS build',
  'RUN go mod download \\',
  '# a comment',
  '',
  '  ',
  'RUN <<EOF',
  'EOF',
  'COPY <<-EOT /x',
  '\\',
  'ENV A=1 \\',
  'ARG GOPROXY',
];

type Edit =
  | { kind: 'type'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'line'; at: number; line: string }
  | { kind: 'newline'; at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('type' as const), at: fc.nat(), text: fc.constantFrom(...PIECES) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('line' as const), at: fc.nat(), line: fc.constantFrom(...LINES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('newline' as const), at: fc.nat() }) },
);

function applyEdit(text: string, e: Edit): string {
  if (e.kind === 'line') {
    const lines = text.split('\n');
    lines[e.at % lines.length] = e.line;
    return lines.join('\n');
  }
  const at = e.at % (text.length + 1);
  if (e.kind === 'delete') return text.slice(0, at) + text.slice(at + e.length);
  return text.slice(0, at) + (e.kind === 'newline' ? '\n' : e.text) + text.slice(at);
}

/**
 * The model as data, as rules read it. Left out: the line tables (the text's), and where pieces of text sit as
 * offsets into the text they were parsed from: an instruction taken over keeps the offsets of that earlier text,
 * whose line table gives its positions (the same lines and characters, which are compared).
 */
const OFFSETS = new Set(['lines', 'r', 'doc', 'contentStart', 'contentEnd']);
function plain(model: DockerfileModel): unknown {
  return JSON.parse(JSON.stringify(model, (key, value: unknown) => (OFFSETS.has(key) ? undefined : value)));
}

test('after any edits in a row, the parse from the one before is the fresh parse of the text', () => {
  const start = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...TEXTS) },
    // Line breaks as Windows editors write them: a keystroke between the \r and the \n splits a line in two.
    { weight: 1, arbitrary: fc.constantFrom(...TEXTS).map((t) => t.replace(/\r?\n/g, '\r\n')) },
    { weight: 1, arbitrary: fc.constant(largeDockerfile(80)) },
    { weight: 1, arbitrary: fc.constant(goHeavyDockerfile(6, 'x')) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...LINES), { maxLength: 12 }).map((lines) => lines.join('\n')) },
  );
  fc.assert(
    fc.property(start, fc.array(edit, { minLength: 1, maxLength: 12 }), (first, edits) => {
      let text = first;
      let model = parseDockerfile(text, URI);
      for (const e of edits) {
        text = applyEdit(text, e);
        const next = parseDockerfile(text, URI, model);
        assert.deepEqual(plain(next), plain(parseDockerfile(text, URI)), `after ${JSON.stringify(e)}`);
        model = next;
      }
    }),
    { numRuns: 600 },
  );
});

test('typing within one instruction never parses the whole text again; edits spread over instructions do, before 32 texts are kept', () => {
  const keyIn = (text: string, line: number) => {
    const at = new LineIndex(text).starts[line] + 4;
    return text.slice(0, at) + 'X' + text.slice(at);
  };
  let text = goHeavyDockerfile(60, 'x');
  const envLines = text
    .split('\n')
    .map((l, n) => (l.startsWith('ENV ') ? n : -1))
    .filter((n) => n >= 0);
  let model = parseDockerfile(text, URI);
  const first = model.instructions[0];
  for (let k = 0; k < 100; k++) {
    text = keyIn(text, envLines[10]);
    model = parseDockerfile(text, URI, model);
    assert.equal(parseRecordOf(model)!.texts, 2, 'the first parse’s text and the last keystroke’s');
  }
  assert.equal(model.instructions[0], first, 'a hundred keystrokes in one instruction took over the others every time');
  assert.deepEqual(plain(model), plain(parseDockerfile(text, URI)));

  // One keystroke in each of many instructions: every instruction keeps the text of the parse that built it.
  const texts: number[] = [];
  for (const line of envLines) {
    text = keyIn(text, line);
    model = parseDockerfile(text, URI, model);
    texts.push(parseRecordOf(model)!.texts);
    assert.deepEqual(plain(model), plain(parseDockerfile(text, URI)));
  }
  assert.ok(Math.max(...texts) <= 32, `at most 32 texts kept (${Math.max(...texts)})`);
  assert.ok(texts.includes(1), 'a parse of the whole text made afresh once 32 were kept');
  assert.ok(texts.includes(32));

  // A whole parse that takes instructions over by line (a line was added) counts the texts they keep too.
  const small = 'FROM golang:1.22\nENV A=1\nRUN go build ./...\n';
  const typed = parseDockerfile(small.replace('A=1', 'A=12'), URI, parseDockerfile(small, URI));
  const added = parseDockerfile(small.replace('A=1', 'A=12') + 'RUN true\n', URI, typed);
  assert.equal(added.instructions[1], typed.instructions[1]);
  assert.equal(parseRecordOf(added)!.texts, 3, 'the first parse’s, the keystroke’s and its own');
});

test('a keystroke within a line of a 2,200-line Dockerfile splits and builds only the instruction it is in', () => {
  const text = goHeavyDockerfile(200, 'x');
  const before = parseDockerfile(text, URI);
  const record = parseRecordOf(before)!;
  const line = text.split('\n').findIndex((l, n, all) => n > all.length / 2 && l.startsWith('ENV '));
  const at = before.lines.starts[line] + 4;
  const after = parseDockerfile(text.slice(0, at) + 'X' + text.slice(at), URI, before);

  const changed = after.instructions.filter((ins, i) => ins !== before.instructions[i]);
  assert.equal(after.instructions.length, before.instructions.length);
  assert.deepEqual(
    changed.map((ins) => ins.range.start.line),
    [line],
    'every instruction but the edited one is the previous parse’s object',
  );
  assert.equal(after.stages.filter((s, i) => s !== before.stages[i]).length, 1, 'and every stage but its own');
  // The parse of the whole text looks the previous instructions up by line; the edit's parse never needs that table.
  assert.equal(record.byLine, undefined, 'the text before and after the edit was not split again');
  // The offsets recorded for the next parse moved with the text after the edit.
  const next = parseRecordOf(after)!;
  const k = after.instructions.length - 1;
  assert.equal(next.spans[3 * k], record.spans[3 * k] + 1);
  assert.equal(next.texts, 2, 'its instructions come from two parses');
});

test('an edit that adds a line, or changes the parser directives, parses the whole text', () => {
  const text = '# syntax=docker/dockerfile:1\nFROM golang:1.22\nRUN go build ./...\n';
  const before = parseDockerfile(text, URI);
  const added = parseDockerfile(text.replace('RUN', 'ENV A=1\nRUN'), URI, before);
  assert.notEqual(parseRecordOf(before)!.byLine, undefined, 'lines added: the previous instructions are looked up by line');
  assert.equal(added.instructions.length, 3);
  const other = parseDockerfile(text, URI);
  parseDockerfile(text.replace('dockerfile:1', 'dockerfile:1.7'), URI, other);
  assert.notEqual(parseRecordOf(other)!.byLine, undefined, 'the directives changed: the whole text is split again');
});

test('edits the property test once found or that change what follows them: each parse is the fresh one', () => {
  const cases: [string, string][] = [
    // A continuation on the last instruction with only blank lines after it runs on into the line the edit writes.
    ['RUN go mod download \\\n  ', 'RUN go mod download \\\nFROM golang:1.22 AS build'],
    ['FROM a\nRUN x \\\n# c\n\n', 'FROM a\nRUN x \\\n# c\nRUN y'],
    // A heredoc closed, or opened, by the edit takes in or gives back the lines after it.
    ['FROM a\nRUN <<EOF\necho\nEOX\nRUN b\n', 'FROM a\nRUN <<EOF\necho\nEOF\nRUN b\n'],
    ['FROM a\nRUN cat\necho\nEOF\nRUN b\n', 'FROM a\nRUN <<EOF\necho\nEOF\nRUN b\n'],
    // A new stage, or one fewer, renumbers the stages after it.
    ['FROM a\nRUN x\nRUN y\nFROM b\nRUN z\n', 'FROM a\nFROM x\nRUN y\nFROM b\nRUN z\n'],
    ['FROM a\nFROM x\nRUN y\nFROM b\nRUN z\n', 'FROM a\nRUN x\nRUN y\nFROM b\nRUN z\n'],
    // A continuation typed at the end of a line joins the next one to it.
    ['FROM a\nRUN x\nRUN y\nRUN z\n', 'FROM a\nRUN x \\\nRUN y\nRUN z\n'],
  ];
  for (const [before, after] of cases) {
    const edited = parseDockerfile(after, URI, parseDockerfile(before, URI));
    assert.deepEqual(plain(edited), plain(parseDockerfile(after, URI)), JSON.stringify([before, after]));
  }
});
