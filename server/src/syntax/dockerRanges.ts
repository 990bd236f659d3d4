// Shared by the Dockerfile instruction builders: offsets of mapped text → document ranges, references and
// words as model objects, and the leading `--flag=value` words of RUN/COPY/ADD/FROM.
import type { Range } from '../core/types';
import type { LineIndex } from '../core/text';
import type { MappedText } from './source';
import { nextWordStart, processWord, wordEnd, type DockerWord } from './dockerWordReader';
import type { RefSpan } from './dockerWords';
import type { Located, RunFlag, VariableReference } from './dockerfileModel';

export class Ranges {
  constructor(readonly lines: LineIndex) {}
  of(start: number, end: number): Range {
    return { start: this.lines.positionAt(start), end: this.lines.positionAt(end) };
  }
  /** Range of [start, end) of a mapped piece. */
  in(m: MappedText, start: number, end: number): Range {
    // Spelled out rather than destructured: array destructuring allocates an iterator while the JIT is cold.
    if (end <= start) {
      const at = m.docOffset(start);
      return this.of(at, at);
    }
    return this.of(m.docOffset(start), m.docOffset(end - 1) + 1);
  }
}

export function reference(r: Ranges, m: MappedText, ref: RefSpan): VariableReference {
  return {
    name: ref.name,
    nameRange: r.in(m, ref.nameStart, ref.nameEnd),
    range: r.in(m, ref.start, ref.end),
    modifier: ref.modifier,
    modifierValue: ref.modifierValue,
  };
}

export function located(r: Ranges, m: MappedText, w: DockerWord): Located {
  return { text: w.text, range: r.in(m, w.start, w.end) };
}

/** The leading `--name=value` words of RUN, COPY, ADD and FROM, and where the words after them start. */
export function leadingFlags(r: Ranges, m: MappedText, escape: string): { flags: RunFlag[]; rest: number } {
  const flags: RunFlag[] = [];
  const text = m.text;
  for (let s = nextWordStart(text, 0); s < text.length;) {
    if (!text.startsWith('--', s)) return { flags, rest: s };
    const e = wordEnd(text, escape, s);
    const w = processWord(m, s, e, escape).text;
    const eq = w.indexOf('=');
    flags.push({ name: (eq < 0 ? w.slice(2) : w.slice(2, eq)).toLowerCase(), value: eq < 0 ? '' : w.slice(eq + 1), range: r.in(m, s, e) });
    s = nextWordStart(text, e);
  }
  return { flags, rest: text.length };
}
