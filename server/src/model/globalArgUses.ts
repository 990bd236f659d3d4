// References to global ARGs (declared before the first FROM) inside a stage that does not re-declare them: Docker
// and the RUN shell see nothing there. Each is paired with what it does to module fetching: the Go variable, the
// credentials or the git/go argument it feeds, or the branch of a shell condition it decides; and a reference to a
// Go variable's name keeps being one (`ENV GOPROXY=${GOPROXY}`). A variable the stage's ENV sets from such a
// reference (`ENV TOKEN=${TOKEN}`) carries it on to the RUNs that read it.
import type { ParsedDockerfile } from './parsedDockerfile';
import type { Instruction, RunInstruction, ShellCommand, ShellGuard, VariableReference } from '../syntax/dockerfileModel';
import type { EnvMap, StageTimeline } from '../goenv/timelineModel';
import { OFFICIAL_IMAGE_DEFAULTS } from '../goenv/effective';
import { GO_VARIABLES } from '../goenv/variables';
import { expandKnown, guardOutcome, type ShellOracle } from '../syntax/shellTest';
import { fetchChange, referenceUse, refSpan, variableUse, type FetchChange, type FetchUse } from './fetchUses';
import { templateOf } from '../syntax/dockerWords';
import { escapeRegExp } from '../core/text';
import { imageDefaultsAt } from './image';

const GO_VARS = new Set<string>(GO_VARIABLES);

/**
 * ARGs BuildKit and Docker define without an ARG line. The platform ones are in the global scope only (a stage must
 * declare `ARG TARGETARCH` to see it), but they describe the platform, not module fetching; the proxy ones reach
 * every RUN from `--build-arg` without any declaration.
 */
export const AUTOMATIC_ARGS = new Set([
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
]);
/** What the official golang image sets with ENV: a stage on it sees these whatever the ARGs say. */
const OFFICIAL_IMAGE_ENV = new Set(['GOPATH', 'GOTOOLCHAIN', 'GOLANG_VERSION', 'PATH']);

export type OutOfScopeEffect =
  /** A Go variable's name, referenced where nothing more is known. */
  | { kind: 'go-variable' }
  /**
   * The reference feeds a Go variable, credentials or a fetch argument (on `line`); `value` is that text as expanded
   * there. `shadowed`: a `go env -w` whose variable the environment sets anyway (the written value is not used).
   */
  | { kind: 'use'; use: FetchUse; value: string; line: number; shadowed?: boolean }
  /** The reference decides a shell condition, and so whether `command` (which changes module fetching) runs. */
  | { kind: 'switch'; runs: boolean; guard: ShellGuard; command: ShellCommand; change: FetchChange; line: number };

export interface OutOfScopeReference {
  /** Where to report: the reference to the global ARG. */
  ref: VariableReference;
  /** The reference at the use: `ref` itself, or the one to the ENV variable it went through. */
  site: VariableReference;
  name: string;
  /** The 1-based line of the global ARG. */
  argLine: number;
  stage: StageTimeline;
  effect: OutOfScopeEffect;
  /** Set when the use reads a variable the stage's ENV set from the reference (`ENV TOKEN=${TOKEN}`). */
  through?: { name: string; line: number };
}

interface Derived {
  root: VariableReference;
  rootName: string;
  instruction: Instruction;
  /** Its value with the global unset; undefined when it depends on anything else. */
  value: string | undefined;
}

interface Source {
  root: VariableReference;
  site: VariableReference;
  name: string;
  through?: { name: string; line: number };
}

const SHELL_DECLARES = new Set(['export', 'readonly', 'local', 'declare', 'typeset']);

// Two rules ask (arg-out-of-scope, and credentials-in-image for credentials that are empty): worked out once per parse.
const computed = new WeakMap<ParsedDockerfile, OutOfScopeReference[]>();

export function outOfScopeReferences(parsed: ParsedDockerfile): OutOfScopeReference[] {
  let out = computed.get(parsed);
  if (!out) computed.set(parsed, (out = compute(parsed)));
  return out;
}

/** The references that put an empty value where credentials go (a URL's user info, a .netrc line). */
export function emptyCredentialReferences(parsed: ParsedDockerfile): Set<VariableReference> {
  return new Set(
    outOfScopeReferences(parsed)
      .filter((o) => o.effect.kind === 'use' && o.effect.use.kind === 'credentials')
      .map((o) => o.site),
  );
}

