// Every place a Dockerfile sets a Go variable: ENV/ARG values, `go env -w`, and `NAME=value` prefixes of go steps.
// Value rules ("the value itself is wrong") report on these.
import type { Range } from '../core/types';
import type { ParsedDockerfile } from './parsedDockerfile';
import type { ArgInstruction, Assignment, Instruction } from '../syntax/dockerfileModel';
import { expandParts, expandShellValue, isUnknownValue, soleVariable } from '../syntax/dockerWords';
import type { EnvMap, StageTimeline } from '../goenv/timelineModel';
import { LineIndex } from '../core/text';
import type { GivenBuildArg } from '../core/buildArgs';

export type SiteKind = 'env' | 'arg' | 'global-arg' | 'go-env-w' | 'prefix';

export interface ValueSite {
  kind: SiteKind;
  name: string;
  /** The value as written (quotes removed). */
  raw: string;
  /** The value after Docker's expansion. */
  value: string;
  /** Range of the value in the document. */
  valueRange: Range;
  /** Range of the whole `NAME=value` (or the value alone when that is all we know). */
  range: Range;
  /** -1 for global ARGs. */
  stageIndex: number;
  instruction?: Instruction;
  /**
   * Maps an offset inside `value` to a document range, when the value is written verbatim on one line
   * (no quotes altering offsets, no variables). Otherwise the whole value range.
   */
  subRange(start: number, end: number): Range;
  /** True when the text at valueRange is exactly the value, so an edit can rewrite it in place. */
  editable: boolean;
  /**
   * An ARG whose value a build argument gives: value is the build argument's, raw the default written (or ''), and
   * valueRange the whole `NAME[=default]` (nothing in the Dockerfile holds the value; no edit here changes it).
   */
  buildArg?: GivenBuildArg;
}

function makeSite(index: LineIndex, base: Omit<ValueSite, 'subRange' | 'editable'>): ValueSite {
  const verbatim =
    !base.buildArg && base.raw === base.value && base.valueRange.start.line === base.valueRange.end.line && index.slice(base.valueRange) === base.value;
  return Object.assign(base, {
    editable: verbatim,
    subRange(start: number, end: number): Range {
      if (!verbatim) return base.valueRange;
      const { line, character } = base.valueRange.start;
      return { start: { line, character: character + start }, end: { line, character: character + end } };
    },
  });
}

function lookupIn(env: EnvMap | undefined): (name: string) => string | undefined {
  return (name) => env?.get(name)?.value;
}

/**
 * A stage's sites of every Go variable (the names all start with GO), worked out in one pass and filtered per
 * query. Kept across analyses: a stage the edit did not touch keeps its StageTimeline object (see buildTimeline's
 * reuse), and its sites are a function of that object alone.
 */
const stageSitesCache = new WeakMap<StageTimeline, ValueSite[]>();

const isGoVariable = (name: string) => name.startsWith('GO');

/** All sites for the given variable names (upper-case Go variable names, all starting with GO). */
export function valueSites(parsed: ParsedDockerfile, names: ReadonlySet<string>): ValueSite[] {
  const { model, timeline } = parsed;
  const sites = globalValueSites(parsed, names);
  for (const st of timeline.stages) for (const site of allStageSites(st, model.lines)) if (names.has(site.name)) sites.push(site);
  return sites;
}

/** The sites for the given variable names among the global ARGs (before the first FROM). */
export function globalValueSites(parsed: ParsedDockerfile, names: ReadonlySet<string>): ValueSite[] {
  return globalSites(parsed.model.globalArgs, parsed.model.lines, names);
}

/** The sites for the given variable names in one stage. */
export function stageValueSites(parsed: ParsedDockerfile, st: StageTimeline, names: ReadonlySet<string>): ValueSite[] {
  return allStageSites(st, parsed.model.lines).filter((site) => names.has(site.name));
}

function allStageSites(st: StageTimeline, index: LineIndex): ValueSite[] {
  let own = stageSitesCache.get(st);
  if (!own) stageSitesCache.set(st, (own = stageSites(st, index)));
  return own;
}

function globalSites(globalArgs: readonly ArgInstruction[], index: LineIndex, names: ReadonlySet<string>): ValueSite[] {
  const sites: ValueSite[] = [];
  const globals = new Map<string, string>();
  for (const ins of globalArgs) {
    for (const a of ins.args) {
      if (a.value === undefined) continue;
      const value = expandParts(a.parts, (n) => globals.get(n));
      // A value nested too deeply to work out is left alone: there is nothing true to say about it.
      if (names.has(a.name) && !isUnknownValue(value)) {
        sites.push(
          makeSite(index, {
            kind: 'global-arg',
            name: a.name,
            raw: a.value,
            value,
            valueRange: a.valueRange,
            range: a.range,
            stageIndex: -1,
            instruction: ins,
          }),
        );
      }
      globals.set(a.name, value);
    }
  }
  return sites;
}

