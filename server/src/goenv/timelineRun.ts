// What a RUN does to the Go environment: the go commands it runs, each with the environment it sees (the stage's, what
// the RUN exported before it, its own `NAME=value` prefixes), and the `go env -w` values it writes. A setting under a
// condition (`if`, `case`, `&&`, `||`) counts when the ARG/ENV values the condition reads decide that it runs, is
// ignored when they decide it does not, and is unknown (judged by no rule) otherwise (runConditions.ts).
import type { RunInstruction, ShellWord, Stage } from '../syntax/dockerfileModel';
import { expandShellValue, UNKNOWN_VALUE } from '../syntax/dockerWords';
import { commandRuns, conditionOracle, type Runs } from './runConditions';
import type { EnvBinding, GoEnvWrite, GoStep, Origin } from './timelineModel';
import { downloadsModules, goEnvWriteWords, goInvocation } from './goCommand';
import { binding, changed, dockerLookup, goView, noteRelay, relayedBuildArg, type Bindings, type StageState } from './timelineState';

/** `NAME=value` from a shell word (env wrapper, export, go env -w), with its ranges. */
function wordAssignment(w: ShellWord): { name: string; value: string; range: ShellWord['range']; valueRange: ShellWord['range'] } | undefined {
  const eq = w.text.indexOf('=');
  if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(w.text.slice(0, eq))) return undefined;
  return { name: w.text.slice(0, eq), value: w.text.slice(eq + 1), range: w.range, valueRange: w.subRange(eq + 1, w.text.length) };
}

/** A shell word's value; when the shell's result cannot be known here, the word as written (which no rule reads as a URL list). */
function shellValue(raw: string, lookup: (n: string) => string | undefined): string {
  return expandShellValue(raw, lookup) ?? raw;
}

/** PowerShell's `$env:NAME = 'value'` (Windows images with SHELL ["powershell", …]): sets NAME for later commands. */
function powershellAssignment(
  words: readonly ShellWord[],
): { name: string; value: string; range: ShellWord['range']; valueRange: ShellWord['range'] } | undefined {
  const m = /^\$env:([A-Za-z_][A-Za-z0-9_]*)(=(.*))?$/i.exec(words[0]?.text ?? '');
  if (!m) return undefined;
  if (m[2] !== undefined) return { name: m[1].toUpperCase(), value: m[3], range: words[0].range, valueRange: words[0].range };
  if (words[1]?.text !== '=' || !words[2]) return undefined;
  return { name: m[1].toUpperCase(), value: words[2].text, range: { start: words[0].range.start, end: words[2].range.end }, valueRange: words[2].range };
}

/** The same binding with a value that depends on a condition not known here: no rule judges it. */
function maybeBinding(b: EnvBinding): EnvBinding {
  return { ...b, value: UNKNOWN_VALUE };
}

/**
 * One RUN that may run go: its go commands go to goSteps, its `go env -w` values to writes and the stage's go env
 * file, and the values that pass a build argument on to given.
 */
