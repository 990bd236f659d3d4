// What one parse of a Dockerfile leaves for the next parse of the same document (after an edit), so that
// parseDockerfile can take over every instruction and stage the edit did not change, objects and all. Kept
// beside the model rather than in it: models stay plain data.
import type { LineIndex } from '../core/text';
import type { DockerfileModel, Instruction, Stage } from './dockerfileModel';

/** An instruction as parsed, with the text it was parsed from and where it started. */
interface Parsed {
  text: string;
  ins: Instruction;
  character: number;
  stageIndex: number;
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
  /** start, end and stage index of instructions[i] at 3i, 3i+1, 3i+2. */
  spans: number[];
  /** Parses in a row that reused instructions (see MAX_REUSE_AGE). */
  age: number;
  /** By the line they start on (at most one instruction starts on a line). */
  byLine?: (Parsed | undefined)[];
}
const parseRecords = new WeakMap<DockerfileModel, ParseRecord>();

/**
 * A reused instruction keeps what the parse that made it referenced (that version's text among them); parsing
 * afresh now and then bounds how many versions stay in memory.
 */
const MAX_REUSE_AGE = 32;

/** The previous parse's instructions by the line they start on (built on first use); undefined once the record is too old. */
export function reusableByLine(record: ParseRecord): (Parsed | undefined)[] | undefined {
  if (record.age >= MAX_REUSE_AGE) return undefined;
  if (!record.byLine) {
    record.byLine = new Array<Parsed | undefined>(record.lines.lineCount);
    const { spans, text, lines } = record;
    for (let i = 0; i < record.instructions.length; i++) {
      const start = spans[3 * i];
      const line = lines.lineAt(start);
      const parsed = {
        text: text.slice(start, spans[3 * i + 1]),
        ins: record.instructions[i],
        character: start - lines.starts[line],
        stageIndex: spans[3 * i + 2],
      };
      record.byLine[line] = parsed;
    }
  }
  return record.byLine;
}

/**
 * The previous parse's model of the instruction at text[start, end), if it can be taken over. An instruction's model
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
): Instruction | undefined {
  const line = lines.lineAt(start);
  const then = byLine[line];
  if (!then || then.stageIndex !== stageIndex || then.character !== start - lines.starts[line]) return undefined;
  return then.text.length === end - start && text.startsWith(then.text, start) ? then.ins : undefined;
}

/** The record of a parse, if it made one. */
export function parseRecordOf(model: DockerfileModel): ParseRecord | undefined {
  return parseRecords.get(model);
}

/** Records a parse: `spans` holds start, end and stage index of each instruction; `after` the record it reused. */
export function recordParse(model: DockerfileModel, spans: number[], after: ParseRecord | undefined): void {
  parseRecords.set(model, { text: model.text, lines: model.lines, instructions: model.instructions, spans, age: after ? after.age + 1 : 0 });
}

/** A stage whose instructions are all the previous parse's own objects is the previous stage object. */
export function reuseStages(stages: Stage[], before: readonly Stage[]): void {
  for (let i = 0; i < stages.length && i < before.length; i++) {
    const now = stages[i];
    const then = before[i];
    if (now.from !== then.from || now.instructions.length !== then.instructions.length) continue;
    if (now.instructions.every((ins, k) => ins === then.instructions[k])) stages[i] = then;
  }
}

/**
 * Facts worked out for each instruction from its own text and place only, listed for the whole file in instruction
 * order. Kept per instruction, and per stage: the next parse reuses a stage whole wherever an edit left all of its
 * instructions alone, so a keystroke visits the stages, not every instruction again.
 */
export class InstructionFacts<T> {
  private readonly byInstruction = new WeakMap<Instruction, readonly T[]>();
  private readonly byStage = new WeakMap<Stage, readonly T[]>();

  constructor(private readonly compute: (model: DockerfileModel, ins: Instruction) => readonly T[]) {}

  all(model: DockerfileModel): T[] {
    const out: T[] = [];
    // The instructions before the first FROM belong to no stage.
    const firstFrom = model.stages[0]?.from;
    for (const ins of model.instructions) {
      if (ins === firstFrom) break;
      out.push(...this.of(model, ins));
    }
    for (const stage of model.stages) {
      let facts = this.byStage.get(stage);
      if (!facts) {
        const list = [...this.of(model, stage.from)];
        for (const ins of stage.instructions) list.push(...this.of(model, ins));
        this.byStage.set(stage, (facts = list));
      }
      out.push(...facts);
    }
    return out;
  }

  private of(model: DockerfileModel, ins: Instruction): readonly T[] {
    let facts = this.byInstruction.get(ins);
    if (!facts) this.byInstruction.set(ins, (facts = this.compute(model, ins)));
    return facts;
  }
}
