// What `mage <target>` runs according to the magefile: the target's function (mage lower-cases names; a method of
// `type Build mg.Namespace` is `build:name`), the targets it depends on (`mg.Deps(A, B)`, a direct call), and
// the go commands it starts (`sh.Run("go", "build", …)`, `sh.RunV(mg.GoCmd(), "mod", "download")`,
// `exec.Command("go", …)`, and through a wrapper or a variable holding the command: `runWith(env, goexe, "build")`
// with `var goexe = "go"`). Go code can run go in ways a reading cannot follow: a magefile only ever shows that go
// runs, never that it does not.
import type { FileGoCommand, FileRun } from './buildFileCommands';
import { emptyRun } from './buildFileCommands';
import type { GoSubcommand } from './timelineModel';

interface MageFunc {
  path: string;
  body: string;
  /** Line (1-based) of the body's first character. */
  line: number;
}

const FUNC = /^func\s+(?:\(\s*(?:\w+\s+)?\*?(\w+)\s*\)\s*)?([A-Za-z_]\w*)\s*\(/gm;
/** The go command as Go code writes it: the literal, or mage's own `mg.GoCmd()` (which is "go" unless told otherwise). */
const GO_EXPR = String.raw`(?:"go"|mg\.GoCmd\(\))`;
/** The command as the first string arguments of a call (`sh.Run(cmd, "build", …)`, `runWith(env, cmd, "build", …)`). */
const goCallAfter = (expr: string) => new RegExp(String.raw`[({,]\s*${expr}\s*,\s*"([a-z]+)"(?:\s*,\s*"([a-z]+)")?`, 'g');
const SUBCOMMANDS: Record<string, GoSubcommand> = {
  build: 'build',
  install: 'install',
  run: 'run',
  test: 'test',
  generate: 'generate',
  get: 'get',
  list: 'list',
  vet: 'vet',
};
const MOD: Record<string, GoSubcommand> = { download: 'mod download', tidy: 'mod tidy', vendor: 'mod vendor' };

/** Index just past the `}` closing the `{` at `open`, skipping strings, runes and comments. */
function blockEnd(text: string, open: number, limit: number): number {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 1;
    else if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '`') i = text.indexOf('`', i + 1) < 0 ? text.length : text.indexOf('`', i + 1);
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return limit;
}

function lineAt(text: string, offset: number, from = 0, fromLine = 1): number {
  let n = fromLine;
  for (let i = text.indexOf('\n', from); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Names whose value is the go command in these files: declared (`var goexe = "go"`, `const goCmd = "go"`, in a
 * var/const block, or `gocmd := mg.GoCmd()`) with that value and never given another literal. An override read
 * from the environment (`if exe := os.Getenv("GOEXE"); exe != "" { goexe = exe }`) is not a literal and leaves the
 * default, which is what runs unless the build sets that variable.
 */
function goCommandNames(files: readonly { text: string }[]): string[] {
  const declared = new Set<string>();
  const other = new Set<string>();
  const assignment = new RegExp(String.raw`(?:^|[\s(;{])([A-Za-z_]\w*)(?:\s+string)?\s*:?=\s*("(?:[^"\\\n]|\\.)*"|mg\.GoCmd\(\))`, 'gm');
  for (const f of files) {
    for (const m of f.text.matchAll(assignment)) (m[2] === '"go"' || m[2] === 'mg.GoCmd()' ? declared : other).add(m[1]);
  }
  return [...declared].filter((n) => !other.has(n) && n !== '_');
}

function functions(files: readonly { path: string; text: string }[]): { funcs: Map<string, MageFunc>; defaultTarget?: string } {
  const funcs = new Map<string, MageFunc>();
  let defaultTarget: string | undefined;
  for (const f of files) {
    const matches = [...f.text.matchAll(FUNC)];
    let counted = 0;
    let line = 1;
    matches.forEach((m, k) => {
      // The body opens at the first `{` after the signature and ends at its `}`, before the next top-level func.
      const limit = matches[k + 1]?.index ?? f.text.length;
      const open = f.text.indexOf('{', m.index! + m[0].length);
      if (open < 0 || open >= limit) return;
      const end = Math.min(blockEnd(f.text, open, limit), limit);
      line = lineAt(f.text, open, counted, line);
      counted = open;
      const name = (m[1] ? `${m[1]}:${m[2]}` : m[2]).toLowerCase();
      funcs.set(name, { path: f.path, body: f.text.slice(open, end), line });
    });
    const d = /^\s*(?:var\s+)?Default\s*=\s*([\w.]+)/m.exec(f.text);
    if (d) defaultTarget = d[1].replace('.', ':').toLowerCase();
  }
  return { funcs, defaultTarget };
}

export function magefileRun(files: readonly { path: string; text: string }[], targets: readonly string[]): FileRun {
  const { funcs, defaultTarget } = functions(files);
  const goCall = goCallAfter(`(?:${[GO_EXPR, ...goCommandNames(files).map((n) => String.raw`\b${n}\b`)].join('|')})`);
  const run = emptyRun(true);
  const queue = targets.length ? targets.map((t) => t.toLowerCase()) : defaultTarget ? [defaultTarget] : [];
  const seen = new Set<string>();
  while (queue.length && seen.size < 500) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const fn = funcs.get(name);
    if (!fn) continue;
    for (const m of fn.body.matchAll(goCall)) {
      const sub = m[1] === 'mod' ? MOD[m[2] ?? ''] : SUBCOMMANDS[m[1]];
      if (!sub) continue;
      const cmd: FileGoCommand = {
        subcommand: sub,
        text: `go ${sub}`,
        path: fn.path,
        line: fn.line + lineAt(fn.body, m.index! + /[^\s({,]/.exec(m[0])!.index) - 1,
        versioned: false,
      };
      run.go.push(cmd);
    }
    // Dependencies and direct calls of other targets.
    for (const m of fn.body.matchAll(/\b([A-Z]\w*)(?:\.([A-Z]\w*))?\s*[(,)]/g)) {
      const dep = (m[2] ? `${m[1]}:${m[2]}` : m[1]).toLowerCase();
      if (funcs.has(dep) && !seen.has(dep)) queue.push(dep);
    }
  }
  return run;
}
