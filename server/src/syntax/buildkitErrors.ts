// What BuildKit's Dockerfile frontend rejects before any step runs, in its own words: an unknown instruction, an
// unknown RUN flag, an unsupported mount type or network mode, an ENV word without `=`, a FROM with the wrong number
// of words, and the parser's own problems (an invalid escape directive, an unterminated heredoc). Each is checked
// against the frontend's parser: the words are the ones `docker build` prints.
import type { Range } from '../core/types';
import type { LineIndex } from '../core/text';
import { nextWordStart, wordEnd } from './dockerWordReader';
import type { DockerfileModel, Instruction, RunInstruction } from './dockerfileModel';
import { InstructionFacts } from './instructionReuse';

export type BuildKitErrorKind = 'instruction' | 'flag' | 'mount-type' | 'network' | 'env-word' | 'from-words' | 'escape' | 'heredoc';

export interface BuildKitError {
  kind: BuildKitErrorKind;
  /** What BuildKit prints, suggestion included (`unknown instruction: RUNN (did you mean RUN?)`). */
  words: string;
  /** True when BuildKit prefixes the words with `dockerfile parse error on line N:` (found while parsing). */
  atParse: boolean;
  range: Range;
  /** What BuildKit suggests, spelled the way the fix writes it. */
  suggestion?: string;
  instruction?: Instruction;
}

/** The instructions BuildKit knows (upper-cased). */
export const INSTRUCTIONS: readonly string[] = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
];
const KNOWN = new Set(INSTRUCTIONS);
/** RUN's flags in current frontends (`--device` is the newest); an older frontend rejecting one of them is not told here. */
const RUN_FLAGS = ['mount', 'network', 'security', 'device'];
const MOUNT_TYPES = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
const NETWORK_MODES = new Set(['default', 'none', 'host']);

/** Edit distance (insert, delete, substitute: 1 each), as the frontend's suggestions measure it. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * The frontend's "did you mean": the option closest to the value, at distance 1 or 2. Without case sensitivity the
 * option takes the value's case when the value is all lower or all upper case, else lower case. When two options
 * are equally close the frontend's pick depends on map order: no suggestion is claimed then.
 */
export function suggest(value: string, options: readonly string[], caseSensitive: boolean): string | undefined {
  const val = caseSensitive ? value : value.toLowerCase();
  let best: string | undefined;
  let min = 3;
  let tie = false;
  for (const o of options) {
    const opt = caseSensitive ? o : o.toLowerCase();
    if (opt === val) return undefined;
    const d = distance(val, opt);
    if (d < min) [best, min, tie] = [opt, d, false];
    else if (d === min && best !== undefined) tie = true;
  }
  if (best === undefined || tie) return undefined;
  if (caseSensitive || value === value.toLowerCase()) return best;
  return value === value.toUpperCase() ? best.toUpperCase() : best;
}

function withSuggestion(words: string, s: string | undefined): string {
  return s ? `${words} (did you mean ${s}?)` : words;
}

/** A word of an instruction as written; its range is worked out when asked (most words are only read for their text). */
class RawWord {
  constructor(
    readonly text: string,
    private readonly lines: LineIndex,
    private readonly start: number,
  ) {}
  get range(): Range {
    return { start: this.lines.positionAt(this.start), end: this.lines.positionAt(this.start + this.text.length) };
  }
}

/** Each word of an instruction's arguments, as written (quotes kept), with its document range. */
export function rawWords(model: DockerfileModel, ins: Instruction): { text: string; range: Range }[] {
  const lines = model.lines;
  const doc = model.text;
  const args = ins.argsText;
  let at = lines.offsetAt(ins.keywordRange.end);
  const end = lines.offsetAt(ins.range.end);
  const out: RawWord[] = [];
  for (let s = nextWordStart(args, 0); s < args.length;) {
    const e = wordEnd(args, model.escapeChar, s);
    const text = args.slice(s, e);
    const found = doc.indexOf(text, at);
    if (found < 0 || found >= end) break;
    out.push(new RawWord(text, lines, found));
    at = found + text.length;
    s = nextWordStart(args, e);
  }
  return out;
}

/** The range of `part` inside a flag as written in the document (the whole flag when not found). */
function within(model: DockerfileModel, flagRange: Range, part: string, after = 0): Range {
  const start = model.lines.offsetAt(flagRange.start);
  const text = model.text.slice(start, model.lines.offsetAt(flagRange.end));
  const i = text.indexOf(part, after);
  return i < 0 ? flagRange : { start: model.lines.positionAt(start + i), end: model.lines.positionAt(start + i + part.length) };
}

