// Variable references in Docker words (`$VAR`, `${VAR…}` with Docker's modifiers), a word's template (its literals and
// references), and its expansion: as Docker expands instruction arguments (unset variables expand to '') and as the
// shell of a RUN does, when that can be known here. The words themselves are read in dockerWordReader.ts.

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
/** The template of UNKNOWN_VALUE (shared, never mutated). */
export const UNKNOWN_PARTS: WordPart[] = Object.freeze([Object.freeze({ literal: UNKNOWN_VALUE })]) as unknown as WordPart[];

export function isUnknownValue(value: string): boolean {
  return value.includes(UNKNOWN_VALUE);
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
