// The go commands a build file runs: the commands of a shell script or recipe line, and of a Taskfile task (with
// the tasks it depends on). What cannot be followed (a command named by a variable, another build tool) leaves the
// answer open: the file then shows that go runs, never that it does not.
import type { ShellCommand } from '../syntax/dockerfileModel';
import type { Range } from '../core/types';
import { lexShell } from '../syntax/shell';
import { MappedText, type Segment } from '../syntax/source';
import { goInvocation } from './goCommand';
import { toolCall } from './buildTools';
import type { GoSubcommand } from './timelineModel';

/** A go command written in a build file (line 1-based). */
export interface FileGoCommand {
  subcommand: GoSubcommand;
  /** `go build`, `go mod download`, as the messages quote it. */
  text: string;
  path: string;
  line: number;
  /** `go install x@v` / `go run x@v`: builds another module, not this one. */
  versioned: boolean;
  /** Its `-mod=` flag, if it gives one. */
  mod?: string;
  /** `-a`: every package is rebuilt, whatever the build cache holds. */
  rebuildsAll?: boolean;
}

export interface FileRun {
  go: FileGoCommand[];
  /** Scripts it runs (as written, relative to the folder it runs in). */
  scripts: { file: string; path: string; line: number }[];
  /** Part of what it runs cannot be followed. */
  open: boolean;
  /** It runs `go clean -cache`: the build cache is emptied, whatever a mount kept. */
  cleansBuildCache?: boolean;
}

const NOWHERE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const GO_NAME = /^(?:.*\/)?(?:go|xx-go)$/;

/** A lexed command as the go-command reader takes it (words without document ranges). */
function plainCommand(words: readonly string[]): ShellCommand {
  return {
    prefixAssignments: [],
    words: words.map((text) => ({ text, range: NOWHERE, subRange: () => NOWHERE })),
    range: NOWHERE,
    inHeredoc: false,
    redirections: [],
    guards: [],
  };
}

export function emptyRun(open = false): FileRun {
  return { go: [], scripts: [], open };
}

export function mergeRun(into: FileRun, from: FileRun): void {
  into.go.push(...from.go);
  into.scripts.push(...from.scripts);
  into.open ||= from.open;
  into.cleansBuildCache ||= from.cleansBuildCache;
}

/**
 * The commands of shell text written at `line` of `path`. `ownMake`: a make command is the caller's to follow
 * (a recipe's sub-make of its own Makefile).
 */
