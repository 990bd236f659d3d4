// Which go steps may not run, or may download nothing, for the caching hints: after a COPY of a vendor/ folder or
// module cache the context lacks, after a cd into GOPATH/src in module mode, under a shell condition, or in a build
// that shows no module. A hint stays quiet about such a step.
import type { AnalysisContext } from './context';
import type { ParsedDockerfile } from './parsedDockerfile';
import type { Instruction, ShellCommand } from '../syntax/dockerfileModel';
import type { EnvMap } from '../goenv/timelineModel';
import { positionIn, textBeforeStep, type DownloadStep } from './steps';
import { localStageFacts, stageLocalFacts } from './stages';
import { imageGoVersion } from './image';

/**
 * Whether a step may never run, or not download: a COPY before it in its stage names a vendor/ folder or module
 * cache the build context lacks (made before the build, or the build stops there), or an earlier RUN changes into
 * GOPATH/src in module mode, where `go get` puts nothing (Go 1.16+).
 */
export function mayBeUnreachable(ctx: AnalysisContext, parsed: ParsedDockerfile, d: DownloadStep): boolean {
  return mayNotReach(ctx, parsed, d.stage.stage.index, d.step.instruction, d.step.env, () => textBeforeStep(parsed, d.step));
}

/** The same for any RUN of a stage: `before` is the text of the RUN before the command in question. */
export function mayNotReach(ctx: AnalysisContext, parsed: ParsedDockerfile, stage: number, run: Instruction, env: EnvMap, before: () => string): boolean {
  const at = positionIn(parsed, stage, run);
  // Only a missing source that may hold the modules counts: a vendor/ folder or a module cache that the build's
  // pipeline makes before `docker build` would mean nothing is downloaded. Other sources missing from the files in
  // view (generated, secret or not checked out) leave the step as it is.
  const missing = missingModuleSources(ctx);
  if (missing.length && firstMissingCopy(parsed, stage, missing) < at) return true;
  const v = imageGoVersion(parsed, stage);
  const moduleMode = !!v && (v.major > 1 || v.minor >= 16) && env.get('GO111MODULE')?.value !== 'off';
  if (!moduleMode) return false;
  const gopath = gopathFacts(parsed)[stage];
  if (!gopath || gopath.filled < at) return false;
  if (gopath.cd < at) return true;
  return CD_GOPATH_SRC.test(before());
}

// Per stage, computed once: where GOPATH/src is first filled (COPY into …/src, git clone) and first entered by cd.
const gopathStages = localStageFacts<{ filled: number; cd: number }>();
function gopathFacts(parsed: ParsedDockerfile): { filled: number; cd: number }[] {
  return stageLocalFacts(parsed, gopathStages, (st) => {
    let filled = Infinity;
    let cd = Infinity;
    st.stage.instructions.forEach((ins, k) => {
      if (
        filled === Infinity &&
        (((ins.kind === 'COPY' || ins.kind === 'ADD') && /\/src(\/|$)/.test(ins.destination?.text ?? '')) ||
          (ins.kind === 'RUN' && /\bgit\s+clone\b/.test(ins.argsText)))
      )
        filled = k;
      if (cd === Infinity && ins.kind === 'RUN' && CD_GOPATH_SRC.test(ins.argsText)) cd = k;
    });
    return { filled, cd };
  });
}

// Per request: asked once per go step, the answer is the same for all.
const moduleSources = new WeakMap<AnalysisContext['req']['related'], string[]>();
function missingModuleSources(ctx: AnalysisContext): string[] {
  const related = ctx.req.related;
  let hit = moduleSources.get(related);
  if (!hit) moduleSources.set(related, (hit = (related.missingCopySources ?? []).filter((src) => MAY_HOLD_MODULES.test(src.replace(/\/+$/, '')))));
  return hit;
}

// Per parse and list of missing sources (one list per request, missingModuleSources): the position of the first
// COPY of a missing source in each stage.
const missingCopies = new WeakMap<ParsedDockerfile, { missing: readonly string[]; first: number[] }>();
function firstMissingCopy(parsed: ParsedDockerfile, stage: number, missing: readonly string[]): number {
  let hit = missingCopies.get(parsed);
  if (!hit || hit.missing !== missing) {
    const set = new Set(missing);
    const first = parsed.timeline.stages.map((st) =>
      st.stage.instructions.findIndex((ins) => (ins.kind === 'COPY' || ins.kind === 'ADD') && !ins.from && ins.sources.some((x) => set.has(x.text))),
    );
    hit = { missing, first: first.map((k) => (k < 0 ? Infinity : k)) };
    missingCopies.set(parsed, hit);
  }
  return hit.first[stage] ?? Infinity;
}

const MAY_HOLD_MODULES = /(^|\/)(vendor|pkg\/mod|mod|go-build|\.cache|gopath|\.go)(\/|$)/;

const CD_GOPATH_SRC = /\bcd\s+"?(\$GOPATH|\$\{GOPATH\}|\/go)\/src\//;

/**
 * Whether the go command of a step runs only under a shell condition (`if …; then go …`, `… || go …`, a `case` arm,
 * a loop body, or shell text that could not be followed). After `&&` it runs whenever the RUN succeeds: not that.
 */
export function runsConditionally(step: { command: ShellCommand }): boolean {
  return step.command.guards.some((g) => g.kind !== 'condition' || g.branch !== '&&');
}

/** Whether the build shows its module: a go.mod or go.work in the context (else a build may download nothing). */
export function moduleKnown(ctx: AnalysisContext): boolean {
  return !!ctx.goMod || !!ctx.goWork;
}
