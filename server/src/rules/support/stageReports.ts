// A rule's reports about each stage, kept with the Dockerfile's timeline and given again by later analyses of the
// document while a stage's timeline and what else the judgement reads are the same: a keystroke in a large Dockerfile
// then judges the stage it touched, not the two hundred it did not.
import type { KeptReport, Reporter } from '../rule';
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { DockerfileTimeline, StageTimeline } from '../../goenv/timelineModel';
import { timelineChange } from '../../goenv/timeline';

/**
 * The analysis a stage is judged in. Kept reports' fixes read it when an editor asks for them. Every analysis of the
 * document that gives reports again puts itself here (one slot per rule and document): a kept report holds no older
 * analysis alive, and its fixes are those of the analysis that gave it last.
 */
export interface StageAnalysis {
  parsed: ParsedDockerfile;
  ctx: AnalysisContext;
}

/**
 * Judges one stage: its reports may depend on the stage's timeline (the stage, the global ARGs and build arguments
 * it sees, the stages it builds on), on the `reads` given to judgeStages and on the stage's own reads (`stageReads`),
 * nothing else. Its fixes read the parse and the context from `at` when they run, never from an enclosing scope.
 */
export type StageJudgement = (at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter) => void;

/**
 * What a stage's judgement reads of other stages than those it builds on (a stage a COPY --from copies from, a later
 * stage that copies from it): the values are compared one by one with Object.is, as `reads` are.
 */
export type StageReads = (st: StageTimeline, index: number) => readonly unknown[];

/** One rule's reports about one timeline's stages, by stage index. */
interface Judged {
  reads: readonly unknown[];
  /** The indexes of the stages with reports, in order: a keystroke reports them without a look at the others. */
  reported: number[];
  /** The document's line count: a fix removing a stage's last line reads whether a line follows it. */
  lineCount: number;
  at: StageAnalysis;
  reports: (readonly KeptReport[])[];
  stageReads?: (readonly unknown[])[];
}

/** One rule's kept reports, per timeline. */
export type StageReports = WeakMap<DockerfileTimeline, Judged>;

export function stageReports(): StageReports {
  return new WeakMap();
}

const NONE: readonly KeptReport[] = [];
const NOTHING_REBUILT: readonly number[] = [];
const NO_ENDS: readonly number[] = [];

function sameReads(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * The judgement this timeline's stages can take over, and the stages it cannot: the same timeline judged before (a
 * re-check after another file changed), else the timeline it was built from (see timelineChange), whose stages
 * outside `rebuilt` it shares by index. Reports are taken over by index, without a look at the stages themselves.
 */
function earlier(kept: StageReports, timeline: DockerfileTimeline, reads: readonly unknown[]): { then: Judged; rebuilt: readonly number[] } | undefined {
  const same = kept.get(timeline);
  if (same) return sameReads(same.reads, reads) ? { then: same, rebuilt: NOTHING_REBUILT } : undefined;
  const change = timelineChange(timeline);
  const then = change && kept.get(change.previous);
  return then && sameReads(then.reads, reads) ? { then, rebuilt: change.rebuilt } : undefined;
}

/**
 * Reports what `judge` finds in every stage, in stage order. A stage taken over from a timeline judged before with
 * the same `reads` (and the same `stageReads` of it) gets the reports of then.
 */
export function judgeStages(
  parsed: ParsedDockerfile,
  ctx: AnalysisContext,
  kept: StageReports,
  reads: readonly unknown[],
  report: Reporter,
  judge: StageJudgement,
  stageReads?: StageReads,
): void {
  const timeline = parsed.timeline;
  const stages = timeline.stages;
  const before = earlier(kept, timeline, reads);
  const at = before?.then.at ?? { parsed, ctx };
  at.parsed = parsed;
  at.ctx = ctx;
  const lineCount = parsed.model.lines.lineCount;
  // With lines added or taken away, the stage that ended the document then and the one that ends it now may end
  // with a line that another line follows, or no longer does: judged again.
  const ends = before && before.then.lineCount !== lineCount ? [before.then.reports.length - 1, stages.length - 1] : NO_ENDS;
  const judgeOne = (st: StageTimeline): readonly KeptReport[] => {
    // The judgement's reporter only collects: a fix closure that shares a scope with it holds no analysis alive.
    const found: KeptReport[] = [];
    judge(at, st, (r) => void found.push({ report: r }));
    return found.length > 0 ? found : NONE;
  };
  const found = before && !stageReads ? takeOver(before.then, before.rebuilt, ends, stages, judgeOne) : judgeEach(before, ends, stages, judgeOne, stageReads);
  const judged: Judged = { reads, lineCount, at, ...found };
  for (const i of judged.reported) {
    const reports = judged.reports[i];
    for (let k = 0; k < reports.length; k++) report(reports[k].report, reports[k]);
  }
  kept.set(timeline, judged);
}

/** What judging a timeline's stages found: the reports by stage index, and what each stage read of others. */
type Found = Pick<Judged, 'reports' | 'reported' | 'stageReads'>;

/**
 * The judgement of a timeline built from one judged before, by a judgement that reads no other stage: the earlier
 * reports by index, copied at once, and the stages `rebuilt` and `ends` judged again.
 */
function takeOver(
  then: Judged,
  rebuilt: readonly number[],
  ends: readonly number[],
  stages: readonly StageTimeline[],
  judgeOne: (st: StageTimeline) => readonly KeptReport[],
): Found {
  const reports = then.reports.slice(0, stages.length);
  const again = [...new Set([...rebuilt, ...ends])].filter((i) => i >= 0 && i < stages.length).sort((a, b) => a - b);
  for (const i of again) reports[i] = judgeOne(stages[i]);
  const taken = then.reported.filter((i) => i < stages.length && !again.includes(i));
  return {
    reports,
    reported: mergeSorted(
      taken,
      again.filter((i) => reports[i].length > 0),
    ),
  };
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  if (b.length === 0) return a as number[];
  const out: number[] = [];
  let j = 0;
  for (const x of a) {
    for (; j < b.length && b[j] < x; j++) out.push(b[j]);
    out.push(x);
  }
  for (; j < b.length; j++) out.push(b[j]);
  return out;
}

/** The judgement of every stage, each taken from `before` where it and what it reads of other stages are the same. */
function judgeEach(
  before: { then: Judged; rebuilt: readonly number[] } | undefined,
  ends: readonly number[],
  stages: readonly StageTimeline[],
  judgeOne: (st: StageTimeline) => readonly KeptReport[],
  stageReads: StageReads | undefined,
): Found {
  const reports = new Array<readonly KeptReport[]>(stages.length);
  const own = stageReads ? new Array<readonly unknown[]>(stages.length) : undefined;
  const reported: number[] = [];
  const rebuilt = before?.rebuilt;
  let next = 0;
  for (let i = 0; i < stages.length; i++) {
    const st = stages[i];
    const reads = stageReads?.(st, i);
    if (reads) own![i] = reads;
    let found: readonly KeptReport[] | undefined;
    if (before && rebuilt![next] !== i && !ends.includes(i)) {
      const thenOwn = before.then.stageReads?.[i];
      if (!reads || (thenOwn && sameReads(thenOwn, reads))) found = before.then.reports[i];
    } else if (rebuilt && rebuilt[next] === i) next++;
    found ??= judgeOne(st);
    reports[i] = found;
    if (found.length > 0) reported.push(i);
  }
  return { reports, reported, stageReads: own };
}