/**
 * A value written as exactly `$NAME` (`${NAME}`) of the variable it sets, where an ARG or ENV of the Dockerfile gives
 * NAME a value: `ARG GOPROXY=…` then `go env -w GOPROXY=${GOPROXY}` passes the ARG's value on, and that value is
 * judged once, where the ARG writes it (with the fix there). A build argument's value is placed by the analysis.
 */
function passesOnOwnValue(name: string, raw: string, value: string, env: EnvMap | undefined): boolean {
  if (soleVariable(raw.replace(/^"(.*)"$/, '$1')) !== name) return false;
  const b = env?.get(name);
  const kind = b?.origin.kind;
  return !!b && !b.origin.buildArg && (kind === 'arg' || kind === 'env' || kind === 'inherited') && b.value !== '' && b.value === value;
}

function stageSites(st: StageTimeline, index: LineIndex): ValueSite[] {
  const sites: ValueSite[] = [];
  const stageIndex = st.stage.index;
  const fromAssignment = (kind: SiteKind, a: Assignment, instruction: Instruction, env: EnvMap | undefined) => {
    if (!isGoVariable(a.name) || a.value === undefined) return;
    // A RUN prefix is expanded by the shell, as the timeline does; one it decides at build time from what we cannot
    // see (a command substitution, a variable from outside the Dockerfile) is no value to judge.
    const value = kind === 'prefix' ? expandShellValue(a.value, lookupIn(env)) : expandParts(a.parts, lookupIn(env));
    if (value === undefined || isUnknownValue(value) || (kind !== 'arg' && passesOnOwnValue(a.name, a.value, value, env))) return;
    sites.push(
      makeSite(index, {
        kind,
        name: a.name,
        raw: a.value,
        value,
        valueRange: a.valueRange,
        range: a.range,
        stageIndex,
        instruction,
      }),
    );
  };
  st.stage.instructions.forEach((ins, i) => {
    const env = st.envBefore[i];
    if (ins.kind === 'ENV') ins.vars.forEach((a) => fromAssignment('env', a, ins, env));
    if (ins.kind === 'ARG') {
      for (const a of ins.args) {
        const given = st.givenArgs.find((b) => b.origin.range === a.range);
        if (!given) fromAssignment('arg', a, ins, env);
        else if (isGoVariable(a.name) && !isUnknownValue(given.value)) {
          sites.push(
            makeSite(index, {
              kind: 'arg',
              name: a.name,
              raw: a.value ?? '',
              value: given.value,
              valueRange: a.range,
              range: a.range,
              stageIndex,
              instruction: ins,
              buildArg: given.origin.buildArg,
            }),
          );
        }
      }
    }
  });
  for (const w of st.goEnvWrites) {
    if (!isGoVariable(w.name) || !w.known || isUnknownValue(w.value)) continue;
    if (passesOnOwnValue(w.name, w.raw, w.value, st.envBefore[st.stage.instructions.indexOf(w.instruction)])) continue;
    sites.push(
      makeSite(index, {
        kind: 'go-env-w',
        name: w.name,
        raw: w.raw,
        value: w.value,
        valueRange: w.valueRange,
        range: w.range,
        stageIndex,
        instruction: w.instruction,
      }),
    );
  }
  const placed = new Set<Range>();
  for (const step of st.goSteps) {
    if (step.command.prefixAssignments.length === 0) continue;
    const i = st.stage.instructions.indexOf(step.instruction);
    for (const a of step.command.prefixAssignments) {
      placed.add(a.range);
      fromAssignment('prefix', a, step.instruction, i >= 0 ? st.envBefore[i] : undefined);
    }
  }
  // What the RUN itself sets for its go commands besides their prefixes (`export GOPROXY=…`, `env GOPROXY=… go …`),
  // as the shell expands it: once per place, and not when the shell's value cannot be known here.
  for (const step of st.goSteps) {
    for (const b of step.setInRun ?? []) {
      const name = b.name;
      const r = b.origin.range;
      if (!isGoVariable(name) || !r || b.origin.kind !== 'prefix' || b.origin.instruction !== step.instruction || placed.has(r) || !b.origin.valueRange)
        continue;
      placed.add(r);
      if ((b.value === b.raw && /[$`]/.test(b.raw)) || isUnknownValue(b.value)) continue;
      if (passesOnOwnValue(name, b.raw, b.value, st.envBefore[st.stage.instructions.indexOf(step.instruction)])) continue;
      sites.push(
        makeSite(index, {
          kind: 'prefix',
          name,
          raw: b.raw,
          value: b.value,
          valueRange: b.origin.valueRange,
          range: r,
          stageIndex,
          instruction: step.instruction,
        }),
      );
    }
  }
  return sites;
}