function compute(parsed: ParsedDockerfile): OutOfScopeReference[] {
  const globals = new Map<string, number>();
  for (const ins of parsed.model.globalArgs) for (const a of ins.args) if (!globals.has(a.name)) globals.set(a.name, a.nameRange.start.line + 1);
  if (globals.size === 0) return [];
  const out: OutOfScopeReference[] = [];
  const key = [...globals].map(([name, line]) => `${name}:${line}`).join('\u0000');
  for (const st of parsed.timeline.stages) {
    // A stage's references depend on it, its image's defaults and the global ARGs: kept per stage timeline, which
    // every stage an edit leaves alone keeps.
    let kept = referencesByStage.get(st);
    if (kept?.globals !== key) referencesByStage.set(st, (kept = { globals: key, refs: stageReferences(parsed, st, globals) }));
    out.push(...kept.refs);
  }
  return out;
}

const referencesByStage = new WeakMap<StageTimeline, { globals: string; refs: OutOfScopeReference[] }>();

function stageReferences(parsed: ParsedDockerfile, st: StageTimeline, globals: Map<string, number>): OutOfScopeReference[] {
  const out: OutOfScopeReference[] = [];
  const official = imageDefaultsAt(parsed, st.stage.index) === OFFICIAL_IMAGE_DEFAULTS;
  const derived = new Map<string, Derived>();
  // Splitting a RUN's shell text is most of its cost: a RUN whose text names none of these variables is not split.
  let mention: { key: string; re: RegExp | undefined } | undefined;
  const mentions = (run: RunInstruction, outOfScope: (name: string) => boolean) => {
    // Names are matched as written: with `# escape=\``, `ARG A\` declares a name holding a backslash.
    const names = [...[...globals.keys()].filter(outOfScope), ...derived.keys()].map(escapeRegExp);
    const key = names.join('|');
    if (mention?.key !== key) mention = { key, re: names.length ? new RegExp(`\\$\\{?(${key})(?![A-Za-z0-9_])`) : undefined };
    const re = mention.re;
    return !!re && (re.test(run.argsText) || run.heredocs.some((h) => re.test(h.content)));
  };
  const push = (s: Source, effect: OutOfScopeEffect) => {
    out.push({ ref: s.root, site: s.site, name: s.name, argLine: globals.get(s.name)!, stage: st, effect, through: s.through });
  };
  st.stage.instructions.forEach((ins, i) => {
    const env = st.envBefore[i];
    const outOfScope = (name: string) => globals.has(name) && !env.has(name) && !AUTOMATIC_ARGS.has(name) && !(official && OFFICIAL_IMAGE_ENV.has(name));
    const current = (name: string) => {
      const d = derived.get(name);
      return d && env.get(name)?.origin.instruction === d.instruction ? d : undefined;
    };
    const oracle: ShellOracle = (name) =>
      outOfScope(name) ? { value: undefined } : current(name)?.value !== undefined ? { value: current(name)!.value } : undefined;
    const sourceOf = (ref: VariableReference): Source | undefined => {
      if (ref.modifier === '?' || ref.modifier === ':?') return undefined;
      if (outOfScope(ref.name)) return { root: ref, site: ref, name: ref.name };
      const d = current(ref.name);
      return d && { root: d.root, site: ref, name: d.rootName, through: { name: ref.name, line: d.instruction.range.start.line + 1 } };
    };
    if (ins.kind === 'ENV' || ins.kind === 'ARG') {
      const assignments = ins.kind === 'ENV' ? ins.vars : ins.args;
      for (const a of assignments) {
        for (const ref of a.references) {
          const s = sourceOf(ref);
          if (!s) continue;
          if (GO_VARS.has(a.name) && a.value !== undefined) {
            const use = variableUse(a.name, ins.kind === 'ENV' ? 'env' : 'arg', a.value, refSpan(a.value, ref));
            push(s, { kind: 'use', use, value: partialExpand(a.value, oracle), line: ins.range.start.line + 1 });
          } else if (!s.through && GO_VARS.has(ref.name)) push(s, { kind: 'go-variable' });
        }
      }
      // An ENV set from the reference holds what it expands to; later RUNs reading it get that. (Not an ARG: a
      // --build-arg may replace its default.)
      if (ins.kind === 'ENV') {
        for (const a of ins.vars) {
          const ref = GO_VARS.has(a.name) ? undefined : a.references.map(sourceOf).find((s) => s && !s.through);
          if (ref) {
            derived.set(a.name, {
              root: ref.root,
              rootName: ref.name,
              instruction: ins,
              value: a.value === undefined ? undefined : expandKnown(a.value, oracle),
            });
          }
        }
      }
      return;
    }
    if (ins.kind === 'RUN') {
      if (mentions(ins, outOfScope)) runReferences(ins, { env, official, oracle, sourceOf, push });
      return;
    }
    for (const ref of ins.references) {
      const s = sourceOf(ref);
      if (s && !s.through && GO_VARS.has(ref.name)) push(s, { kind: 'go-variable' });
    }
  });
  return out;
}

/** What a RUN is looked at with: the environment before it and what the stage knows of the global ARGs there. */
interface AtInstruction {
  env: EnvMap;
  official: boolean;
  oracle: ShellOracle;
  sourceOf: (ref: VariableReference) => Source | undefined;
  push: (s: Source, e: OutOfScopeEffect) => void;
}

