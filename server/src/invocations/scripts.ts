// Makefiles and shell scripts: their `docker build` command lines. A Makefile's recipe lines each run in a shell of
// their own started in its folder (so `make -C dir` reads the same), with `$(NAME)` taking a value the same Makefile
// assigns literally (once, without `$`), quotes removed as the recipe's shell removes them; a script's lines are taken as run from the repository's root, and any shell
// variable in them is unknown. A `cd` before the build moves the folder its paths are read from.
import * as path from 'node:path';
import type { BuildArgSourceKind, BuildInvocation, WrittenAt } from '../core/buildArgs';
import { LineIndex } from '../core/text';
import { endsInContinuation, splitRuleOrAssignment, stripComment } from '../syntax/makefileLines';
import { MappedText } from '../syntax/source';
import { lexShell } from '../syntax/shell';
import { commandInvocation, dockerBuildCommands, literalOnly, mayHoldDockerBuild, type ResolveWord } from './dockerBuildCommand';
import { pathToUri } from '../core/uri';
import { rangeAt } from './yamlText';

/** A literal value a Makefile assigns, with where it is written (document offsets), when found verbatim. */
interface MakeValue {
  value: string;
  start?: number;
}

/** Variables a Makefile assigns a literal value to, once (anything assigned twice or appended to is left out). */
function literalMakeVariables(physical: string[]): Map<string, MakeValue> {
  const vars = new Map<string, MakeValue>();
  const dropped = new Set<string>();
  let offset = 0;
  for (const line of physical) {
    const lineStart = offset;
    offset += line.length + 1;
    if (line.startsWith('\t')) continue;
    const split = splitRuleOrAssignment(stripComment(line));
    if (split.kind !== 'assignment') continue;
    const literal = ['=', ':=', '::=', ':::=', '?='].includes(split.op) && !/[$`\\]/.test(split.value);
    if (!literal || dropped.has(split.name) || (vars.has(split.name) && vars.get(split.name)!.value !== split.value)) {
      vars.delete(split.name);
      dropped.add(split.name);
    } else if (!vars.has(split.name)) {
      const at = line.indexOf(split.value, line.indexOf(split.op) + split.op.length);
      vars.set(split.name, { value: split.value, ...(at >= 0 && split.value ? { start: lineStart + at } : {}) });
    }
  }
  return vars;
}

/** `$(NAME)` or `${NAME}`: a make variable (the name in group 1 or 2). */
const MAKE_REFERENCE = /\$(?:\(([\w.-]+)\)|\{([\w.-]+)\})/.source;
const MAKE_REFERENCES = new RegExp(MAKE_REFERENCE, 'g');
const ONE_MAKE_REFERENCE = new RegExp(`^${MAKE_REFERENCE}$`);

/**
 * What the recipe's shell makes of a make value: make substitutes it as written (`GOPROXY = "https://x,direct"` keeps
 * its quotes) and the shell then removes the quotes. A value that stays one word without white space is known; one
 * that the shell would split, or whose quotes would read otherwise inside a quoted reference, is not.
 */
function shellValue(value: string): string | undefined {
  if (!/['"]/.test(value)) return value;
  // A word after it shows the quotes close within the value (an open quote would swallow it).
  const cmds = lexShell(MappedText.contiguous(`${value} :`, 0));
  const words = cmds.length === 1 ? [...cmds[0].assignments, ...cmds[0].words] : [];
  if (words.length !== 2 || words[1].text !== ':' || words[0].start !== 0 || words[0].end !== value.length || /\s/.test(words[0].text)) return undefined;
  return words[0].text;
}

function makeResolver(vars: ReadonlyMap<string, MakeValue>): ResolveWord {
  return (written) => {
    const DOLLAR = '\u0000';
    let v = written.replace(/\$\$/g, DOLLAR);
    for (let round = 0; round < 4 && /\$[({]/.test(v); round++)
      v = v.replace(MAKE_REFERENCES, (all, a?: string, b?: string) => {
        const value = vars.get((a ?? b)!)?.value;
        return (value !== undefined ? shellValue(value) : undefined) ?? all;
      });
    if (/[$`]/.test(v)) return undefined;
    // What make leaves as `$` is the shell's: a variable of the recipe's environment.
    return v.includes(DOLLAR) ? undefined : v;
  };
}

export function makefileInvocations(file: string, text: string, shown: string): BuildInvocation[] {
  const physical = text.split('\n');
  const vars = literalMakeVariables(physical);
  const resolve = makeResolver(vars);
  const lines = new LineIndex(text);
  const uri = pathToUri(file);
  // `--build-arg GOPROXY=$(GOPROXY)`: the value is written where the Makefile assigns it.
  const placeOf = (written: string): WrittenAt | undefined => {
    const m = ONE_MAKE_REFERENCE.exec(written);
    const v = m ? vars.get((m[1] ?? m[2])!) : undefined;
    return v?.start === undefined ? undefined : { uri, range: rangeAt(lines, v.start, v.start + v.value.length) };
  };
  const out: BuildInvocation[] = [];
  // Most recipes (`go test`, `rm -rf`, `echo`) name no engine and no build, in themselves or in a variable's value.
  const mayBuild = mayHoldDockerBuild([...vars.values()].map((v) => v.value));
  let offset = 0;
  for (let i = 0; i < physical.length; i++) {
    const lineStart = offset;
    offset += physical[i].length + 1;
    if (!physical[i].startsWith('\t')) continue;
    let end = i;
    while (endsInContinuation(physical[end].replace(/\r$/, '')) && end + 1 < physical.length) offset += physical[++end].length + 1;
    const recipe = text.slice(lineStart, Math.min(offset - 1, text.length));
    if (!mayBuild(recipe)) {
      i = end;
      continue;
    }
    // Make's own prefixes (`@`, `-`, `+`) are not the shell's.
    const lead = /^\t[\s@+-]*/.exec(recipe)![0].length;
    const src = MappedText.contiguous(recipe.slice(lead), lineStart + lead);
    for (const cmd of dockerBuildCommands(src, { resolve, placeOf, folder: { dir: path.dirname(file) } }, uri, lines)) {
      const inv = commandInvocation(cmd, path.dirname(file), 'makefile', `${shown} line ${i + 1}`, uri);
      if (inv) out.push(inv);
    }
    i = end;
  }
  return out;
}

/** `$(dirname "$0")` and `$(dirname "${BASH_SOURCE[0]}")`: the script's own folder, wherever it is run from. */
const SCRIPT_FOLDER = /\$\(\s*dirname\s+("?)\$(?:0|\{0\}|BASH_SOURCE|\{BASH_SOURCE(?:\[0\])?\})\1\s*\)/g;

export function shellScriptInvocations(file: string, text: string, shown: string, root: string, kind: BuildArgSourceKind = 'script'): BuildInvocation[] {
  // Its variables are not read: the engine and `build` are written in the script.
  if (!mayHoldDockerBuild([])(text)) return [];
  const lines = new LineIndex(text);
  const uri = pathToUri(file);
  const out: BuildInvocation[] = [];
  const resolvePath: ResolveWord = (w) => literalOnly(w.replace(SCRIPT_FOLDER, () => path.dirname(file)));
  for (const cmd of dockerBuildCommands(MappedText.contiguous(text, 0), { resolve: literalOnly, resolvePath, folder: { dir: root } }, uri, lines)) {
    const inv = commandInvocation(cmd, root, kind, `${shown} line ${lines.positionAt(cmd.offset).line + 1}`, uri);
    if (inv) out.push(inv);
  }
  return out;
}
