// GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE pattern lists: the matching of golang.org/x/mod/module.MatchPrefixPatterns
// (built on Go's path.Match), and what is wrong with a pattern as written.
// Matching works on UTF-8 bytes, as Go does, so `?`, `*` and classes behave the same on non-ASCII paths.

import { detached, memoize } from '../core/memo';

export type PatternIssue = 'scheme' | 'trailing-slash' | 'whitespace' | 'bad-glob' | 'empty';

export interface PatternEntry {
  /** The pattern exactly as between commas. */
  raw: string;
  /** Offsets of raw in the value. */
  start: number;
  end: number;
  issue?: PatternIssue;
  /** What the user meant: no scheme, no white space, no trailing `/` ('' for empty). */
  normalized: string;
}

const SLASH = 0x2f;
const encoder = new TextEncoder();
const bytes = (s: string) => encoder.encode(s);

/** utf8.DecodeRune: [rune, width]; invalid bytes decode as U+FFFD of width 1. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const b0 = b[i];
  if (b0 < 0x80) return [b0, 1];
  const need = b0 >= 0xf0 && b0 <= 0xf4 ? 4 : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xc2 && b0 <= 0xdf ? 2 : 0;
  if (need === 0 || i + need > b.length) return [0xfffd, 1];
  // The second byte's range depends on the first (no overlongs, surrogates or values past U+10FFFF).
  const lo = b0 === 0xe0 ? 0xa0 : b0 === 0xf0 ? 0x90 : 0x80;
  const hi = b0 === 0xed ? 0x9f : b0 === 0xf4 ? 0x8f : 0xbf;
  if (b[i + 1] < lo || b[i + 1] > hi) return [0xfffd, 1];
  for (let k = 2; k < need; k++) if (b[i + k] < 0x80 || b[i + k] > 0xbf) return [0xfffd, 1];
  let r = need === 2 ? b0 & 0x1f : need === 3 ? b0 & 0x0f : b0 & 0x07;
  for (let k = 1; k < need; k++) r = (r << 6) | (b[i + k] & 0x3f);
  return [r, need];
}

class BadPattern extends Error {}

/** One possibly escaped character of a class: [rune, next index]. Malformed → BadPattern. */
function classChar(p: Uint8Array, i: number, end: number): [number, number] {
  if (i >= end || p[i] === 0x2d /* - */ || p[i] === 0x5d /* ] */) throw new BadPattern();
  if (p[i] === 0x5c /* \ */) {
    i++;
    if (i >= end) throw new BadPattern();
  }
  const [r, n] = decodeRune(p, i);
  if (r === 0xfffd && n === 1) throw new BadPattern();
  if (i + n >= end) throw new BadPattern(); // the class is never closed
  return [r, i + n];
}

/**
 * Matches the star-free chunk p[from,to) against the start of name[at..]; the index in name after it, or -1.
 * Always reads the whole chunk, so a malformed one throws whatever the name is.
 */
function matchChunk(p: Uint8Array, from: number, to: number, name: Uint8Array, at: number): number {
  let failed = false;
  let i = from;
  let s = at;
  while (i < to) {
    failed ||= s >= name.length;
    const c = p[i];
    if (c === 0x5b /* [ */) {
      let r = 0;
      if (!failed) {
        const [rr, n] = decodeRune(name, s);
        r = rr;
        s += n;
      }
      i++;
      const negated = i < to && p[i] === 0x5e; /* ^ */
      if (negated) i++;
      let match = false;
      let ranges = 0;
      for (;;) {
        if (i < to && p[i] === 0x5d && ranges > 0) {
          i++;
          break;
        }
        let lo: number;
        let hi: number;
        [lo, i] = classChar(p, i, to);
        hi = lo;
        if (p[i] === 0x2d) [hi, i] = classChar(p, i + 1, to);
        match ||= lo <= r && r <= hi;
        ranges++;
      }
      failed ||= match === negated;
    } else if (c === 0x3f /* ? */) {
      if (!failed) {
        failed = name[s] === SLASH;
        s += decodeRune(name, s)[1];
      }
      i++;
    } else {
      if (c === 0x5c /* \ */) {
        i++;
        if (i >= to) throw new BadPattern();
      }
      if (!failed) {
        failed = p[i] !== name[s];
        s++;
      }
      i++;
    }
  }
  return failed ? -1 : s;
}

