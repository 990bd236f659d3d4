// parseDockerfile(): text → DockerfileModel (stages, instructions, ENV/ARG assignments, RUN commands incl.
// heredoc scripts and `sh -c` bodies), every range exact. Written for this project rather than built on
// dockerfile-ast: that parser takes ~20 ms for a 2,000-line file on this machine (our whole analysis budget)
// and does not split shell commands or map heredoc bodies; it serves as a test oracle instead.
import type { Range } from '../core/types';
import { LineIndex } from '../core/text';
import { splitDockerfile, type RawHeredoc, type RawInstruction } from './dockerfileLines';
import { sliceMapped } from './source';
import { processWord, splitWordSpans, type DockerWord, type RefSpan } from './dockerWords';
import { isShellName, lexShell, shellScriptWord, type LexedCommand, type LexedWord } from './shell';
import { parseJsonArray } from './jsonArray';
import { MappedText } from './source';
import type {
  Assignment, CopyInstruction, DockerfileModel, FromInstruction, Heredoc, Instruction, InstructionKind, Located,
  RunFlag, RunInstruction, RunMount, ShellCommand, ShellWord, Stage, VariableReference,
} from './dockerfileModel';

const KINDS = new Set<InstructionKind>([
  'FROM', 'ARG', 'ENV', 'RUN', 'COPY', 'ADD', 'WORKDIR', 'USER', 'SHELL', 'CMD', 'ENTRYPOINT',
  'LABEL', 'EXPOSE', 'VOLUME', 'STOPSIGNAL', 'HEALTHCHECK', 'ONBUILD', 'MAINTAINER',
]);

class Ranges {
  constructor(readonly lines: LineIndex) {}
  of(start: number, end: number): Range {
    return { start: this.lines.positionAt(start), end: this.lines.positionAt(end) };
  }
  /** Range of [start, end) of a mapped piece. */
  in(m: MappedText, start: number, end: number): Range {
    const [s, e] = m.docSpan(start, end);
    return this.of(s, e);
  }
}

function reference(r: Ranges, m: MappedText, ref: RefSpan): VariableReference {
  return {
    name: ref.name,
    nameRange: r.in(m, ref.nameStart, ref.nameEnd),
    range: r.in(m, ref.start, ref.end),
    modifier: ref.modifier,
    modifierValue: ref.modifierValue,
  };
}

function located(r: Ranges, m: MappedText, w: DockerWord): Located {
  return { text: w.text, range: r.in(m, w.start, w.end) };
}

/** `NAME=value` (or `NAME` alone for ARG) from a word of an ENV/ARG instruction. */
function assignmentFromWord(r: Ranges, m: MappedText, start: number, end: number, escape: string, allowBare: boolean): Assignment | undefined {
  const raw = m.text.slice(start, end);
  const eq = raw.indexOf('=');
  if (eq <= 0 && !allowBare) return undefined;
  if (eq === 0) return undefined;
  const nameEnd = eq < 0 ? end : start + eq;
  const nameRange = r.in(m, start, nameEnd);
  if (eq < 0) {
    return { name: raw, nameRange, value: undefined, valueRange: { start: nameRange.end, end: nameRange.end }, range: nameRange, references: [], parts: [] };
  }
  const value = processWord(m, nameEnd + 1, end, escape);
  const valueRange = value.text.length > 0 ? r.in(value.mapped, 0, value.text.length) : r.in(m, nameEnd + 1, nameEnd + 1);
  return {
    name: raw.slice(0, eq),
    nameRange,
    value: value.text,
    valueRange,
    range: r.in(m, start, end),
    references: value.refs.map((ref) => reference(r, m, ref)),
    parts: value.parts,
    mapped: value.mapped,
  };
}

function envAssignments(r: Ranges, m: MappedText, escape: string): Assignment[] {
  const spans = splitWordSpans(m.text, escape);
  if (spans.length === 0) return [];
  const first = m.text.slice(spans[0][0], spans[0][1]);
  if (first.includes('=')) {
    return spans.map(([s, e]) => assignmentFromWord(r, m, s, e, escape, false)).filter((a): a is Assignment => !!a);
  }
  // Legacy form `ENV NAME value with spaces`: the rest of the line is the value.
  const nameRange = r.in(m, spans[0][0], spans[0][1]);
  const restStart = spans.length > 1 ? spans[1][0] : spans[0][1];
  const restEnd = spans.length > 1 ? spans[spans.length - 1][1] : spans[0][1];
  const value = processWord(m, restStart, restEnd, escape);
  return [{
    name: first,
    nameRange,
    value: value.text,
    valueRange: value.text.length > 0 ? r.in(value.mapped, 0, value.text.length) : { start: nameRange.end, end: nameRange.end },
    range: r.in(m, spans[0][0], restEnd),
    references: value.refs.map((ref) => reference(r, m, ref)),
    parts: value.parts,
    mapped: value.mapped,
  }];
}

