// Bounded memoisation for pure functions of strings: the same GOPROXY value, pattern list or module path is
// analysed again on every keystroke and for every stage, so each is parsed once. The cache is dropped whole
// when it fills up (values are cheap to recompute; memory stays bounded whatever the input).
export function memoize<R>(fn: (key: string) => R, limit = 2048): (key: string) => R {
  let cache = new Map<string, R>();
  return (key: string) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as R;
    // Kept long after the document it came from: a copy, so that the cache never holds that document's text.
    key = detached(key);
    const value = fn(key);
    if (cache.size >= limit) cache = new Map();
    cache.set(key, value);
    return value;
  };
}

/**
 * A copy of a string that does not keep alive the text it was cut from. V8 represents a slice of a long string as a
 * view into it, so a short value taken from a document and kept in a long-lived cache would keep the whole document
 * (every version the user typed) in memory. Concatenation followed by a slice makes V8 flatten the text into a new
 * string first: the result refers to that copy only.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** The same objects in the same order: what a result kept for a list of inputs is checked against. */
export function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * What was worked out from a file's text, kept per file (a key such as its URI) for as long as the text is the same.
 * Bounded by the number of files and by the characters of their texts (what is worked out grows with the text); the
 * file kept longest goes first. A text longer than the bound is never kept.
 */
export class FileTextCache<V> {
  private readonly entries = new Map<string, { text: string; value: V }>();
  private chars = 0;

  constructor(
    private readonly maxFiles: number,
    private readonly maxChars: number,
  ) {}

  /** The value kept for this file and text, if any. */
  get(key: string, text: string): V | undefined {
    const hit = this.entries.get(key);
    return hit && hit.text === text ? hit.value : undefined;
  }

  /** What is kept for this file, whatever its text. */
  latest(key: string): { text: string; value: V } | undefined {
    return this.entries.get(key);
  }

  set(key: string, text: string, value: V): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.chars -= old.text.length;
    }
    if (text.length > this.maxChars) return;
    this.entries.set(key, { text, value });
    this.chars += text.length;
    for (const [k, e] of this.entries) {
      if (this.chars <= this.maxChars && this.entries.size <= this.maxFiles) break;
      this.entries.delete(k);
      this.chars -= e.text.length;
    }
  }
}
