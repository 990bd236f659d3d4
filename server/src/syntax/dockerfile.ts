// parseDockerfile(): text → DockerfileModel (stages, instructions, ENV/ARG assignments, RUN commands incl.
// heredoc scripts and `sh -c` bodies), every range exact. Written for this project rather than built on
// dockerfile-ast: that parser takes ~20 ms for a 2,000-line file on this machine (our whole analysis budget)
// and does not split shell commands or map heredoc bodies; it serves as a test oracle instead.
import { LineIndex } from '../core/text';
import { splitDockerfile, splitInstructionsFrom } from './dockerfileLines';
import { Ranges } from './dockerRanges';
import { editSplice, nextParse, parseRecordOf, recordParse, reusableByLine, reusedInstruction, reusedStage, type ParseRecord } from './instructionReuse';
import { buildInstruction, kindOf } from './dockerfileInstructions';
import type { DockerfileModel, Instruction, Stage } from './dockerfileModel';

/**
 * Parses a Dockerfile. With `previous` (the model of an earlier version of the same document), instructions whose
 * key is unchanged and the stages made only of them are taken from it unchanged, objects and all: an edit within
 * lines costs the instructions it touched (only those are split again), any other edit the line split plus the
 * instructions it touched, and later stages (timeline, rule memos) can tell by identity what did not change.
 */
export function parseDockerfile(text: string, uri: string, previous?: DockerfileModel): DockerfileModel {
  const lines = new LineIndex(text);
  const r = new Ranges(lines);
  const record = previous && parseRecordOf(previous);
  return (record && parseEdit(text, uri, lines, r, previous!, record)) ?? parseWhole(text, uri, lines, r, previous, record);
}

function parseWhole(
  text: string,
  uri: string,
  lines: LineIndex,
  r: Ranges,
  previous: DockerfileModel | undefined,
  record: ParseRecord | undefined,
): DockerfileModel {
  const split = splitDockerfile(text, lines);
  const escape = split.escapeChar;
  const instructions: Instruction[] = [];
  const before = previous && previous.escapeChar === escape ? record : undefined;
  const reusable = before ? reusableByLine(before) : undefined;
  const spans: number[] = [];
  const parse = nextParse();
  const raws = split.instructions;
  let froms = 0;
  for (let i = 0; i < raws.length; i++) {
    const raw = raws[i];
    const kind = kindOf(raw);
    const stageIndex = kind === 'FROM' ? froms : froms - 1;
    const then = reusable && reusedInstruction(reusable, lines, text, raw.start, raw.end, stageIndex);
    const ins = then ? then.ins : buildInstruction(r, raw, kind, escape, froms);
    spans.push(raw.start, raw.end, stageIndex, then ? then.builtBy : parse);
    instructions.push(ins);
    if (kind === 'FROM') froms++;
  }
  const directives = split.directives.map((d) => ({ name: d.name, value: d.value, range: r.of(d.start, d.end), valueRange: r.of(d.valueStart, d.valueEnd) }));
  const problems = split.problems.map((p) => ({ message: p.message, range: r.of(p.start, p.end) }));
  return assemble({ uri, text, lines, escapeChar: escape, directives, problems, instructions }, spans, reusable ? previous : undefined);
}

/**
 * The parse after an edit that left every line where it was (typing within lines): the instructions before the edit
 * and those after it where the split falls in step again are the previous parse's; only those between are split and
 * built again. Undefined when the edit needs a parse of the whole text (see editSplice).
 */