export function runStep(
  stage: Stage,
  st: StageState,
  run: RunInstruction,
  goSteps: GoStep[],
  writes: GoEnvWrite[],
  given: EnvBinding[],
  vendored: boolean,
): void {
  // Variables exported earlier in the same RUN reach later commands of that shell.
  const exported: Bindings = new Map();
  // Of those, the ones exported under a condition not known here: later commands may or may not see the value.
  const maybe = new Set<string>();
  const lookup = (n: string) => (maybe.has(n) ? UNKNOWN_VALUE : (exported.get(n)?.value ?? dockerLookup(st)(n)));
  const bindingOf = (n: string) => exported.get(n) ?? st.env.get(n) ?? st.args.get(n);
  const oracle = conditionOracle(exported, maybe, (n) => st.env.get(n) ?? st.args.get(n));
  const shellBinding = (name: string, raw: string, origin: Origin) => {
    const buildArg = relayedBuildArg(raw, bindingOf);
    return noteRelay(binding(name, shellValue(raw, lookup), raw, buildArg ? { ...origin, buildArg } : origin), given);
  };
  const exportAs = (name: string, b: EnvBinding, runs: Runs) => {
    exported.set(name, b);
    if (runs === 'maybe') maybe.add(name);
    else maybe.delete(name);
  };
  for (const cmd of run.commands) {
    const ps = powershellAssignment(cmd.words);
    const isExport = !ps && cmd.words[0]?.text === 'export' && cmd.prefixAssignments.length === 0;
    const inv = ps || isExport ? undefined : goInvocation(cmd);
    if (!ps && !isExport && !inv) continue;
    // A command in a branch that never runs sets nothing and runs no go command.
    const runs = commandRuns(cmd, oracle);
    if (runs === 'no') continue;
    if (ps) {
      exportAs(
        ps.name,
        binding(ps.name, ps.value, ps.value, { kind: 'prefix', range: ps.range, valueRange: ps.valueRange, stageIndex: stage.index, instruction: run }),
        runs,
      );
      continue;
    }
    if (isExport) {
      for (const w of cmd.words.slice(1)) {
        const a = wordAssignment(w);
        if (a)
          exportAs(
            a.name,
            shellBinding(a.name, a.value, { kind: 'prefix', range: a.range, valueRange: a.valueRange, stageIndex: stage.index, instruction: run }),
            runs,
          );
      }
      continue;
    }
    if (!inv) continue;
    const own: Bindings = new Map(exported);
    const ownPrefixes = new Set<string>();
    for (const a of cmd.prefixAssignments) {
      own.set(
        a.name,
        shellBinding(a.name, a.value ?? '', { kind: 'prefix', range: a.range, valueRange: a.valueRange, stageIndex: stage.index, instruction: run }),
      );
      ownPrefixes.add(a.name);
    }
    for (const w of inv.envAssignments) {
      const a = wordAssignment(w);
      if (!a) continue;
      own.set(a.name, shellBinding(a.name, a.value, { kind: 'prefix', range: a.range, valueRange: a.valueRange, stageIndex: stage.index, instruction: run }));
      ownPrefixes.add(a.name);
    }
    // The go command sees what an export under an unknown condition set, or what was there before: not known here.
    const seen = maybe.size > 0 ? new Map(own) : own;
    for (const name of maybe) if (!ownPrefixes.has(name)) seen.set(name, maybeBinding(own.get(name)!));
    const env = goView(st, seen);
    const words = cmd.words;
    const range = { start: words[inv.goWord].range.start, end: words[inv.lastSubcommandWord].range.end };
    goSteps.push({
      stageIndex: stage.index,
      instruction: run,
      command: cmd,
      subcommand: inv.subcommand,
      range,
      args: inv.args,
      downloads: downloadsModules(inv, env.get('GO111MODULE')?.value ?? '', env.get('GOFLAGS')?.value ?? '', vendored),
      env,
      ...(own.size > 0 ? { setInRun: [...own.values()] } : {}),
      ...(runs === 'maybe' ? { mayNotRun: true } : {}),
    });
    if (inv.subcommand !== 'env -w') continue;
    for (const group of goEnvWriteWords(inv)) {
      for (const w of group.words) {
        if (group.unset) {
          const before = st.goEnvFile.get(w.text);
          st.goEnvFile = runs === 'maybe' && before ? st.goEnvFile.set(w.text, maybeBinding(before)) : st.goEnvFile.delete(w.text);
          changed(st, w.text);
          continue;
        }
        const a = wordAssignment(w);
        if (!a) continue;
        // The shell expands the word before go sees it: ARG and ENV values are in its environment.
        const expanded = expandShellValue(a.value, lookup);
        const value = expanded ?? a.value;
        writes.push({
          stageIndex: stage.index,
          instruction: run,
          name: a.name,
          value,
          raw: a.value,
          known: expanded !== undefined,
          range: a.range,
          valueRange: a.valueRange,
        });
        const buildArg = relayedBuildArg(a.value, bindingOf);
        const origin: Origin = {
          kind: 'go-env-w',
          range: a.range,
          valueRange: a.valueRange,
          stageIndex: stage.index,
          instruction: run,
          ...(buildArg ? { buildArg } : {}),
        };
        const written = noteRelay(binding(a.name, value, a.value, origin), given);
        // Written under a condition not known here: the go env file may or may not hold it afterwards.
        st.goEnvFile = st.goEnvFile.set(a.name, runs === 'maybe' ? maybeBinding(written) : written);
        changed(st, a.name);
      }
    }
  }
}
