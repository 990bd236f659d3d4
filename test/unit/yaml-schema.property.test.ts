// The readers of compose, CI and bake files parse every file with one schema made once: each file reads as it does
// with a schema of its own (values, node ranges, errors), whatever files came before it. Tags the core schema knows
// but does not use by default (!!binary, !!timestamp, !!set …) are added to the schema by the parser when a file uses
// one, so the files are generated with them, in random order, and with version directives (a file that names YAML 1.1
// is read with that version's schema).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isNode, parseDocument, visit, type Document } from 'yaml';
import { parseYaml } from '../../server/src/invocations/yamlText';

const LINES = [
  'a: yes',
  'b: 0777',
  'c: 0o17',
  'd: ~',
  'e: !!str 12',
  'f: !!binary aGVsbG8=',
  'g: !!timestamp 2001-12-14',
  'h: !!set {x, y}',
  'i: !!omap [{x: 1}, {y: 2}]',
  'j: !!float 1',
  'base: &b {x: 1, y: 2}',
  'k:\n  <<: *b\n  y: 3',
  'l: [1, "two", 3.0]',
  'm: |\n  text\n  more',
  'n: !custom value',
  'o: "\\x41\\u00e9"',
  'p: 0x1F',
  'q: .inf',
  'a: duplicate',
  'r: *missing',
  '  bad: indent',
];
const text = fc
  .tuple(fc.constantFrom('', '%YAML 1.1\n---\n', '%YAML 1.2\n---\n', '---\n'), fc.array(fc.constantFrom(...LINES), { maxLength: 6 }))
  .map(([head, lines]) => head + lines.join('\n') + '\n');

/** What a reader can see of a document: its value, every node's range, its errors. */
function seen(doc: Document.Parsed | undefined): string {
  if (!doc) return 'unusable';
  const ranges: unknown[] = [];
  visit(doc, (_key, node) => {
    if (isNode(node)) ranges.push(node.range);
  });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: -1 });
  } catch (err) {
    // An alias to no anchor, a merge of what is not a map: the readers get the same failure.
    value = `throws: ${(err as Error).message}`;
  }
  return JSON.stringify({ value, ranges, errors: doc.errors.map((e) => e.code) });
}

test('parseYaml reads every file as a parser with a schema of its own does', () => {
  fc.assert(
    fc.property(text, (t) => {
      const own = parseDocument(t, { merge: true, uniqueKeys: false, prettyErrors: false });
      assert.equal(seen(parseYaml(t)), seen(own.errors.length ? undefined : own));
    }),
    { numRuns: 1000 },
  );
});
