// The Dockerfile syntax model: what the rules need to know about a Dockerfile, with exact ranges.
// Produced by parseDockerfile() in dockerfile.ts; consumed by goenv/timeline.ts and the rules.
import type { Range } from '../core/types';
import type { LineIndex } from '../core/text';
import type { WordPart } from './dockerWords';
import type { FlowGuard, FlowTerm } from './shellFlow';

/** A piece of text from the document with the range it occupies (for values: without surrounding quotes). */
export interface Located {
  text: string;
  range: Range;
}

export interface ParserDirective {
  name: string; // lower-case: 'escape', 'syntax', 'check'
  value: string;
  range: Range; // the whole directive line
  valueRange: Range;
}

/** `$NAME`, `${NAME}`, `${NAME:-x}`, `${NAME:+x}`, `${NAME-x}`, `${NAME+x}` inside an instruction. */
export interface VariableReference {
  name: string;
  nameRange: Range;
  /** The whole reference, `$` to closing `}`. */
  range: Range;
  /** ':-', ':+', '-', '+' or undefined for plain references. */
  modifier?: ':-' | ':+' | '-' | '+' | ':?' | '?';
  /** The word after the modifier, unexpanded. */
  modifierValue?: string;
}

/** NAME=value in ENV, ARG (value optional), or as a shell prefix of a RUN command. */
export interface Assignment {
  name: string;
  nameRange: Range;
  /** Raw value as written, quotes removed, escapes resolved, variables NOT expanded. undefined: `ARG NAME` with no default. */
  value?: string;
  /** Range of the value in the document (inside quotes when quoted). For a missing value: an empty range right after the name. */
  valueRange: Range;
  /** Range of the whole `NAME=value` token (for edits that remove or replace the assignment). */
  range: Range;
  /** Variable references inside the value. */
  references: VariableReference[];
  /** The value as a template of literals and references, for expansion against the variables in effect. */
  parts: WordPart[];
}

export interface RunFlag {
  name: string; // 'mount', 'network', 'security'
  value: string;
  range: Range; // the whole `--name=value`
}

/** One `--mount=...` flag of a RUN, split into its key=value options. */
export interface RunMount {
  type: string; // 'cache', 'secret', 'bind', 'ssh', 'tmpfs' (default 'bind')
  target?: string;
  id?: string;
  options: Record<string, string>;
  range: Range;
}

/** A word of a shell command after quote removal, with the range of the word in the document. */
export interface ShellWord {
  text: string;
  range: Range;
  /**
   * The range of text[start, end) in the document (quotes and continuations accounted for). Asked of the word
   * itself because a word may come from an earlier parse of the document (see parseDockerfile's reuse), whose
   * offsets only that parse can turn into positions.
   */
  subRange(start: number, end: number): Range;
  /** `$NAME` / `${NAME}` the shell expands in this word (not inside single quotes). */
  references?: VariableReference[];
  /** The word as written in the shell text, quotes included (tells `"$X"`, which stays a word when empty, from `$X`). */
  raw?: string;
}

/** A condition a shell command runs under (see shellFlow.ts). */
export type ShellGuard = FlowGuard<ShellCommand>;
export type ShellConditionTerm = FlowTerm<ShellCommand>;

/**
 * One simple command inside a RUN (split on `&&`, `||`, `;`, `|`, newlines; `sh -c '…'` and `bash -lc "…"`
 * bodies are split too; heredoc bodies fed to a shell are split as scripts).
 */
export interface ShellCommand {
  /** `NAME=value` words before the command name. */
  prefixAssignments: Assignment[];
  /** The command name and its arguments. Empty when the command is only assignments. */
  words: ShellWord[];
  range: Range;
  /** True when the command text came from a heredoc body. */
  inHeredoc: boolean;
  /** Output and input redirections (`> ~/.netrc`), heredocs excluded; `fd` is the descriptor before the operator (`2>`). */
  redirections: { op: string; fd?: string; target?: ShellWord }[];
  /** The output goes into a pipe (the reading command may be one the model does not keep, such as `| {`). */
  pipedOut?: boolean;
  /**
   * The conditions the command runs under, outermost first (those of an enclosing `sh -c` command included); empty
   * when it runs whenever the RUN gets that far.
   */
  guards: readonly ShellGuard[];
  /** The pipeline it is part of, in order, when it is one of two or more commands joined by `|`. */
  pipeline?: readonly ShellCommand[];
  /** The command that reads this one's output through that pipeline (`cat x | docker login --password-stdin`). */
  readonly pipeInto?: ShellCommand;
}

