// The folder each command of a shell text runs in: where the text starts, moved by `cd dir` / `pushd dir` / `popd`
// that run for certain. A `(…)` subshell's moves end with it, a `cd` in a pipeline moves nothing, and a `cd` that runs
// only under a condition (`[ -d x ] && cd x`, inside `if`) or to a folder that cannot be known (`cd $DIR`, `cd -`,
// `cd` alone) leaves the folder unknown (null) from there on.
import * as path from 'node:path';
import type { LexedCommand } from '../syntax/shell';
import { shellFlow } from '../syntax/shellFlow';

/** A folder that cannot be known is null. */
export type Folder = string | null;

const CD_OPTIONS = /^-[LPe@]+$/;

/** Where `cd`'s argument leads from `from`; null when it cannot be known. */
function cdTarget(args: string[], from: Folder, resolvePath: (w: string) => string | undefined): Folder {
  let i = 0;
  while (i < args.length && CD_OPTIONS.test(args[i])) i++;
  if (args[i] === '--') i++;
  const written = args[i];
  if (written === undefined || written === '-') return null;
  const value = resolvePath(written);
  if (value === undefined || value === '' || value.startsWith('~')) return null;
  if (path.isAbsolute(value)) return path.normalize(value);
  return from === null ? null : path.resolve(from, value);
}

/**
 * The folder of every command, and the folder after the last one (what the next script line of the same shell
 * starts in). `resolvePath` gives a word's value, undefined when it cannot be known.
 */
export function commandFolders(
  cmds: readonly LexedCommand[],
  start: Folder,
  resolvePath: (w: string) => string | undefined,
): { at: Map<LexedCommand, Folder>; end: Folder } {
  const at = new Map<LexedCommand, Folder>();
  const moves = cmds.filter((c) => ['cd', 'pushd', 'popd'].includes(c.words[0]?.text ?? ''));
  if (moves.length === 0) {
    for (const c of cmds) at.set(c, start);
    return { at, end: start };
  }
  const flow = shellFlow(
    cmds.map((c) => ({ command: c, words: c.words.map((w) => w.text), lead: c.lead })),
    cmds[cmds.length - 1]?.trail ?? [],
  );
  let here: Folder = start;
  const subshells: Folder[] = [];
  const pushed: Folder[] = [];
  const enter = (tokens: readonly string[]) => {
    for (const t of tokens) {
      if (t === '(') subshells.push(here);
      else if (t === ')' && subshells.length) here = subshells.pop()!;
    }
  };
  cmds.forEach((c, k) => {
    enter(c.lead);
    at.set(c, here);
    const name = c.words[0]?.text;
    if (name !== 'cd' && name !== 'pushd' && name !== 'popd') return;
    // A command in a pipeline runs in a subshell of its own: its `cd` moves nothing after it.
    if (c.pipedOut || c.lead.includes('|') || cmds[k + 1]?.lead[0] === '&') return;
    const conditional = (flow.guards.get(c) ?? []).length > 0;
    let next: Folder;
    if (name === 'popd') next = pushed.length ? pushed.pop()! : null;
    else {
      next = cdTarget(
        c.words.slice(1).map((w) => w.text),
        here,
        resolvePath,
      );
      if (name === 'pushd') pushed.push(here);
    }
    here = conditional ? null : next;
  });
  enter(cmds[cmds.length - 1]?.trail ?? []);
  return { at, end: subshells.length ? subshells[0] : here };
}
