// Long-lived caches keep copies of the strings they are given, never views into the document they were cut from:
// otherwise every version of a document the user typed would stay in memory for as long as its values are cached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { detached, FileTextCache, memoize } from '../../server/src/core/memo';
import { firstMatchingPattern } from '../../server/src/goenv/patterns';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapAfter(fill: (document: string, i: number) => void): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 40; i++) {
    // A 1 MB document version; only a short value cut from it is kept.
    const document = `ENV GOPRIVATE=git.v${i}.example.com/team\n` + '#'.repeat(1 << 20) + String(i);
    fill(document, i);
  }
  gc();
  return (process.memoryUsage().heapUsed - before) / (1 << 20);
}

const valueOf = (document: string) => document.slice('ENV GOPRIVATE='.length, document.indexOf('\n'));

test('a plain Map keyed by values cut from documents keeps the documents (what the copies prevent)', () => {
  const kept = new Map<string, number>();
  const grown = heapAfter((d, i) => kept.set(valueOf(d), i));
  assert.ok(grown > 30, `grew ${grown.toFixed(1)} MB`);
  assert.equal(kept.size, 40);
});

test('memoize keeps copies of its keys: 40 document versions are not kept alive', () => {
  const parse = memoize((v: string) => ({ value: v, hosts: v.split(',') }));
  const grown = heapAfter((d) => parse(valueOf(d)));
  assert.ok(grown < 5, `grew ${grown.toFixed(1)} MB`);
  assert.equal(parse('git.v3.example.com/team').value, 'git.v3.example.com/team');
});

test('firstMatchingPattern keeps copies of the pattern lists and paths it has seen', () => {
  const grown = heapAfter((d, i) => firstMatchingPattern(valueOf(d), `git.v${i}.example.com/team/mod`));
  assert.ok(grown < 5, `grew ${grown.toFixed(1)} MB`);
  assert.equal(firstMatchingPattern('git.v7.example.com/team', 'git.v7.example.com/team/mod'), 'git.v7.example.com/team');
});

test('detached gives an equal string', () => {
  for (const s of ['', 'a', 'git.corp.example.com', 'x'.repeat(100)]) assert.equal(detached(s), s);
});

test('FileTextCache: a value is kept per file while its text is the same, within a bound of files and characters', () => {
  const cache = new FileTextCache<number>(2, 10);
  cache.set('a', 'aaaa', 1);
  assert.equal(cache.get('a', 'aaaa'), 1);
  assert.equal(cache.get('a', 'aaab'), undefined, 'another text of the file');
  cache.set('b', 'bbbb', 2);
  cache.set('c', 'cccc', 3);
  assert.equal(cache.get('a', 'aaaa'), undefined, 'the file kept longest goes past 2 files');
  assert.deepEqual([cache.get('b', 'bbbb'), cache.get('c', 'cccc')], [2, 3]);
  cache.set('b', 'bbbbbbbb', 4);
  assert.equal(cache.get('c', 'cccc'), undefined, 'past 10 characters the oldest goes');
  assert.equal(cache.get('b', 'bbbbbbbb'), 4);
  cache.set('d', 'x'.repeat(11), 5);
  assert.equal(cache.get('d', 'x'.repeat(11)), undefined, 'a text over the bound is never kept');
  assert.equal(cache.get('b', 'bbbbbbbb'), 4);
});