export function shellTextRun(text: string, path: string, line: number, ownMake = false): FileRun {
  const run = emptyRun();
  const src = joinContinuations(text, ownMake);
  for (const cmd of lexShell(src)) {
    const words = cmd.words.map((w) => w.text);
    if (words.length === 0) continue;
    // Where its first word is (a reserved word such as `then` before it belongs to no command); for go, the go word.
    const lineOf = (offset: number) => line + countNewlines(text, src.docOffset(offset));
    const at = lineOf((cmd.assignments[0] ?? cmd.words[0]).start);
    const inv = goInvocation(plainCommand(words));
    if (inv && GO_NAME.test(words[inv.goWord]) && words[inv.goWord + 1] === 'clean' && words.includes('-cache')) run.cleansBuildCache = true;
    if (inv) {
      // A versioned binary (`go1.22.3`) is another Go than the image's.
      if (!GO_NAME.test(words[inv.goWord])) continue;
      const args = inv.args.map((a) => a.text);
      const mod = args.map((a) => /^--?mod=(.*)$/.exec(a)?.[1]).find((m) => m !== undefined);
      run.go.push({
        subcommand: inv.subcommand,
        text: `${words[inv.goWord].replace(/^.*\//, '')} ${inv.subcommand}`,
        path,
        line: lineOf(cmd.words[inv.goWord].start),
        versioned: args.some((a) => !a.startsWith('-') && a.includes('@')),
        mod,
        rebuildsAll: args.includes('-a'),
      });
      continue;
    }

    const call = toolCall(plainCommand(words).words);
    if (call?.tool === 'script' && call.file !== undefined && !call.open) run.scripts.push({ file: call.file, path, line: at });
    else if (call && !(ownMake && call.tool === 'make')) run.open = true;
    else if (/[$`{]/.test(words[0]) || words[0] === 'eval') run.open = true;
  }
  return run;
}

/**
 * The text the shell reads: backslash-newline removed (and in a recipe the tab make strips after it), each
 * character still mapped to its offset in `text` so that a command's line can be told.
 */
function joinContinuations(text: string, recipe: boolean): MappedText {
  if (!text.includes('\\\n')) return MappedText.contiguous(text, 0);
  const segments: Segment[] = [];
  let out = '';
  let from = 0;
  const mark = () => {
    // An empty piece between two continuations: the next piece starts at the same place and replaces it.
    if (segments.length && segments[segments.length - 1].at === out.length) segments.pop();
    segments.push({ at: out.length, doc: from });
  };
  for (let i = text.indexOf('\\\n'); i >= 0; i = text.indexOf('\\\n', from)) {
    mark();
    out += text.slice(from, i);
    from = i + 2 + (recipe && text[i + 2] === '\t' ? 1 : 0);
  }
  mark();
  out += text.slice(from);
  return new MappedText(out, segments);
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

interface TaskBlock {
  lines: { text: string; line: number; indent: number }[];
}

/** The tasks of a Taskfile by name, each with its lines (indentation-based: Taskfiles are plain block YAML). */
function taskBlocks(text: string): Map<string, TaskBlock> {
  const tasks = new Map<string, TaskBlock>();
  const lines = text.split(/\r\n|\r|\n/);
  let tasksIndent = -1;
  let taskIndent = -1;
  let current: TaskBlock | undefined;
  lines.forEach((raw, i) => {
    if (/^\s*(#|$)/.test(raw)) return;
    const indent = raw.length - raw.trimStart().length;
    if (tasksIndent < 0) {
      if (/^tasks:\s*$/.test(raw)) tasksIndent = indent;
      return;
    }
    if (indent <= tasksIndent) {
      tasksIndent = /^tasks:\s*$/.test(raw) ? indent : -1;
      current = undefined;
      return;
    }
    if (taskIndent < 0) taskIndent = indent;
    if (indent === taskIndent) {
      const key = /^\s*(?:"([^"]+)"|'([^']+)'|([^\s:#][^:#]*?))\s*:\s*(?:#.*)?$/.exec(raw);
      current = key ? { lines: [] } : undefined;
      if (key) tasks.set(key[1] ?? key[2] ?? key[3], current!);
      return;
    }
    current?.lines.push({ text: raw.trim(), line: i + 1, indent });
  });
  return tasks;
}

/** What `task <targets>` runs according to the Taskfile (the `default` task when none is named). */
export function taskfileRun(file: { path: string; text: string }, targets: readonly string[]): FileRun {
  const tasks = taskBlocks(file.text);
  const run = emptyRun();
  const queue = targets.length ? [...targets] : ['default'];
  const seen = new Set<string>();
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const block = tasks.get(name);
    if (!block) {
      run.open = true; // an included Taskfile's task, or none: task fails
      continue;
    }
    const keyIndent = block.lines[0]?.indent ?? 0;
    let key = '';
    for (const l of block.lines) {
      const keyMatch = l.indent === keyIndent ? /^([A-Za-z_]+):\s*(.*)$/.exec(l.text) : null;
      if (keyMatch) {
        key = keyMatch[1];
        const inline = keyMatch[2];
        if (key === 'deps' && inline.startsWith('['))
          queue.push(
            ...inline
              .replace(/[[\]]/g, '')
              .split(',')
              .map((s) => s.trim().replace(/^["']|["']$/g, ''))
              .filter(Boolean),
          );
        if (key === 'cmd' && inline) mergeRun(run, shellTextRun(unquote(inline), file.path, l.line));
        continue;
      }
      const item = l.text.replace(/^-\s*/, '');
      const taskRef = /^task:\s*(\S+)/.exec(item);
      if (taskRef) queue.push(unquote(taskRef[1]));
      else if (key === 'deps') queue.push(unquote(item));
      else if (key === 'cmds') {
        const body = unquote(item.replace(/^(?:cmd|sh):\s*/, ''));
        if (/^[|>][-+]?$/.test(body) || /^(?:silent|ignore_error|platforms|vars|for|defer):/.test(body)) continue;
        mergeRun(run, shellTextRun(body, file.path, l.line));
      }
    }
  }
  return run;
}

function unquote(s: string): string {
  const t = s.trim();
  return /^(["']).*\1$/.test(t) ? t.slice(1, -1) : t;
}
