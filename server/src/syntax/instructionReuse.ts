// What one parse of a Dockerfile leaves for the next parse of the same document (after an edit), so that
// parseDockerfile can take over every instruction and stage the edit did not change, objects and all. Kept
// beside the model rather than in it: models stay plain data.
import type { LineIndex } from '../core/text';
import type { DockerfileModel, Instruction, Stage } from './dockerfileModel';

/** An instruction as parsed, with the text it was parsed from, where it started and the parse that built it. */
interface Parsed {
  text: string;
  ins: Instruction;
  character: number;
  stageIndex: number;
  builtBy: number;
}

/**
 * What the next parse of the same document (after an edit) needs to take over every instruction that did not
 * change: where each instruction starts and ends, and its stage. Only offsets are recorded while parsing (the
 * first parse of a document is the one users wait for); the lookup table is built when a next parse asks for it.
 */
export interface ParseRecord {
  text: string;
  lines: LineIndex;
  instructions: Instruction[];
  /** Start, end, stage index and the parse that built instructions[i] (see nextParse) at 4i, 4i+1, 4i+2, 4i+3. */
  spans: number[];
  /** How many parses built the instructions: each one's text is kept by those it built (see MAX_TEXTS_KEPT). */
  texts: number;
  /** By the line they start on (at most one instruction starts on a line). */
  byLine?: (Parsed | undefined)[];
}
const parseRecords = new WeakMap<DockerfileModel, ParseRecord>();

/**
 * A reused instruction keeps what the parse that built it referenced (that version's text among them). Once the
 * instructions come from this many parses, the next one parses afresh: that bounds how many versions stay in memory,
 * and typing within one instruction (which rebuilds only it) never gets there.
 */
const MAX_TEXTS_KEPT = 32;

let parses = 0;

/** A number for the parse about to be made, as recordParse and the spans it records name it. */
export function nextParse(): number {
  return ++parses;
}

/** The previous parse's instructions by the line they start on (built on first use); undefined once too many texts are kept. */
export function reusableByLine(record: ParseRecord): (Parsed | undefined)[] | undefined {
  if (record.texts >= MAX_TEXTS_KEPT) return undefined;
  if (!record.byLine) {
    record.byLine = new Array<Parsed | undefined>(record.lines.lineCount);
    const { spans, text, lines } = record;
    for (let i = 0; i < record.instructions.length; i++) {
      const start = spans[4 * i];
      const line = lines.lineAt(start);
      const parsed = {
        text: text.slice(start, spans[4 * i + 1]),
        ins: record.instructions[i],
        character: start - lines.starts[line],
        stageIndex: spans[4 * i + 2],
        builtBy: spans[4 * i + 3],
      };
      record.byLine[line] = parsed;
    }
  }
  return record.byLine;
}

/**
 * The previous parse's model of the instruction at text[start, end) (with the parse that built it), if it can be
 * taken over. An instruction's model
 * depends only on its text, where it starts (every range derives from that), the escape character and the stage it
 * belongs to: the same line and character, the same stage and the same text (compared in place, not copied).
 */
export function reusedInstruction(
  byLine: readonly (Parsed | undefined)[],
  lines: LineIndex,
  text: string,
  start: number,
  end: number,
  stageIndex: number,
): Parsed | undefined {
  const line = lines.lineAt(start);
  const then = byLine[line];
  if (!then || then.stageIndex !== stageIndex || then.character !== start - lines.starts[line]) return undefined;
  return then.text.length === end - start && text.startsWith(then.text, start) ? then : undefined;
}

/** How an edit within lines leaves the previous parse's instructions (see editSplice). */
export interface EditSplice {
  /** The previous parse's first `kept` instructions end before the edit: they are taken over as they are. */
  kept: number;
  /** The line the instructions after those are split again from. */
  fromLine: number;
  /**
   * Whether the instruction the split again reached at `start` (on `line`) and every one after it are the previous
   * parse's from there on: the same text from the same line and character on, the split in step again.
   */
  resumesAt: (start: number, line: number) => boolean;
  /** The index of that instruction among the previous parse's (once resumesAt said so). */
  resumed: () => number;
  /** How far the text after the edit moved: the new offset minus the previous one. */
  delta: number;
}

/**
 * The previous parse's instructions that an edit of its text left alone, for a parse that splits only what lies
 * between (typing within a line, pasting within lines). Undefined when the whole text must be parsed: lines were
 * added or removed (every range after the edit moves), the parser directives or the line after them may have
 * changed, the previous parse found problems (their ranges are not per instruction), or it is too old (see
 * MAX_TEXTS_KEPT).
 */
