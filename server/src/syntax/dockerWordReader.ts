// Reading Docker's words out of instruction arguments (ENV, ARG, FROM, COPY …): white space splits words outside
// quotes, the file's escape character escapes, and quotes and escapes are resolved; `$VAR` / `${VAR…}` references are
// kept in each word's template (dockerWords.ts) so that values can be expanded later against the variables in effect
// at that instruction.
import { MappedBuilder, MappedText, sliceMapped } from './source';
import { MAX_NESTING, parseReference, UNKNOWN_PARTS, type RefSpan, type WordPart } from './dockerWords';

export interface DockerWord {
  /** Offsets of the word in the parent text. */
  start: number;
  end: number;
  /** Quotes removed, escapes resolved, variable references kept as written. */
  text: string;
  mapped: MappedText;
  parts: WordPart[];
  refs: RefSpan[];
}

function isBlankChar(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Where the next word starts at or after `i` (`to` if none does). */
export function nextWordStart(text: string, i: number, to = text.length): number {
  while (i < to && isBlankChar(text[i])) i++;
  return Math.min(i, to);
}

/** Where the word that starts at `start` ends: at unquoted, unescaped white space. */
export function wordEnd(text: string, escape: string, start: number, to = text.length): number {
  let quote = '';
  let i = start;
  for (; i < to; i++) {
    const c = text[i];
    if (quote) {
      if (c === escape && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === escape) i++;
    else if (c === '"' || c === "'") quote = c;
    else if (isBlankChar(c)) break;
  }
  return Math.min(i, to);
}

/** Splits on unquoted, unescaped white space; returns [start, end) spans of the parent text. */
export function splitWordSpans(text: string, escape: string, from = 0, to = text.length): [number, number][] {
  const spans: [number, number][] = [];
  for (let start = nextWordStart(text, from, to); start < to; start = nextWordStart(text, spans[spans.length - 1][1], to)) {
    spans.push([start, wordEnd(text, escape, start, to)]);
  }
  return spans;
}

/** Processes text[start, end) of `parent` as one Docker word (`depth`: the `${…}` it is nested in). */
export function processWord(parent: MappedText, start: number, end: number, escape: string, depth = 0): DockerWord {
  const text = parent.text;
  if (isPlain(text, start, end, escape)) {
    // Most words have no quotes, escapes or references: no per-character work.
    return new PlainWord(parent, start, end);
  }
  return processParts(parent, start, end, escape, depth, new MappedBuilder(parent));
}

/**
 * processWord's work; without a builder (the words nested in a `${NAME:-word}`, of which only the template is used)
 * no text is mapped, so that each nesting level costs a scan and not a copy of the rest of the value.
 */
function processParts(parent: MappedText, start: number, end: number, escape: string, depth: number, b?: MappedBuilder): DockerWord {
  const text = parent.text;
  const parts: WordPart[] = [];
  const refs: RefSpan[] = [];
  let literal = '';
  const lit = (ch: string, at: number) => {
    b?.push(ch, at);
    literal += ch;
  };
  const flush = () => {
    if (literal) parts.push({ literal });
    literal = '';
  };
  const reference = (i: number): number => {
    const ref = parseReference(text, i, end);
    if (!ref) {
      lit('$', i);
      return i + 1;
    }
    flush();
    if (b) for (let k = ref.start; k < ref.end; k++) b.push(text[k], k);
    refs.push(ref);
    if (depth >= MAX_NESTING) parts.push(...UNKNOWN_PARTS);
    else {
      const word =
        ref.modifierValue !== undefined ? processParts(parent, ref.end - 1 - ref.modifierValue.length, ref.end - 1, escape, depth + 1).parts : undefined;
      parts.push({ ref, word });
    }
    return ref.end;
  };
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === "'") {
      for (i++; i < end && text[i] !== "'"; i++) lit(text[i], i);
      i++;
    } else if (c === '"') {
      for (i++; i < end && text[i] !== '"';) {
        const d = text[i];
        if (d === escape && i + 1 < end && (text[i + 1] === '"' || text[i + 1] === '$' || text[i + 1] === escape)) {
          lit(text[i + 1], i + 1);
          i += 2;
        } else if (d === '$') i = reference(i);
        else {
          lit(d, i);
          i++;
        }
      }
      i++;
    } else if (c === escape && i + 1 < end) {
      lit(text[i + 1], i + 1);
      i += 2;
    } else if (c === '$') i = reference(i);
    else {
      lit(c, i);
      i++;
    }
  }
  flush();
  return { start, end, text: b ? b.toString() : literalText(parts), mapped: b ? b.build(start) : sliceMapped(parent, start, end), parts, refs };
}

/**
 * A word without quotes, escapes or references. Most words are plain, and most are only read for their text and
 * offsets: the mapped text and the template are made when first asked for.
 */
class PlainWord implements DockerWord {
  readonly text: string;
  readonly refs = NO_REFS;
  private mappedValue?: MappedText;
  private partsValue?: WordPart[];
  constructor(
    private readonly parent: MappedText,
    readonly start: number,
    readonly end: number,
  ) {
    this.text = parent.text.slice(start, end);
  }
  get mapped(): MappedText {
    return (this.mappedValue ??= sliceMapped(this.parent, this.start, this.end));
  }
  get parts(): WordPart[] {
    return (this.partsValue ??= this.text ? [{ literal: this.text }] : NO_PARTS);
  }
}

function literalText(parts: WordPart[]): string {
  return parts.map((p) => ('literal' in p ? p.literal : '')).join('');
}

export function isPlainWord(w: DockerWord): boolean {
  return w instanceof PlainWord;
}

// Shared by the many words without them (never mutated).
const NO_PARTS: WordPart[] = Object.freeze([]) as unknown as WordPart[];
const NO_REFS: RefSpan[] = Object.freeze([]) as unknown as RefSpan[];

function isPlain(text: string, start: number, end: number, escape: string): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39 || c === 36 || text[i] === escape) return false;
  }
  return true;
}
