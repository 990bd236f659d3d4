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

// ---- The documentation texts: l10n/docs.<locale>.json (read through server/src/goenv/docs/docTexts.ts) ----------

const DOC_LOCALES = ['en', 'zh-cn'] as const;
const docs = Object.fromEntries(DOC_LOCALES.map((l) => [l, JSON.parse(readFileSync(path.join(root, `l10n/docs.${l}.json`), 'utf8')) as unknown])) as Record<
  (typeof DOC_LOCALES)[number],
  unknown
>;

/** Every text of a locale file by its path (`variables.GOPROXY.values.0`); what is neither text nor group, as is. */
function docLeaves(node: unknown, at = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (node !== null && typeof node === 'object') {
    for (const [key, child] of Object.entries(node)) docLeaves(child, at ? `${at}.${key}` : key, out);
  } else out.set(at, node);
  return out;
}

const enDocs = docLeaves(docs.en);
const zhDocs = docLeaves(docs['zh-cn']);
const codeSpans = (s: string) => [...s.matchAll(/`([^`]*)`/g)].map((m) => m[1]);
/** The placeholders of a text, each marked by whether a code span quotes it: `` `{0}` `` and `{0}` differ. */
const docPlaceholders = (s: string) =>
  [...codeSpans(s).flatMap((c) => (c.match(/\{\d+\}/g) ?? []).map((p) => `\`${p}\``)), ...(s.replace(/`[^`]*`/g, '').match(/\{\d+\}/g) ?? [])].sort();
/** Shell and Go variable references a text names: `$HOME`, `${GOPROXY}`. */
const references = (s: string) => [...new Set((s.match(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g) ?? []).map((r) => r.replace(/[{}]/g, '')))].sort();
/**
 * Code spans whose words are placeholders for the reader, which the translation translates: `pattern:tool|tool`
 * becomes `模式:工具|工具`. Every other code span is a literal value and is the same in every language.
 */
const TRANSLATED_SPANS: Record<string, string[]> = { 'variables.GOVCS.values.0': ['pattern:tool|tool'] };

test('docs locale files: every language has exactly the texts of the English file, none empty', () => {
  assert.ok(enDocs.size > 100, `only ${enDocs.size} texts in l10n/docs.en.json`);
  for (const [locale, texts] of [
    ['en', enDocs],
    ['zh-cn', zhDocs],
  ] as const) {
    const bad = [...texts].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
    assert.deepEqual(bad, [], `l10n/docs.${locale}.json: texts that are empty or not strings`);
  }
  assert.deepEqual(
    [...zhDocs.keys()].filter((k) => !enDocs.has(k)),
    [],
    'l10n/docs.zh-cn.json: texts the English file does not have',
  );
  assert.deepEqual(
    [...enDocs.keys()].filter((k) => !zhDocs.has(k)),
    [],
    'l10n/docs.zh-cn.json: texts it lacks',
  );
});

test('docs locale files: translations keep the placeholders, how they are quoted, the variable references and the literal values', () => {
  const wrong: object[] = [];
  for (const [key, en] of enDocs) {
    const zh = zhDocs.get(key);
    if (typeof en !== 'string' || typeof zh !== 'string') continue;
    for (const s of [en, zh]) if ((s.match(/`/g) ?? []).length % 2 !== 0) wrong.push({ key, unbalancedBacktick: s });
    if (JSON.stringify(docPlaceholders(en)) !== JSON.stringify(docPlaceholders(zh)))
      wrong.push({ key, placeholders: [docPlaceholders(en), docPlaceholders(zh)] });
    if (JSON.stringify(references(en)) !== JSON.stringify(references(zh))) wrong.push({ key, references: [references(en), references(zh)] });
    const lost = codeSpans(en).filter((c) => !codeSpans(zh).includes(c) && !TRANSLATED_SPANS[key]?.includes(c));
    if (lost.length) wrong.push({ key, literalsMissingInZh: lost });
    if (hasWords(en.replace(/`[^`]*`/g, '')) && !CJK.test(zh)) wrong.push({ key, notChinese: zh });
  }
  assert.deepEqual(wrong, []);
});

test('docs locale files: the checks above see a dropped placeholder, a requoted one, a lost literal and a lost reference', () => {
  assert.notDeepEqual(docPlaceholders('from `{0}` to {1}'), docPlaceholders('从 `{0}` 到'));
  assert.notDeepEqual(docPlaceholders('the proxy `{0}`'), docPlaceholders('代理 {0}'));
  assert.deepEqual(docPlaceholders('`{0}` and {1}'), docPlaceholders('{1} 和 `{0}`'));
  assert.deepEqual(codeSpans('use `off` or `on`'), ['off', 'on']);
  assert.deepEqual(references('`$HOME/.cache` or `${XDG_CACHE_HOME}`'), ['$HOME', '$XDG_CACHE_HOME']);
  for (const [key, spans] of Object.entries(TRANSLATED_SPANS)) {
    const en = enDocs.get(key);
    assert.ok(
      typeof en === 'string' && spans.every((s) => codeSpans(en).includes(s)),
      `TRANSLATED_SPANS names ${key}: ${spans.join(', ')}, which it does not hold`,
    );
  }
});
