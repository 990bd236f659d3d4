// Where a stage fetches the build's own requirements, for the caching hints: a go step, or a build tool (make, a
// script, mage, task) shown to run go on the module by its file in the build context or by the Go variables the RUN
// gives it. A stage that only builds Go is weaker evidence: enough to check the image's version, not to say when
// modules are fetched.
import type { AnalysisContext } from './context';
import type { ParsedDockerfile } from './parsedDockerfile';
import type { Range } from '../core/types';
import type { RunInstruction } from '../syntax/dockerfileModel';
import type { EnvMap } from '../goenv/timelineModel';
import { stageCacheDownloadSteps, commandText, positionIn, type DownloadStep } from './steps';
import { indirectSteps, type IndirectEvidenceKind, type IndirectStep } from './indirectSteps';
import { imageDefaultsAt, isWindowsStage } from './image';
import { mayNotReach, runsConditionally } from './conditionalSteps';
import { isVersionedFetch } from './goStepKinds';

export interface ModuleFetch {
  stageIndex: number;
  instruction: RunInstruction;
  /** The words to report on (`go build`, `make install`). */
  range: Range;
  env: EnvMap;
  /** The go step, when it is one; else the build tool that runs go. */
  step?: DownloadStep;
  via?: IndirectStep;
}

const SHOWN_BY: ReadonlySet<IndirectEvidenceKind> = new Set(['makefile', 'script', 'magefile', 'taskfile', 'inline-env']);

/**
 * Build tools that fetch the build's modules, with evidence enough for a caching hint: shown by their file or by the
 * Go variables given to them, run whenever their RUN gets that far, with the network, where Go's places are known.
 */
export function toolFetches(ctx: AnalysisContext, parsed: ParsedDockerfile): IndirectStep[] {
  return ctx.memo('toolFetches', () =>
    indirectSteps(ctx)
      .flat()
      .filter(
        (s) =>
          s.downloads &&
          SHOWN_BY.has(s.evidence.kind) &&
          !runsConditionally(s) &&
          s.instruction.network !== 'none' &&
          !isWindowsStage(parsed, s.stageIndex) &&
          !!imageDefaultsAt(parsed, s.stageIndex) &&
          !mayNotReach(ctx, parsed, s.stageIndex, s.instruction, s.env, () =>
            parsed.model.lines.slice({ start: s.instruction.range.start, end: s.range.start }),
          ),
      ),
  );
}

/** The first fetch of the build's own modules in a stage (`go install x@v1` fetches another module's). */
export function firstModuleFetch(ctx: AnalysisContext, parsed: ParsedDockerfile, stage: number): ModuleFetch | undefined {
  const d = stageCacheDownloadSteps(parsed)[stage]?.find((x) => !isVersionedFetch(x.step));
  let out: ModuleFetch | undefined = d && { stageIndex: stage, instruction: d.step.instruction, range: d.step.range, env: d.step.env, step: d };
  for (const s of toolFetches(ctx, parsed)) {
    if (s.stageIndex !== stage || (out && positionIn(parsed, stage, out.instruction) <= positionIn(parsed, stage, s.instruction))) continue;
    out = { stageIndex: stage, instruction: s.instruction, range: s.range, env: s.env, via: s };
  }
  return out;
}

/** How a fetch's command is named in messages (`go mod download`, `make deps`); written only for a message. */
export function fetchCommand(parsed: ParsedDockerfile, f: ModuleFetch): string {
  return f.step ? commandText(parsed, f.step.step) : (f.via?.text ?? '');
}
