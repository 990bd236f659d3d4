// GOPRIVATE-style pattern lists (goenv/patterns): Go's path.Match, module.MatchPrefixPatterns, and the issues
// we report for patterns that silently never match. test/gocmd/goenv.gocmd.test.ts checks the matching against Go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstMatchingPattern, goPathMatch, matchesPatternList, parsePatternList } from '../../server/src/goenv/patterns';

test('goPathMatch: Go path.Match, ErrBadPattern included', () => {
  // [pattern, name, matched, bad]
  const cases: [string, string, boolean, boolean][] = [
    ['abc', 'abc', true, false],
    ['*', 'abc', true, false],
    ['*c', 'abc', true, false],
    ['a*', 'a', true, false],
    ['a*', 'a/b', false, false],
    ['a*/b', 'abc/b', true, false],
    ['a*b*c*d*e*/f', 'axbxcxdxe/f', true, false],
    ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false, false],
    ['ab[c]', 'abc', true, false],
    ['ab[b-d]', 'abc', true, false],
    ['ab[e-g]', 'abc', false, false],
    ['ab[^c]', 'abc', false, false],
    ['ab[^b-d]', 'abe', true, false],
    ['a\\*b', 'a*b', true, false],
    ['a\\*b', 'ab', false, false],
    ['a?b', 'a☺b', true, false],
    ['a[^a]b', 'a☺b', true, false],
    ['a???b', 'a☺b', false, false],
    ['a?b', 'a/b', false, false],
    ['a*b', 'a/b', false, false],
    ['[\\]a]', ']', true, false],
    ['[\\-]', '-', true, false],
    ['[x\\-]', 'z', false, false],
    ['[\\-x]', 'x', true, false],
    ['*x', 'xxx', true, false],
    // Malformed patterns never match, and go reports them whatever the name.
    ['[]a]', ']', false, true],
    ['[-]', '-', false, true],
    ['[x-]', 'x', false, true],
    ['[a-b-c]', 'a', false, true],
    ['[', 'a', false, true],
    ['[^', 'a', false, true],
    ['[^bc', 'a', false, true],
    ['a[', 'a', false, true],
    ['a[', 'ab', false, true],
    ['a[', 'x', false, true],
    ['a/b[', 'a/b', false, true],
    ['*x[', 'xxx', false, true],
    ['a\\', 'a', false, true],
    ['\\', 'a', false, true],
  ];
  for (const [p, n, matched, bad] of cases) assert.deepEqual(goPathMatch(p, n), { matched, bad }, `${p} ~ ${n}`);
});

test('matchesPatternList: prefix elements, trailing slash, no trimming, bad globs ignored', () => {
  // [list, module path, matches]
  const cases: [string, string, boolean][] = [
    ['*.corp.example.com', 'git.corp.example.com/a/b', true],
    ['*.corp.example.com', 'corp.example.com/lib', false],
    ['*.corp.example.com', 'a.b.corp.example.com/lib', true],
    ['github.com/acme', 'github.com/acme/x', true],
    ['github.com/acme', 'github.com/acme', true],
    ['github.com/acme', 'github.com/acmeco/x', false],
    ['github.com/acme/*', 'github.com/acme', false],
    ['github.com/acme/*', 'github.com/acme/x/y', true],
    ['github.com/acme/', 'github.com/acme/x', true],
    ['github.com/acme//', 'github.com/acme/x', false],
    ['a.example.com, b.example.com', 'b.example.com/m', false],
    ['a.example.com ,b.example.com', 'a.example.com/m', false],
    ['a.example.com, b.example.com', 'a.example.com/m', true],
    ['https://git.corp.example.com', 'git.corp.example.com/x', false],
    ['[a-,x.example.com', 'x.example.com/m', true],
    ['[a-.example.com', 'a.example.com/m', false],
    ['*', 'any.example.net/m', true],
    ['*/*', 'any.example.net/m', true],
    ['*/*', 'any.example.net', false],
    ['GitHub.com/acme', 'github.com/acme/x', false],
    [',,git.corp.example.com,', 'git.corp.example.com/team/lib', true],
    ['', 'anything', false],
    [',', 'anything', false],
    ['/', 'anything', false],
    ['x.example.com/a/b/c', 'x.example.com/a/b', false],
    ['x.example.com/a/b', 'x.example.com/a/b/c', true],
  ];
  for (const [list, path, want] of cases) assert.equal(matchesPatternList(list, path), want, `${JSON.stringify(list)} ~ ${path}`);
});

test('firstMatchingPattern returns the pattern as go read it (one trailing slash dropped)', () => {
  assert.equal(firstMatchingPattern('a.example.com,github.com/acme/,github.com/*', 'github.com/acme/x'), 'github.com/acme');
  assert.equal(firstMatchingPattern('a.example.com', 'b.example.com/x'), undefined);
});

test('parsePatternList: offsets of each raw pattern and what is wrong with it', () => {
  assert.deepEqual(parsePatternList(''), []);
  assert.deepEqual(parsePatternList('https://gitlab.acme.internal, github.com/acme'), [
    { raw: 'https://gitlab.acme.internal', start: 0, end: 28, issue: 'scheme', normalized: 'gitlab.acme.internal' },
    { raw: ' github.com/acme', start: 29, end: 45, issue: 'whitespace', normalized: 'github.com/acme' },
  ]);
  assert.deepEqual(parsePatternList('a.com,,b.com/'), [
    { raw: 'a.com', start: 0, end: 5, normalized: 'a.com' },
    { raw: '', start: 6, end: 6, issue: 'empty', normalized: '' },
    { raw: 'b.com/', start: 7, end: 13, issue: 'trailing-slash', normalized: 'b.com' },
  ]);
  assert.deepEqual(parsePatternList('[a-.example.com,*.corp'), [
    { raw: '[a-.example.com', start: 0, end: 15, issue: 'bad-glob', normalized: '[a-.example.com' },
    { raw: '*.corp', start: 16, end: 22, normalized: '*.corp' },
  ]);
  // The first issue wins; the normalised form fixes all of them.
  const [e] = parsePatternList(' HTTP://git.corp.example.com/team/ ');
  assert.deepEqual([e.issue, e.normalized], ['scheme', 'git.corp.example.com/team']);
  // White space between patterns most likely meant two patterns.
  assert.deepEqual(
    parsePatternList('a.com b.com').map((x) => [x.issue, x.normalized]),
    [['whitespace', 'a.com,b.com']],
  );
  assert.deepEqual(
    parsePatternList(' ').map((x) => [x.issue, x.normalized]),
    [['whitespace', '']],
  );
  assert.deepEqual(
    parsePatternList('a.com,').map((x) => x.issue),
    [undefined, 'empty'],
  );
});

test('parsePatternList issues agree with matching: a flagged pattern (but trailing slash) never matches what its normal form matches', () => {
  const path = 'git.corp.example.com/team/lib';
  for (const list of ['https://git.corp.example.com', ' git.corp.example.com', 'git.corp.example.com ', 'https://git.corp.example.com/']) {
    const [e] = parsePatternList(list);
    assert.ok(e.issue && e.issue !== 'trailing-slash', list);
    assert.equal(matchesPatternList(list, path), false, list);
    assert.equal(matchesPatternList(e.normalized, path), true, list);
  }
  assert.equal(matchesPatternList('git.corp.example.com/', path), true, 'a single trailing slash is harmless');
});
