// A piece of text cut out of a document (a logical line with its continuations removed, a quoted shell
// word, a heredoc body) that remembers where each of its characters sits in the document.
// Every range the parser publishes is computed through here, so ranges stay exact whatever was removed.

/** From `at` (an offset into the piece's text) on, characters map to consecutive document offsets from `doc`. */
export interface Segment {
  at: number;
  doc: number;
}

export class MappedText {
  constructor(
    readonly text: string,
    /** Sorted by `at`; the first one has at = 0. */
    readonly segments: readonly Segment[],
  ) {}

  static contiguous(text: string, docOffset: number): MappedText {
    return new MappedText(text, [{ at: 0, doc: docOffset }]);
  }

  /** Document offset of the character at `i` (i = text.length maps just past the last character). */
  docOffset(i: number): number {
    const segs = this.segments;
    if (i >= this.text.length && this.text.length > 0) return this.docOffset(this.text.length - 1) + 1;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].at <= i) lo = mid;
      else hi = mid - 1;
    }
    return segs[lo].doc + (i - segs[lo].at);
  }
}

/**
 * Accumulates a string from characters of a parent piece (quotes and escapes removed) while keeping, for each
 * character, its place in the document. Used by the lexers to build word texts that still map back.
 */
export class MappedBuilder {
  private text = '';
  private segments: Segment[] = [];
  private lastDoc = -2;

  constructor(private readonly parent: MappedText) {}

  /** Appends the parent's character at `parentIndex` (or a replacement character standing for it). */
  push(ch: string, parentIndex: number): void {
    const doc = this.parent.docOffset(parentIndex);
    if (doc !== this.lastDoc + 1 || this.segments.length === 0) this.segments.push({ at: this.text.length, doc });
    this.text += ch;
    this.lastDoc = doc;
  }

  get length(): number {
    return this.text.length;
  }

  toString(): string {
    return this.text;
  }

  /** The built piece; `emptyAt` is the parent index an empty result stands at. */
  build(emptyAt: number): MappedText {
    if (this.segments.length === 0) return MappedText.contiguous('', this.parent.docOffset(emptyAt));
    return new MappedText(this.text, this.segments);
  }
}

/** The slice [start, end) of a mapped text, still mapped. */
export function sliceMapped(m: MappedText, start: number, end: number): MappedText {
  const segs: Segment[] = [];
  for (let i = 0; i < m.segments.length; i++) {
    const s = m.segments[i];
    const next = i + 1 < m.segments.length ? m.segments[i + 1].at : m.text.length;
    if (next <= start || s.at >= end) continue;
    const at = Math.max(s.at, start);
    segs.push({ at: at - start, doc: s.doc + (at - s.at) });
  }
  if (segs.length === 0) segs.push({ at: 0, doc: m.docOffset(start) });
  return new MappedText(m.text.slice(start, end), segs);
}