function allReferences(r: Ranges, m: MappedText, escape: string): VariableReference[] {
  if (!m.text.includes('$')) return [];
  const out: VariableReference[] = [];
  for (const [s, e] of splitWordSpans(m.text, escape)) for (const ref of processWord(m, s, e, escape).refs) out.push(reference(r, m, ref));
  return out;
}

/** Leading `--name=value` words (RUN, COPY, ADD, FROM): the flags and where the rest starts. */
function leadingFlags(r: Ranges, m: MappedText, escape: string): { flags: RunFlag[]; rest: number } {
  const flags: RunFlag[] = [];
  for (const [s, e] of splitWordSpans(m.text, escape)) {
    if (!m.text.startsWith('--', s)) return { flags, rest: s };
    const w = processWord(m, s, e, escape).text;
    const eq = w.indexOf('=');
    flags.push({ name: (eq < 0 ? w.slice(2) : w.slice(2, eq)).toLowerCase(), value: eq < 0 ? '' : w.slice(eq + 1), range: r.in(m, s, e) });
  }
  return { flags, rest: m.text.length };
}

function mountOf(flag: RunFlag): RunMount {
  const options: Record<string, string> = {};
  for (const part of flag.value.split(',')) {
    const eq = part.indexOf('=');
    options[(eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase()] = eq < 0 ? 'true' : part.slice(eq + 1).trim();
  }
  return {
    type: options.type ?? 'bind',
    target: options.target ?? options.dst ?? options.destination,
    id: options.id,
    options,
    range: flag.range,
  };
}

function heredocOf(r: Ranges, h: RawHeredoc): Heredoc {
  return { name: h.name, stripTabs: h.stripTabs, content: h.content.text, contentRange: r.of(h.contentStart, h.contentEnd), unterminated: h.unterminated };
}

const NO_REFERENCES: VariableReference[] = [];

/** A shell word whose range and references are computed when a rule asks (most words are never asked). */
class LazyShellWord implements ShellWord {
  readonly text: string;
  private rangeValue?: Range;
  private refsValue?: VariableReference[];
  constructor(
    private readonly r: Ranges,
    private readonly src: MappedText,
    private readonly word: LexedWord,
  ) {
    this.text = word.text;
  }
  get range(): Range {
    return (this.rangeValue ??= this.r.in(this.src, this.word.start, this.word.end));
  }
  get mapped(): MappedText {
    return this.word.mapped;
  }
  get references(): VariableReference[] {
    if (this.word.refs.length === 0) return NO_REFERENCES;
    return (this.refsValue ??= this.word.refs.map((ref) => reference(this.r, this.src, ref)));
  }
}

function shellWord(r: Ranges, src: MappedText, w: LexedWord): ShellWord {
  return new LazyShellWord(r, src, w);
}

function prefixAssignment(r: Ranges, src: MappedText, w: LexedWord): Assignment {
  const eq = w.text.indexOf('=');
  const valueMapped = sliceMapped(w.mapped, eq + 1, w.text.length);
  const value = w.text.slice(eq + 1);
  const nameRange = r.in(w.mapped, 0, eq);
  return {
    name: w.text.slice(0, eq),
    nameRange,
    value,
    valueRange: value.length ? r.in(valueMapped, 0, value.length) : { start: r.in(w.mapped, 0, eq + 1).end, end: r.in(w.mapped, 0, eq + 1).end },
    range: r.in(src, w.start, w.end),
    references: w.refs.map((ref) => reference(r, src, ref)),
    parts: [{ literal: value }],
    mapped: valueMapped,
  };
}

/** Commands of a shell text, with `sh -c` bodies and heredoc scripts expanded in place. */
function shellCommands(r: Ranges, src: MappedText, inHeredoc: boolean, heredocs: RawHeredoc[], depth: number): ShellCommand[] {
  const out: ShellCommand[] = [];
  for (const cmd of lexShell(src)) {
    const script = depth < 4 ? shellScriptWord(cmd) : undefined;
    if (cmd.words.length > 0 || cmd.assignments.length > 0) out.push(toCommand(r, src, cmd, inHeredoc));
    if (script) out.push(...shellCommands(r, script.mapped, inHeredoc, [], depth + 1));
    for (const name of cmd.heredocs) {
      const h = heredocs.find((x) => x.name === name);
      if (h && runsAsScript(cmd, h)) out.push(...shellCommands(r, h.content, true, [], depth + 1));
    }
  }
  return out;
}

/** `RUN <<EOF` (no command) and `RUN bash <<EOF` feed the heredoc to a shell; `cat <<EOF` does not. */
function runsAsScript(cmd: LexedCommand, h: RawHeredoc): boolean {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(h.content.text);
  if (shebang) {
    const interpreter = shebang[1].endsWith('/env') ? shebang[2] ?? '' : shebang[1];
    if (!isShellName(interpreter)) return false;
  }
  if (cmd.words.length === 0) return true;
  return isShellName(cmd.words[0].text) && !cmd.words.some((w) => /^-[A-Za-z]*c[A-Za-z]*$/.test(w.text));
}

class LazyShellCommand implements ShellCommand {
  readonly prefixAssignments: Assignment[];
  readonly words: ShellWord[];
  readonly redirections: ShellCommand['redirections'];
  private rangeValue?: Range;
  constructor(
    private readonly r: Ranges,
    private readonly src: MappedText,
    private readonly cmd: LexedCommand,
    readonly inHeredoc: boolean,
  ) {
    this.prefixAssignments = cmd.assignments.length ? cmd.assignments.map((w) => prefixAssignment(r, src, w)) : [];
    this.words = cmd.words.map((w) => shellWord(r, src, w));
    this.redirections = cmd.redirections.length ? cmd.redirections.map((x) => ({ op: x.op, target: x.target && shellWord(r, src, x.target) })) : [];
  }
  get range(): Range {
    return (this.rangeValue ??= this.r.in(this.src, this.cmd.start, this.cmd.end));
  }
}

function toCommand(r: Ranges, src: MappedText, cmd: LexedCommand, inHeredoc: boolean): ShellCommand {
  return new LazyShellCommand(r, src, cmd, inHeredoc);
}

function runInstruction(r: Ranges, raw: RawInstruction, escape: string, base: Omit<RunInstruction, 'kind' | 'form' | 'flags' | 'mounts' | 'commands' | 'heredocs' | 'network'>): RunInstruction {
  const { flags, rest } = leadingFlags(r, raw.args, escape);
  const body = sliceMapped(raw.args, rest, raw.args.text.length);
  const json = body.text.trimStart().startsWith('[') ? parseJsonArray(body) : undefined;
  let commands: ShellCommand[];
  if (json) {
    const words = json.map((w) => ({ text: w.text, range: r.in(w.mapped, 0, w.text.length), mapped: w.mapped }));
    commands = words.length ? [{ prefixAssignments: [], words, range: r.in(body, 0, body.text.length), inHeredoc: false, redirections: [] }] : [];
    // ["sh", "-c", "script"]
    const c = json.findIndex((w) => /^-[A-Za-z]*c[A-Za-z]*$/.test(w.text));
    if (json.length > 0 && isShellName(json[0].text) && c > 0 && json[c + 1]) commands.push(...shellCommands(r, json[c + 1].mapped, false, [], 1));
  } else {
    commands = shellCommands(r, body, false, raw.heredocs, 0);
  }
  const network = flags.find((f) => f.name === 'network')?.value;
  return Object.assign(base, {
    kind: 'RUN' as const,
    form: json ? ('exec' as const) : ('shell' as const),
    flags,
    mounts: flags.filter((f) => f.name === 'mount').map(mountOf),
    network,
    commands,
    heredocs: raw.heredocs.map((h) => heredocOf(r, h)),
  });
}

function copyInstruction(r: Ranges, raw: RawInstruction, escape: string, kind: 'COPY' | 'ADD', base: Omit<CopyInstruction, 'kind' | 'flags' | 'from' | 'sources' | 'destination' | 'heredocs'>): CopyInstruction {
  const { flags, rest } = leadingFlags(r, raw.args, escape);
  const body = sliceMapped(raw.args, rest, raw.args.text.length);
  const json = body.text.trimStart().startsWith('[') ? parseJsonArray(body) : undefined;
  const words: Located[] = json
    ? json.map((w) => ({ text: w.text, range: r.in(w.mapped, 0, w.text.length) }))
    : splitWordSpans(body.text, escape).map(([s, e]) => located(r, body, processWord(body, s, e, escape)));
  const destination = words.length > 1 ? words[words.length - 1] : undefined;
  const sources = (words.length > 1 ? words.slice(0, -1) : words).filter((w) => !w.text.startsWith('<<'));
  return Object.assign(base, { kind, flags, from: flags.find((f) => f.name === 'from')?.value, sources, destination, heredocs: raw.heredocs.map((h) => heredocOf(r, h)) });
}

function fromInstruction(r: Ranges, raw: RawInstruction, escape: string, base: Omit<FromInstruction, 'kind' | 'image'>): FromInstruction {
  const { flags, rest } = leadingFlags(r, raw.args, escape);
  const spans = splitWordSpans(raw.args.text, escape, rest);
  const words = spans.map(([s, e]) => processWord(raw.args, s, e, escape));
  const image: Located = words[0] ? located(r, raw.args, words[0]) : { text: '', range: r.in(raw.args, rest, rest) };
  const asAt = words.findIndex((w, i) => i > 0 && w.text.toLowerCase() === 'as');
  const stageName = asAt > 0 && words[asAt + 1] ? located(r, raw.args, words[asAt + 1]) : undefined;
  const platform = flags.find((f) => f.name === 'platform');
  return Object.assign(base, { kind: 'FROM' as const, image, stageName, platform: platform ? { text: platform.value, range: platform.range } : undefined });
}

export function parseDockerfile(text: string, uri: string): DockerfileModel {
  const lines = new LineIndex(text);
  const r = new Ranges(lines);
  const split = splitDockerfile(text);
  const escape = split.escapeChar;
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  for (const raw of split.instructions) {
    const kind: InstructionKind = KINDS.has(raw.keyword as InstructionKind) ? (raw.keyword as InstructionKind) : 'OTHER';
    const base = {
      keyword: raw.keyword,
      keywordRange: r.of(raw.keywordStart, raw.keywordEnd),
      range: r.of(raw.start, raw.end),
      stageIndex: stages.length - 1,
      references: kind === 'RUN' || kind === 'OTHER' || kind === 'ENV' || kind === 'ARG' ? [] : allReferences(r, raw.args, escape),
    };
    let ins: Instruction;
    switch (kind) {
      case 'FROM':
        base.stageIndex = stages.length;
        ins = fromInstruction(r, raw, escape, base);
        break;
      case 'ENV':
        ins = Object.assign(base, { kind, vars: envAssignments(r, raw.args, escape) });
        ins.references = ins.vars.flatMap((v) => v.references);
        break;
      case 'ARG':
        ins = Object.assign(base, { kind, args: splitWordSpans(raw.args.text, escape).map(([s, e]) => assignmentFromWord(r, raw.args, s, e, escape, true)).filter((a): a is Assignment => !!a) });
        ins.references = ins.args.flatMap((a) => a.references);
        break;
      case 'RUN': {
        const run = runInstruction(r, raw, escape, base);
        const refs: VariableReference[] = [];
        for (const c of run.commands) {
          for (const a of c.prefixAssignments) refs.push(...a.references);
          for (const w of c.words) if (w.references?.length) refs.push(...w.references);
        }
        run.references = refs;
        ins = run;
        break;
      }
      case 'COPY':
      case 'ADD':
        ins = copyInstruction(r, raw, escape, kind, base);
        break;
      default:
        ins = Object.assign(base, { kind }) as Instruction;
    }
    instructions.push(ins);
    if (ins.kind === 'FROM') {
      stages.push({ index: stages.length, from: ins, name: ins.stageName?.text.toLowerCase(), instructions: [], range: ins.range });
    } else if (stages.length > 0) {
      const st = stages[stages.length - 1];
      st.instructions.push(ins);
      st.range = { start: st.range.start, end: ins.range.end };
    }
  }
  const firstFrom = instructions.findIndex((i) => i.kind === 'FROM');
  const globalArgs = (firstFrom < 0 ? instructions : instructions.slice(0, firstFrom)).filter((i): i is Extract<Instruction, { kind: 'ARG' }> => i.kind === 'ARG');
  return {
    uri,
    text,
    lines,
    lineCount: lines.lineCount,
    escapeChar: escape,
    directives: split.directives.map((d) => ({ name: d.name, value: d.value, range: r.of(d.start, d.end), valueRange: r.of(d.valueStart, d.valueEnd) })),
    globalArgs,
    stages,
    instructions,
    problems: split.problems.map((p) => ({ message: p.message, range: r.of(p.start, p.end) })),
  };
}