export interface Heredoc {
  name: string;
  /** `<<-` strips leading tabs. */
  stripTabs: boolean;
  /** The body lines (without the terminator). */
  content: string;
  contentRange: Range;
  /** Terminator missing: the heredoc runs to the end of the file. */
  unterminated: boolean;
}

export type InstructionKind =
  | 'FROM'
  | 'ARG'
  | 'ENV'
  | 'RUN'
  | 'COPY'
  | 'ADD'
  | 'WORKDIR'
  | 'USER'
  | 'SHELL'
  | 'CMD'
  | 'ENTRYPOINT'
  | 'LABEL'
  | 'EXPOSE'
  | 'VOLUME'
  | 'STOPSIGNAL'
  | 'HEALTHCHECK'
  | 'ONBUILD'
  | 'MAINTAINER'
  | 'OTHER';

interface InstructionBase {
  keyword: string; // as written, upper-cased
  keywordRange: Range;
  /** From the keyword to the end of the last continuation line / heredoc terminator. */
  range: Range;
  /** Index of the stage this instruction belongs to; -1 before the first FROM. */
  stageIndex: number;
  /** All variable references in the instruction's arguments (not in heredoc bodies). */
  references: VariableReference[];
  /** The arguments as one logical line (continuations joined), unprocessed. */
  argsText: string;
}

export interface FromInstruction extends InstructionBase {
  kind: 'FROM';
  image: Located; // raw, unexpanded (`golang:${GO_VERSION}-alpine`)
  stageName?: Located; // `AS name`
  platform?: Located;
}

export interface ArgInstruction extends InstructionBase {
  kind: 'ARG';
  args: Assignment[];
}

export interface EnvInstruction extends InstructionBase {
  kind: 'ENV';
  /** Both forms: `A=1 B="two words"` and legacy `A 1` (value = rest of the line). */
  vars: Assignment[];
}

export interface RunInstruction extends InstructionBase {
  kind: 'RUN';
  form: 'shell' | 'exec';
  flags: RunFlag[];
  mounts: RunMount[];
  /** `--network=` value if given. */
  network?: string;
  commands: ShellCommand[];
  heredocs: Heredoc[];
}

export interface CopyInstruction extends InstructionBase {
  kind: 'COPY' | 'ADD';
  flags: RunFlag[];
  /** `--from=` value if given. */
  from?: string;
  sources: Located[];
  destination?: Located;
  heredocs: Heredoc[];
}

export interface OtherInstruction extends InstructionBase {
  kind: Exclude<InstructionKind, 'FROM' | 'ARG' | 'ENV' | 'RUN' | 'COPY' | 'ADD'>;
}

export type Instruction = FromInstruction | ArgInstruction | EnvInstruction | RunInstruction | CopyInstruction | OtherInstruction;

export interface Stage {
  index: number;
  from: FromInstruction;
  /** Lower-cased `AS` name. */
  name?: string;
  /** Instructions after FROM up to the next FROM. */
  instructions: Instruction[];
  /** From the FROM keyword to the end of the last instruction of the stage. */
  range: Range;
}

export interface DockerfileModel {
  uri: string;
  text: string;
  /** Offset <-> position over `text`, shared by everything that edits or slices the document. */
  lines: LineIndex;
  lineCount: number;
  escapeChar: '\\' | '`';
  directives: ParserDirective[];
  /** ARG instructions before the first FROM. */
  globalArgs: ArgInstruction[];
  stages: Stage[];
  /** Every instruction in document order (global ARGs included). */
  instructions: Instruction[];
  /** Syntax problems the parser found (unterminated heredoc, …): informational; the rules never throw on them. */
  problems: { message: string; range: Range }[];
}