function runErrors(model: DockerfileModel, run: RunInstruction, out: BuildKitError[]): void {
  for (const flag of run.flags) {
    const written = model.text.slice(model.lines.offsetAt(flag.range.start), model.lines.offsetAt(flag.range.end));
    const name = /^--([^=]*)/.exec(written)?.[1] ?? flag.name;
    if (!RUN_FLAGS.includes(name)) {
      const s = suggest(name, RUN_FLAGS, true);
      out.push({
        kind: 'flag',
        words: withSuggestion(`unknown flag: --${name}`, s),
        atParse: true,
        range: within(model, flag.range, `--${name}`),
        suggestion: s,
        instruction: run,
      });
      continue;
    }
    if (name === 'network' && flag.value !== '' && !/[$]/.test(flag.value) && !NETWORK_MODES.has(flag.value)) {
      out.push({
        kind: 'network',
        words: `invalid network mode "${flag.value}"`,
        atParse: true,
        range: within(model, flag.range, flag.value, 10),
        instruction: run,
      });
    }
  }
  for (const mount of run.mounts) {
    const type = mount.options.type;
    if (type === undefined || /[$]/.test(type) || MOUNT_TYPES.includes(type.toLowerCase())) continue;
    const s = suggest(type, MOUNT_TYPES, true);
    const range = within(model, mount.range, `type=${type}`);
    const valueRange = range === mount.range ? range : { start: { line: range.start.line, character: range.start.character + 5 }, end: range.end };
    out.push({
      kind: 'mount-type',
      words: withSuggestion(`unsupported mount type "${type}"`, s),
      atParse: false,
      range: valueRange,
      suggestion: s,
      instruction: run,
    });
  }
}

/** Every error BuildKit's frontend reports for the file, in document order. */
export function buildKitErrors(model: DockerfileModel): BuildKitError[] {
  const out: BuildKitError[] = [];
  for (const p of model.problems) {
    if (p.message.startsWith('invalid escape token')) out.push({ kind: 'escape', words: p.message, atParse: false, range: p.range });
    else if (p.message.startsWith('unterminated heredoc')) out.push({ kind: 'heredoc', words: 'unterminated heredoc', atParse: false, range: p.range });
  }
  // An instruction's errors depend on its own text and place only.
  out.push(...instructionErrors.all(model));
  return out;
}

const instructionErrors = new InstructionFacts<BuildKitError>((model, ins) => errorsOfInstruction(model, ins));

function errorsOfInstruction(model: DockerfileModel, ins: Instruction): BuildKitError[] {
  const out: BuildKitError[] = [];
  if (!KNOWN.has(ins.keyword)) {
    const written = model.text.slice(model.lines.offsetAt(ins.keywordRange.start), model.lines.offsetAt(ins.keywordRange.end));
    const s = suggest(written, INSTRUCTIONS, false);
    out.push({
      kind: 'instruction',
      words: withSuggestion(`unknown instruction: ${written}`, s),
      atParse: true,
      range: ins.keywordRange,
      suggestion: s,
      instruction: ins,
    });
  } else if (ins.kind === 'RUN') {
    runErrors(model, ins, out);
  } else if (ins.kind === 'ENV') {
    const words = rawWords(model, ins);
    // The new form (the first word has `=`) needs `=` in every word; the legacy form takes the rest of the line.
    if (words.length === 1 && !words[0].text.includes('=')) {
      out.push({ kind: 'env-word', words: 'ENV must have two arguments', atParse: false, range: words[0].range, instruction: ins });
    }
    const bad = words[0]?.text.includes('=') ? words.find((w) => !w.text.includes('=')) : undefined;
    if (bad) {
      const words = `Syntax error - can't find = in ${JSON.stringify(bad.text)}. Must be of the form: name=value`;
      out.push({ kind: 'env-word', words, atParse: false, range: bad.range, instruction: ins });
    }
  } else if (ins.kind === 'FROM') {
    const words = rawWords(model, ins).filter((w) => !w.text.startsWith('--'));
    if (words.length !== 1 && words.length !== 3 && words.length > 0) {
      const range = { start: words[1].range.start, end: words[words.length - 1].range.end };
      out.push({ kind: 'from-words', words: 'FROM requires either one or three arguments', atParse: true, range, instruction: ins });
    }
  }
  return out;
}