function runReferences(run: RunInstruction, { env, official, oracle: dockerOracle, sourceOf, push }: AtInstruction): void {
  // Variables the RUN's own shell sets before a command: a secret mounted as one, assignments, read, for.
  const assigned = new Set<string>(run.mounts.filter((m) => m.type === 'secret' && m.options.env).map((m) => m.options.env));
  let opaque = false;
  const oracle: ShellOracle = (name) => (opaque || assigned.has(name) ? undefined : dockerOracle(name));
  // Most RUNs read no global ARG: their commands need no closer look.
  if (!run.references.some((ref) => sourceOf(ref))) return;
  for (const cmd of run.commands) {
    const refs = opaque ? [] : [...cmd.prefixAssignments.flatMap((a) => a.references), ...cmd.words.flatMap((w) => w.references ?? [])];
    // A command in a branch that never runs expands nothing: the condition's own reference says why.
    if (refs.length && !cmd.guards.some((g) => guardOutcome(g, oracle) === false)) {
      for (const ref of refs) {
        if (assigned.has(ref.name)) continue;
        const s = sourceOf(ref);
        if (!s) continue;
        const use = referenceUse(cmd, ref);
        if (use) {
          const text = use.kind === 'credentials' ? '' : partialExpand(use.text, oracle);
          const shadowed =
            use.kind === 'variable' && use.via === 'go-env-w' && (setInEnvironment(env, use.name) || (official && OFFICIAL_IMAGE_ENV.has(use.name)));
          push(s, { kind: 'use', use, value: text, line: cmd.range.start.line + 1, shadowed });
          continue;
        }
        const sw = decidesCondition(cmd, ref) ? switchEffect(run, cmd, oracle) : undefined;
        if (sw) push(s, sw);
        else if (!s.through && GO_VARS.has(ref.name)) push(s, { kind: 'go-variable' });
      }
    }
    const first = cmd.words[0]?.text;
    if (cmd.words.length === 0) for (const a of cmd.prefixAssignments) assigned.add(a.name);
    if (first === '.' || first === 'source' || first === 'eval') opaque = true;
    else if (first && SHELL_DECLARES.has(first)) for (const w of cmd.words.slice(1)) addName(assigned, /^([A-Za-z_]\w*)=/.exec(w.text)?.[1]);
    else if (first === 'read' || first === 'getopts') for (const w of cmd.words.slice(1)) addName(assigned, /^[A-Za-z_]\w*$/.test(w.text) ? w.text : undefined);
    else if (first === 'for') addName(assigned, cmd.words[1]?.text);
  }
}

function addName(names: Set<string>, name: string | undefined): void {
  if (name) names.add(name);
}

/** Whether ENV or ARG gives the variable a value: the go command then never reads what `go env -w` wrote. */
function setInEnvironment(env: EnvMap, name: string): boolean {
  const b = env.get(name);
  return !!b && b.origin.kind !== 'go-env-w' && b.value !== '';
}

/** A text with the known variables expanded and the others left as written. */
export function partialExpand(text: string, oracle: ShellOracle): string {
  let out = '';
  for (const p of templateOf(text)) {
    if ('literal' in p) out += p.literal;
    else out += expandKnown(text.slice(p.ref.start, p.ref.end), oracle) ?? text.slice(p.ref.start, p.ref.end);
  }
  return out;
}

/** Whether the reference is in a test command or the subject of a `case`. */
function decidesCondition(cmd: ShellCommand, ref: VariableReference): boolean {
  const first = cmd.words[0]?.text;
  if (first === '[' || first === 'test' || first === '[[') return true;
  return first === 'case' && !!cmd.words[1]?.references?.includes(ref);
}

/** The first command that changes module fetching and runs or not as the condition `test` decides. */
function switchEffect(run: RunInstruction, test: ShellCommand, oracle: ShellOracle): OutOfScopeEffect | undefined {
  for (const cmd of run.commands) {
    for (const g of cmd.guards) {
      const decides = g.kind === 'condition' ? !!g.condition?.some((t) => t.command === test) : g.kind === 'case' && g.subject === test;
      if (!decides) continue;
      const change = fetchChange(cmd);
      if (!change) continue;
      const runs = guardOutcome(g, oracle);
      if (runs === undefined) return undefined;
      // "Runs on every build" holds only if nothing else around it may keep it from running.
      if (runs && cmd.guards.some((o) => o !== g && !(o.kind === 'condition' && o.branch === '&&') && guardOutcome(o, oracle) !== true)) continue;
      return { kind: 'switch', runs, guard: g, command: cmd, change, line: cmd.range.start.line + 1 };
    }
  }
  return undefined;
}
