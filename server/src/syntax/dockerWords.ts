// Docker's own word rules for instruction arguments (ENV, ARG, FROM, COPY …): white space splits words
// outside quotes, the file's escape character escapes, and `$VAR` / `${VAR…}` are expanded except inside
// single quotes or after an escape. Words keep a template so values can be expanded later against the
// variables in effect at that instruction.
import { MappedBuilder, MappedText, sliceMapped } from './source';

export type RefModifier = ':-' | ':+' | '-' | '+' | ':?' | '?';

/** A variable reference inside a word, with offsets into the parent text. */
export interface RefSpan {
  name: string;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  modifier?: RefModifier;
  modifierValue?: string;
}

export type WordPart = { literal: string } | { ref: RefSpan; word?: WordPart[] };

/**
 * How many `${…}` may nest inside one another before a value is no longer worked out. Docker has no limit, but
 * no real Dockerfile comes near it, and each level costs a pass over the rest of the value.
 */
export const MAX_NESTING = 64;

/**
 * Stands in for a reference nested deeper than MAX_NESTING. It survives concatenation, so any value built from
 * one is recognisably unknown (isUnknownValue): the rules leave such values alone rather than judge garbage.
 */
export const UNKNOWN_VALUE = '\uE000…\uE000';
const UNKNOWN_PARTS: WordPart[] = Object.freeze([Object.freeze({ literal: UNKNOWN_VALUE })]) as unknown as WordPart[];

export function isUnknownValue(value: string): boolean {
  return value.includes(UNKNOWN_VALUE);
}

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

/** Splits on unquoted, unescaped white space; returns [start, end) spans of the parent text. */
export function splitWordSpans(text: string, escape: string, from = 0, to = text.length): [number, number][] {
  const spans: [number, number][] = [];
  let i = from;
  while (i < to) {
    while (i < to && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    if (i >= to) break;
    const start = i;
    let quote = '';
    for (; i < to; i++) {
      const c = text[i];
      if (quote) {
        if (c === escape && quote === '"') i++;
        else if (c === quote) quote = '';
      } else if (c === escape) i++;
      else if (c === '"' || c === "'") quote = c;
      else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') break;
    }
    spans.push([start, Math.min(i, to)]);
  }
  return spans;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

const MODIFIERS = [':-', ':+', ':?', '-', '+', '?'] as const;

/** Parses `$NAME` or `${NAME…}` at `i` (text[i] === '$'); undefined when it is a literal `$`. */
export function parseReference(text: string, i: number, to: number): RefSpan | undefined {
  if (text[i + 1] === '{') {
    let j = i + 2;
    const nameStart = j;
    if (!NAME_START.test(text[j] ?? '')) return undefined;
    while (j < to && NAME_CHAR.test(text[j])) j++;
    const nameEnd = j;
    let modifier: RefModifier | undefined;
    for (const m of MODIFIERS) {
      if (text.startsWith(m, j)) {
        modifier = m;
        j += m.length;
        break;
      }
    }
    const valueStart = j;
    let depth = 1;
    for (; j < to; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}' && --depth === 0) break;
    }
    if (j >= to) return undefined;
    if (!modifier && j !== nameEnd) return undefined;
    return {
      name: text.slice(nameStart, nameEnd),
      start: i,
      end: j + 1,
      nameStart,
      nameEnd,
      modifier,
      modifierValue: modifier ? text.slice(valueStart, j) : undefined,
    };
  }
  if (!NAME_START.test(text[i + 1] ?? '')) return undefined;
  let j = i + 1;
  while (j < to && NAME_CHAR.test(text[j])) j++;
  return { name: text.slice(i + 1, j), start: i, end: j, nameStart: i + 1, nameEnd: j };
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

export type Lookup = (name: string) => string | undefined;

/** Expands a word template the way Docker does (unset variables expand to ''). */
export function expandParts(parts: readonly WordPart[], lookup: Lookup): string {
  let out = '';
  for (const p of parts) {
    if ('literal' in p) {
      out += p.literal;
      continue;
    }
    const v = lookup(p.ref.name);
    const word = () => (p.word ? expandParts(p.word, lookup) : '');
    switch (p.ref.modifier) {
      case ':-':
        out += v === undefined || v === '' ? word() : v;
        break;
      case '-':
        out += v === undefined ? word() : v;
        break;
      case ':+':
        out += v !== undefined && v !== '' ? word() : '';
        break;
      case '+':
        out += v !== undefined ? word() : '';
        break;
      default:
        out += v ?? '';
    }
  }
  return out;
}

/**
 * What the shell makes of a word in a RUN command, or undefined when that cannot be known here: a command
 * substitution, or a variable that neither ARG nor ENV sets in scope (it may come from the base image or a
 * sourced script) and that has no default.
 */
export function expandShellValue(value: string, lookup: Lookup): string | undefined {
  if (!value.includes('$') && !value.includes('`')) return value;
  if (value.includes('`') || value.includes('$(')) return undefined;
  for (let i = value.indexOf('$'); i >= 0 && i < value.length; i = value.indexOf('$', i + 1)) {
    const ref = parseReference(value, i, value.length);
    if (ref && lookup(ref.name) === undefined && ref.modifier !== ':-' && ref.modifier !== '-' && ref.modifier !== ':+' && ref.modifier !== '+')
      return undefined;
  }
  return expandDockerVariables(value, lookup);
}

/** Expands `$VAR` references in a plain string (quotes already removed: every other character is literal). */
export function expandDockerVariables(value: string, lookup: Lookup): string {
  return value.includes('$') ? expandParts(templateOf(value), lookup) : value;
}

/** The template of a plain string (quotes already removed): its literals and `$VAR` / `${VAR…}` references. */
export function templateOf(value: string, depth = 0): WordPart[] {
  const parts: WordPart[] = [];
  let last = 0;
  for (let i = value.indexOf('$'); i >= 0 && i < value.length; i = value.indexOf('$', i)) {
    const ref = parseReference(value, i, value.length);
    if (!ref) {
      i++;
      continue;
    }
    if (i > last) parts.push({ literal: value.slice(last, i) });
    if (depth >= MAX_NESTING) parts.push(...UNKNOWN_PARTS);
    else parts.push({ ref, word: ref.modifierValue !== undefined ? templateOf(ref.modifierValue, depth + 1) : undefined });
    i = last = ref.end;
  }
  if (last < value.length) parts.push({ literal: value.slice(last) });
  return parts;
}

/** The variable a word is exactly (`$NAME` or `${NAME}`), else undefined. */
export function soleVariable(word: string): string | undefined {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(word);
  return m ? (m[1] ?? m[2]) : undefined;
}
