// The zh-cn translations: every string the client passes to l10n.t has one, placeholders survive translation,
// nothing is left in English, and nothing stale stays in the bundle; package.nls.zh-cn.json matches package.nls.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const readJson = (rel: string): Record<string, string> => JSON.parse(readFileSync(path.join(root, rel), 'utf8')) as Record<string, string>;

/** The client's source strings, in the order the script prints them. */
async function sourceStrings(): Promise<string[]> {
  // A dynamic import: the script is an ES module and this test file compiles as CommonJS.
  const { clientStrings } = await import('../../scripts/l10n-strings.mjs');
  return [...clientStrings(path.join(root, 'client/src')).keys()];
}

const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/;
/** Units that Chinese UIs keep as they are (`85 ms`): a string made only of these and placeholders may stay unchanged. */
const UNITS = new Set(['ms', 's', 'B', 'KiB', 'MiB']);

const placeholders = (s: string) => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort();
/** Whether a string has words for people to read (so its translation must be Chinese). */
const hasWords = (s: string) => (s.replace(/\{\d+\}/g, '').match(/\p{L}+/gu) ?? []).some((w) => !UNITS.has(w));

test('the client has strings to translate', async () => {
  assert.ok((await sourceStrings()).length > 0);
});

test('every client string has a zh-cn translation', async () => {
  const missing = (await sourceStrings()).filter((s) => typeof bundle[s] !== 'string' || bundle[s].trim() === '');
  assert.deepEqual(missing, [], 'run `node scripts/l10n-strings.mjs --missing` and add these to l10n/bundle.l10n.zh-cn.json');
});

test('translations keep exactly the placeholders of their source', () => {
  const wrong = Object.entries(bundle)
    .filter(([source, zh]) => JSON.stringify(placeholders(source)) !== JSON.stringify(placeholders(zh)))
    .map(([source, zh]) => ({ source, zh }));
  assert.deepEqual(wrong, []);
});

test('translations of text are Chinese', () => {
  const english = Object.entries(bundle)
    .filter(([source, zh]) => hasWords(source) && !CJK.test(zh))
    .map(([source, zh]) => ({ source, zh }));
  assert.deepEqual(english, []);
});

test('the bundle has no stale keys', async () => {
  const used = new Set(await sourceStrings());
  assert.deepEqual(
    Object.keys(bundle).filter((k) => !used.has(k)),
    [],
    'remove keys the client no longer uses',
  );
});

test('package.nls.zh-cn.json translates exactly the keys of package.nls.json', () => {
  const en = readJson('package.nls.json');
  const zh = readJson('package.nls.zh-cn.json');
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  const english = Object.entries(zh)
    .filter(([, value]) => /\p{L}/u.test(value) && !CJK.test(value))
    .map(([key, value]) => ({ key, value }));
  assert.deepEqual(english, []);
});