/** Splits off the next chunk: leading stars, then up to the next star outside a class. */
function nextChunk(p: Uint8Array, at: number): { star: boolean; from: number; to: number } {
  let i = at;
  while (i < p.length && p[i] === 0x2a) i++;
  const star = i > at;
  const from = i;
  let inRange = false;
  for (; i < p.length; i++) {
    if (p[i] === 0x5c) {
      if (i + 1 < p.length) i++;
    } else if (p[i] === 0x5b) inRange = true;
    else if (p[i] === 0x5d) inRange = false;
    else if (p[i] === 0x2a && !inRange) break;
  }
  return { star, from, to: i };
}

function pathMatch(p: Uint8Array, name: Uint8Array): boolean {
  let at = 0;
  let n = 0;
  chunks: while (at < p.length) {
    const { star, from, to } = nextChunk(p, at);
    at = to;
    if (star && from === to) return name.indexOf(SLASH, n) < 0; // a trailing * takes the rest of the element
    const t = matchChunk(p, from, to, name, n);
    if (t >= 0 && (t === name.length || at < p.length)) {
      n = t;
      continue;
    }
    if (star) {
      for (let k = n; k < name.length && name[k] !== SLASH; k++) {
        const t2 = matchChunk(p, from, to, name, k + 1);
        if (t2 >= 0 && !(at >= p.length && t2 < name.length)) {
          n = t2;
          continue chunks;
        }
      }
    }
    // Before failing, the rest of the pattern must still be well formed.
    while (at < p.length) {
      const c = nextChunk(p, at);
      at = c.to;
      matchChunk(p, c.from, c.to, new Uint8Array(0), 0);
    }
    return false;
  }
  return n === name.length;
}

const MATCHED = Object.freeze({ matched: true, bad: false });
const NOT_MATCHED = Object.freeze({ matched: false, bad: false });