function parseEdit(text: string, uri: string, lines: LineIndex, r: Ranges, previous: DockerfileModel, record: ParseRecord): DockerfileModel | undefined {
  const splice = editSplice(record, previous, text, lines);
  if (!splice) return undefined;
  const escape = previous.escapeChar;
  const split = splitInstructionsFrom(text, lines, splice.fromLine, escape, splice.resumesAt);
  const instructions: Instruction[] = [];
  const spans: number[] = [];
  const parse = nextParse();
  let froms = 0;
  // A taken-over instruction keeps its stage index: an edit that adds or removes a stage before it needs a whole parse.
  const take = (ins: Instruction, start: number, end: number, builtBy: number): boolean => {
    const stageIndex = ins.kind === 'FROM' ? froms : froms - 1;
    if (ins.stageIndex !== stageIndex) return false;
    spans.push(start, end, stageIndex, builtBy);
    instructions.push(ins);
    if (ins.kind === 'FROM') froms++;
    return true;
  };
  const { spans: before, instructions: taken } = record;
  // The instructions before the edit are taken over by copying the record, without a look at each (a keystroke in a
  // long file would read every one of them): their stages are those recorded. So is the number of FROMs among them.
  const kept = splice.kept;
  for (let i = 0; i < kept; i++) instructions.push(taken[i]);
  for (let i = 0; i < 4 * kept; i++) spans.push(before[i]);
  froms = kept > 0 ? before[4 * (kept - 1) + 2] + 1 : 0;
  for (const raw of split.instructions) take(buildInstruction(r, raw, kindOf(raw), escape, froms), raw.start, raw.end, parse);
  if (split.stoppedAt >= 0) {
    // Those after it keep their stages while as many FROMs come before them as did: else the whole text is parsed.
    const resumed = splice.resumed();
    if ((resumed > 0 ? before[4 * (resumed - 1) + 2] + 1 : 0) !== froms) return undefined;
    for (let i = resumed; i < taken.length; i++) {
      instructions.push(taken[i]);
      spans.push(before[4 * i] + splice.delta, before[4 * i + 1] + splice.delta, before[4 * i + 2], before[4 * i + 3]);
    }
  }
  const problems = split.problems.map((p) => ({ message: p.message, range: r.of(p.start, p.end) }));
  return assemble({ uri, text, lines, escapeChar: escape, directives: previous.directives, problems, instructions }, spans, previous);
}

/** The model of parsed instructions: their stages (the previous parse's stage objects where unchanged) and the record of the parse. */
function assemble(
  parts: Omit<DockerfileModel, 'stages' | 'globalArgs' | 'lineCount'>,
  spans: number[],
  previous: DockerfileModel | undefined,
): DockerfileModel {
  const { instructions } = parts;
  const stages: Stage[] = [];
  // A FROM starts a stage, the instructions after it have its stage index: the stages' bounds are read from the
  // spans, without a look at each instruction.
  const stageOf = (i: number) => spans[4 * i + 2];
  let firstFrom = 0;
  while (firstFrom < instructions.length && stageOf(firstFrom) < 0) firstFrom++;
  if (firstFrom === instructions.length) firstFrom = -1;
  // A stage is a FROM and the instructions up to the next one: the previous parse's stage object where they are its
  // own (made only when they are not: a keystroke changes one stage of many).
  for (let from = firstFrom; from >= 0;) {
    let end = from + 1;
    while (end < instructions.length && stageOf(end) === stageOf(from)) end++;
    const ins = instructions[from];
    const then = reusedStage(previous?.stages[stages.length], instructions, from, end);
    if (then) stages.push(then);
    else if (ins.kind === 'FROM') {
      const own = instructions.slice(from + 1, end);
      // A stage runs from its FROM to its last instruction.
      const range = own.length > 0 ? { start: ins.range.start, end: own[own.length - 1].range.end } : ins.range;
      stages.push({ index: stages.length, from: ins, name: ins.stageName?.text.toLowerCase(), instructions: own, range });
    }
    from = end < instructions.length ? end : -1;
  }
  const globalArgs = (firstFrom < 0 ? instructions : instructions.slice(0, firstFrom)).filter(
    (i): i is Extract<Instruction, { kind: 'ARG' }> => i.kind === 'ARG',
  );
  const model: DockerfileModel = {
    uri: parts.uri,
    text: parts.text,
    lines: parts.lines,
    lineCount: parts.lines.lineCount,
    escapeChar: parts.escapeChar,
    directives: parts.directives,
    globalArgs,
    stages,
    instructions,
    problems: parts.problems,
  };
  recordParse(model, spans);
  return model;
}