export function editSplice(record: ParseRecord, previous: DockerfileModel, text: string, lines: LineIndex): EditSplice | undefined {
  const old = record.text;
  const oldLines = record.lines;
  if (record.texts >= MAX_TEXTS_KEPT || lines.lineCount !== oldLines.lineCount || previous.problems.length > 0) return undefined;
  // The edit lies between the common prefix and the common suffix of the two texts.
  const p = commonLength(old, text, Math.min(old.length, text.length), 1);
  const s = commonLength(old, text, Math.min(old.length, text.length) - p, -1);
  const delta = text.length - old.length;
  const suffixFrom = text.length - s;
  // The split reads the directives and the line that ends them before any instruction: that line and its break
  // lie before the edit, or the whole text is parsed.
  const directiveLines = previous.directives.length;
  if (directiveLines >= oldLines.lineCount || p <= oldLines.starts[directiveLines] + oldLines.lineLength(directiveLines)) return undefined;
  // Instructions that end before the edit (their line break too) and before another instruction starts are what
  // they were: the split gets to them alike.
  const { spans, instructions } = record;
  let lo = 0;
  let hi = instructions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[4 * mid + 1] < p) lo = mid + 1;
    else hi = mid;
  }
  // Except a last instruction whose last line ends in a continuation (only comments and blank lines follow): it runs on
  // into whatever the edit writes after it.
  const kept = lo === instructions.length && lo > 0 && endsInContinuation(old, spans[4 * lo - 3], previous.escapeChar) ? lo - 1 : lo;
  const fromLine = kept === 0 ? directiveLines : oldLines.lineAt(spans[4 * (kept - 1) + 1]) + 1;
  let next = kept;
  const resumesAt = (start: number, line: number): boolean => {
    // A line that starts after the edit, at the place it started in the previous text, and an instruction of the
    // previous parse starting at the same character: the texts are the same from there on, and so is their split.
    const lineStart = lines.starts[line];
    if (lineStart < suffixFrom || oldLines.starts[line] !== lineStart - delta) return false;
    while (next < instructions.length && spans[4 * next] < start - delta) next++;
    return next < instructions.length && spans[4 * next] === start - delta;
  };
  return { kept, fromLine, resumesAt, resumed: () => next, delta };
}

/** Whether the line that ends at `end` ends with the escape character (white space may follow). */
function endsInContinuation(text: string, end: number, escape: string): boolean {
  let i = end - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return text[i] === escape;
}

/**
 * How many characters the two texts have in common from their starts (direction 1) or back from their ends
 * (direction -1), up to `limit`. Blocks are compared as strings first, by the engine, which is
 * tens of times faster on a long text than a loop over characters.
 */
function commonLength(a: string, b: string, limit: number, direction: 1 | -1): number {
  let n = 0;
  let block = 4096;
  const piece = (t: string, k: number, len: number) => (direction === 1 ? t.slice(k, k + len) : t.slice(t.length - k - len, t.length - k));
  while (n < limit && block >= 8) {
    const len = Math.min(block, limit - n);
    if (piece(a, n, len) === piece(b, n, len)) n += len;
    else block >>= 3;
  }
  const at = (t: string, k: number) => (direction === 1 ? t.charCodeAt(k) : t.charCodeAt(t.length - 1 - k));
  while (n < limit && at(a, n) === at(b, n)) n++;
  return n;
}

/** The record of a parse, if it made one. */
export function parseRecordOf(model: DockerfileModel): ParseRecord | undefined {
  return parseRecords.get(model);
}

/** Records a parse: `spans` holds start, end, stage index and the parse that built each instruction (ParseRecord). */
export function recordParse(model: DockerfileModel, spans: number[]): void {
  const builders = new Set<number>();
  for (let i = 3; i < spans.length; i += 4) builders.add(spans[i]);
  parseRecords.set(model, { text: model.text, lines: model.lines, instructions: model.instructions, spans, texts: builders.size });
}

/** The previous stage object, when instructions[from, end) (a FROM and what follows it) are its own objects. */
export function reusedStage(then: Stage | undefined, instructions: readonly Instruction[], from: number, end: number): Stage | undefined {
  if (!then || then.from !== instructions[from] || then.instructions.length !== end - from - 1) return undefined;
  for (let k = from + 1; k < end; k++) if (instructions[k] !== then.instructions[k - from - 1]) return undefined;
  return then;
}

/**
 * Facts worked out for each instruction from its own text and place only, listed for the whole file in instruction
 * order. Kept per stage: the next parse reuses a stage whole wherever an edit left all of its instructions alone, so
 * a keystroke works out the facts of one stage again, not of every instruction.
 */
export class InstructionFacts<T> {
  private readonly byStage = new WeakMap<Stage, readonly T[]>();

  constructor(private readonly compute: (model: DockerfileModel, ins: Instruction) => readonly T[]) {}

  all(model: DockerfileModel): T[] {
    const out: T[] = [];
    // The instructions before the first FROM belong to no stage (a few global ARGs).
    const firstFrom = model.stages[0]?.from;
    for (const ins of model.instructions) {
      if (ins === firstFrom) break;
      for (const fact of this.compute(model, ins)) out.push(fact);
    }
    for (const stage of model.stages) {
      let facts = this.byStage.get(stage);
      if (!facts) {
        const list = [...this.compute(model, stage.from)];
        for (const ins of stage.instructions) for (const fact of this.compute(model, ins)) list.push(fact);
        this.byStage.set(stage, (facts = list));
      }
      for (const fact of facts) out.push(fact);
    }
    return out;
  }
}
