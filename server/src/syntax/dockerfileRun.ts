// RUN instructions: flags and mounts, exec and shell forms, shell commands with `sh -c` bodies and heredoc
// scripts expanded in place. Words and commands compute their ranges only when a rule asks for them.
import type { Range } from '../core/types';
import type { RawHeredoc, RawInstruction } from './dockerfileLines';
import { isShellName, lexShell, shellScriptWord, type LexedCommand, type LexedWord } from './shell';
import { shellFlow, type ShellFlow } from './shellFlow';
import { templateOf } from './dockerWords';
import { parseJsonArray } from './jsonArray';
import { sliceMapped, type MappedText } from './source';
import { leadingFlags, reference, type Ranges } from './dockerRanges';
import type { Assignment, Heredoc, RunFlag, RunInstruction, RunMount, ShellCommand, ShellGuard, ShellWord, VariableReference } from './dockerfileModel';

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

export function heredocOf(r: Ranges, h: RawHeredoc): Heredoc {
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
  subRange(start: number, end: number): Range {
    return this.r.in(this.word.mapped, start, end);
  }
  get references(): VariableReference[] {
    if (this.word.refs.length === 0) return NO_REFERENCES;
    return (this.refsValue ??= this.word.refs.map((ref) => reference(this.r, this.src, ref)));
  }
  get raw(): string {
    return this.src.text.slice(this.word.start, this.word.end);
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
    // Expanded the way the timeline expands it, so that value rules judge the value the go command gets.
    parts: templateOf(value),
  };
}

/**
 * Commands of a shell text, with `sh -c` bodies and heredoc scripts expanded in place. The commands of a body run
 * under the conditions of the command that runs it (`outer`).
 */
function shellCommands(r: Ranges, src: MappedText, inHeredoc: boolean, heredocs: RawHeredoc[], depth: number, outer?: ShellCommand): ShellCommand[] {
  const out: ShellCommand[] = [];
  const lexed = lexShell(src);
  const flow = new SequenceFlow(lexed);
  for (const cmd of lexed) {
    const script = depth < 4 ? shellScriptWord(cmd) : undefined;
    const command = new LazyShellCommand(r, src, cmd, inHeredoc, flow, outer);
    flow.add(cmd, command);
    if (cmd.words.length > 0 || cmd.assignments.length > 0) out.push(command);
    if (script) out.push(...shellCommands(r, script.mapped, inHeredoc, [], depth + 1, command));
    for (const name of cmd.heredocs) {
      const h = heredocs.find((x) => x.name === name);
      if (h && runsAsScript(cmd, h)) out.push(...shellCommands(r, h.content, true, [], depth + 1, command));
    }
  }
  return out;
}

const NO_GUARDS: readonly ShellGuard[] = Object.freeze([]);
const NO_FLOW: ShellFlow<ShellCommand> = { guards: new Map(), pipelines: new Map() };

/** The flow of one lexed sequence, worked out when a rule first asks a command of it for its guards. */
class SequenceFlow {
  private readonly commands = new Map<LexedCommand, ShellCommand>();
  private flow?: ShellFlow<ShellCommand>;
  constructor(private readonly lexed: LexedCommand[]) {}
  add(cmd: LexedCommand, command: ShellCommand): void {
    this.commands.set(cmd, command);
  }
  get value(): ShellFlow<ShellCommand> {
    // One command with nothing around it (most RUNs) runs under no condition.
    if (!this.flow && this.lexed.length <= 1 && !this.lexed.some((c) => c.lead.length || c.trail.length)) this.flow = NO_FLOW;
    return (this.flow ??= shellFlow(
      this.lexed.map((c) => ({ command: this.commands.get(c)!, words: c.words.map((w) => w.text), lead: c.lead })),
      this.lexed[this.lexed.length - 1]?.trail ?? [],
    ));
  }
}

/** `RUN <<EOF` (no command) and `RUN bash <<EOF` feed the heredoc to a shell; `cat <<EOF` does not. */
function runsAsScript(cmd: LexedCommand, h: RawHeredoc): boolean {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(h.content.text);
  if (shebang) {
    const interpreter = shebang[1].endsWith('/env') ? (shebang[2] ?? '') : shebang[1];
    if (!isShellName(interpreter)) return false;
  }
  if (cmd.words.length === 0) return true;
  return isShellName(cmd.words[0].text) && !cmd.words.some((w) => /^-[A-Za-z]*c[A-Za-z]*$/.test(w.text));
}

class LazyShellCommand implements ShellCommand {
  readonly prefixAssignments: Assignment[];
  readonly words: ShellWord[];
  readonly redirections: ShellCommand['redirections'];
  readonly pipedOut?: boolean;
  private rangeValue?: Range;
  private guardsValue?: readonly ShellGuard[];
  constructor(
    private readonly r: Ranges,
    private readonly src: MappedText,
    private readonly cmd: LexedCommand,
    readonly inHeredoc: boolean,
    private readonly flow: SequenceFlow,
    private readonly outer: ShellCommand | undefined,
  ) {
    this.prefixAssignments = cmd.assignments.length ? cmd.assignments.map((w) => prefixAssignment(r, src, w)) : [];
    this.words = cmd.words.map((w) => shellWord(r, src, w));
    this.redirections = cmd.redirections.length ? cmd.redirections.map((x) => ({ op: x.op, fd: x.fd, target: x.target && shellWord(r, src, x.target) })) : [];
    if (cmd.pipedOut) this.pipedOut = true;
  }
  get range(): Range {
    return (this.rangeValue ??= this.r.in(this.src, this.cmd.start, this.cmd.end));
  }
  get guards(): readonly ShellGuard[] {
    if (this.guardsValue) return this.guardsValue;
    const own = this.flow.value.guards.get(this) ?? NO_GUARDS;
    const outer = this.outer?.guards ?? NO_GUARDS;
    return (this.guardsValue = outer.length === 0 ? own : own.length === 0 ? outer : [...outer, ...own]);
  }
  get pipeline(): readonly ShellCommand[] | undefined {
    return this.flow.value.pipelines.get(this);
  }
  get pipeInto(): ShellCommand | undefined {
    const pipe = this.pipeline;
    return pipe?.[pipe.indexOf(this) + 1];
  }
}