/** Go's path.Match: `bad` is true where Go returns ErrBadPattern (then `matched` is false). */
export function goPathMatch(pattern: string, name: string): { matched: boolean; bad: boolean } {
  // Most patterns are plain paths: without `*`, `?`, `[` or `\\` path.Match is string equality and never fails.
  if (!/[*?[\\]/.test(pattern)) return pattern === name ? MATCHED : NOT_MATCHED;
  try {
    return { matched: pathMatch(bytes(pattern), bytes(name)), bad: false };
  } catch (e) {
    if (e instanceof BadPattern) return { matched: false, bad: true };
    throw e;
  }
}

/** The first N+1 elements of a path, for a glob with N slashes; undefined when the path is shorter. */
function prefixElements(glob: string, target: string): string | undefined {
  let slashes = 0;
  for (let i = 0; i < glob.length; i++) if (glob.charCodeAt(i) === 47) slashes++;
  for (let i = 0; i < target.length; i++) {
    if (target[i] !== '/') continue;
    if (slashes === 0) return target.slice(0, i);
    slashes--;
  }
  return slashes > 0 ? undefined : target;
}

/** golang.org/x/mod/module.MatchPrefixPatterns: the first pattern of the list that matches, as go reads it. */
// list → module path → first matching pattern (null: none). Bounded: dropped whole when it grows large.
let firstMatchCache = new Map<string, Map<string, string | null>>();
let firstMatchEntries = 0;

/** The first pattern of the list that matches (memoised: the same lists and paths recur for every stage). */
export function firstMatchingPattern(list: string, modulePath: string): string | undefined {
  if (list === '') return undefined;
  let byPath = firstMatchCache.get(list);
  // Copies of the list and path are kept: they may be views into a document, which the cache would otherwise keep.
  if (!byPath) firstMatchCache.set(detached(list), (byPath = new Map()));
  let hit = byPath.get(modulePath);
  if (hit === undefined) {
    if (++firstMatchEntries > 20000) {
      firstMatchCache = new Map([[detached(list), (byPath = new Map())]]);
      firstMatchEntries = 1;
    }
    hit = firstMatchingPatternUncached(list, modulePath) ?? null;
    byPath.set(detached(modulePath), hit === null ? null : detached(hit));
  }
  return hit ?? undefined;
}

function firstMatchingPatternUncached(list: string, modulePath: string): string | undefined {
  for (const item of list.split(',')) {
    // Only one trailing slash is dropped, and white space is not trimmed.
    const glob = item.endsWith('/') ? item.slice(0, -1) : item;
    if (glob === '') continue;
    const prefix = prefixElements(glob, modulePath);
    if (prefix !== undefined && goPathMatch(glob, prefix).matched) return glob;
  }
  return undefined;
}

export function matchesPatternList(list: string, modulePath: string): boolean {
  return firstMatchingPattern(list, modulePath) !== undefined;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const SPACE = /[\s\u0085]/;

function normalize(raw: string): string {
  // White space inside a pattern most likely separated two patterns.
  return (
    raw
      .split(/[\s\u0085]+/)
      .filter((p) => p !== '')
      // `https://user:token@host/x` meant `host/x`: the scheme and any user info go (never kept in a fix).
      .map((p) =>
        p
          .replace(SCHEME, '')
          .replace(/^[^/@]*@/, '')
          .replace(/\/+$/, ''),
      )
      .filter((p) => p !== '')
      .join(',')
  );
}

/**
 * Splits a pattern list as go does (on `,` only) and says what is wrong with each pattern. The same value comes
 * back on every keystroke and for every stage: memoised (the entries are shared, do not mutate them).
 */
export const parsePatternList: (value: string) => readonly Readonly<PatternEntry>[] = memoize(parsePatternListUncached);

function parsePatternListUncached(value: string): PatternEntry[] {
  if (value === '') return [];
  const out: PatternEntry[] = [];
  let at = 0;
  for (const raw of value.split(',')) {
    const entry: PatternEntry = { raw, start: at, end: at + raw.length, normalized: normalize(raw) };
    at += raw.length + 1;
    const trimmed = raw.trim();
    if (raw === '') entry.issue = 'empty';
    else if (SCHEME.test(trimmed)) entry.issue = 'scheme';
    else if (SPACE.test(raw)) entry.issue = 'whitespace';
    else if (goPathMatch(raw.replace(/\/$/, ''), '').bad) entry.issue = 'bad-glob';
    else if (raw.endsWith('/')) entry.issue = 'trailing-slash';
    // Nobody can tell what a malformed glob meant: keep it as written.
    if (entry.issue === 'bad-glob') entry.normalized = raw;
    out.push(entry);
  }
  return out;
}

// The fewest path elements a module path needs for the pattern to match it whatever its elements are: 1 for `*`
// (every module path), 2 for `*/*` (every path but one-element ones such as `gotest.tools`), …; undefined when an
// element glob does not match every element. An element glob matches every element (never empty, never holding a
// slash) when it is stars with at most one `?`.
export function matchesAnyPathOf(pattern: string): number | undefined {
  // Only one trailing slash is dropped, as in firstMatchingPattern.
  const glob = pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
  if (glob === '') return undefined;
  const elements = glob.split('/');
  const every = elements.every((e) => /^[*?]+$/.test(e) && e.includes('*') && e.split('?').length <= 2);
  return every ? elements.length : undefined;
}

/** The broadest pattern of a list (as go splits it) that matches every path of some length (fewest elements first). */
export function broadestPattern(list: string): { pattern: string; elements: number; start: number } | undefined {
  let best: { pattern: string; elements: number; start: number } | undefined;
  let start = 0;
  for (const pattern of list.split(',')) {
    const elements = matchesAnyPathOf(pattern);
    if (elements !== undefined && (!best || elements < best.elements)) best = { pattern, elements, start };
    start += pattern.length + 1;
  }
  return best;
}