type RunBase = Omit<RunInstruction, 'kind' | 'form' | 'flags' | 'mounts' | 'commands' | 'heredocs' | 'network'>;
type JsonWords = NonNullable<ReturnType<typeof parseJsonArray>>;

/**
 * A RUN instruction. Splitting the shell text is most of the cost of a RUN, and most RUNs (apt-get, mkdir, …)
 * are never looked into: the commands, and the variable references that come from them, are worked out when
 * first read (with the ranges of the parse that made the instruction, so a reused instruction stays exact).
 */
class RunModel implements RunInstruction {
  readonly kind = 'RUN' as const;
  readonly keyword: string;
  readonly keywordRange: Range;
  readonly range: Range;
  stageIndex: number;
  readonly argsText: string;
  readonly form: 'shell' | 'exec';
  readonly flags: RunFlag[];
  readonly mounts: RunMount[];
  readonly network?: string;
  readonly heredocs: Heredoc[];
  private commandsValue?: ShellCommand[];
  private referencesValue?: VariableReference[];

  constructor(
    base: RunBase,
    flags: RunFlag[],
    private readonly r: Ranges,
    private readonly body: MappedText,
    private readonly json: JsonWords | undefined,
    private readonly rawHeredocs: RawHeredoc[],
  ) {
    this.keyword = base.keyword;
    this.keywordRange = base.keywordRange;
    this.range = base.range;
    this.stageIndex = base.stageIndex;
    this.argsText = base.argsText;
    this.form = json ? 'exec' : 'shell';
    this.flags = flags;
    this.mounts = flags.filter((f) => f.name === 'mount').map(mountOf);
    this.network = flags.find((f) => f.name === 'network')?.value;
    this.heredocs = rawHeredocs.map((h) => heredocOf(r, h));
  }

  get commands(): ShellCommand[] {
    return (this.commandsValue ??= this.json ? execCommands(this.r, this.body, this.json) : shellCommands(this.r, this.body, false, this.rawHeredocs, 0));
  }

  get references(): VariableReference[] {
    if (this.referencesValue) return this.referencesValue;
    // No `$` anywhere, no reference: the shell text need not be split for that.
    if (!this.argsText.includes('$') && !this.rawHeredocs.some((h) => h.content.text.includes('$'))) return (this.referencesValue = []);
    const refs: VariableReference[] = [];
    for (const c of this.commands) {
      for (const a of c.prefixAssignments) refs.push(...a.references);
      for (const w of c.words) if (w.references?.length) refs.push(...w.references);
    }
    return (this.referencesValue = refs);
  }

  set references(refs: VariableReference[]) {
    this.referencesValue = refs;
  }
}

const runTexts = new WeakMap<RunInstruction, string>();

/**
 * Whether the RUN's text (arguments and heredoc bodies) may contain what `pattern` looks for in its commands'
 * words. Quotes, escapes and line breaks are removed first, so that anything a word can spell is found: a `false`
 * is certain, a `true` only means the commands must be looked at.
 */
export function runMayContain(run: RunInstruction, pattern: RegExp): boolean {
  let text = runTexts.get(run);
  if (text === undefined) {
    const raw = [run.argsText, ...run.heredocs.map((h) => h.content)].join('\n');
    // JSON `\u0067` and ANSI-C `$'\x67'` spell characters the text does not show: such a RUN is always looked into.
    text = /\\u|\$'/.test(raw) ? '' : raw.replace(/["'\\`\r\n]/g, '');
    runTexts.set(run, text);
  }
  return text === '' || pattern.test(text);
}

export function runInstruction(r: Ranges, raw: RawInstruction, escape: string, base: RunBase): RunInstruction {
  const { flags, rest } = leadingFlags(r, raw.args, escape);
  const body = sliceMapped(raw.args, rest, raw.args.text.length);
  const json = body.text.trimStart().startsWith('[') ? parseJsonArray(body) : undefined;
  return new RunModel(base, flags, r, body, json, raw.heredocs);
}

function execCommands(r: Ranges, body: MappedText, json: JsonWords): ShellCommand[] {
  const words: ShellWord[] = json.map(
    (w) => new LazyShellWord(r, w.mapped, { start: 0, end: w.text.length, text: w.text, mapped: w.mapped, refs: [], assignment: false }),
  );
  const commands: ShellCommand[] = words.length
    ? [{ prefixAssignments: [], words, range: r.in(body, 0, body.text.length), inHeredoc: false, redirections: [], guards: NO_GUARDS }]
    : [];
  // ["sh", "-c", "script"]
  const c = json.findIndex((w) => /^-[A-Za-z]*c[A-Za-z]*$/.test(w.text));
  if (json.length > 0 && isShellName(json[0].text) && c > 0 && json[c + 1]) commands.push(...shellCommands(r, json[c + 1].mapped, false, [], 1));
  return commands;
}
