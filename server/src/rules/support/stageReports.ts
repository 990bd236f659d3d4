// A rule's reports about one stage, kept with the stage's timeline and given again by later analyses of the
// document while that timeline and what else the judgement reads are the same: a keystroke in a large Dockerfile
// then judges the stage it touched, not the two hundred it did not.
import type { Report, Reporter } from '../rule';
import type { Finding } from '../../core/types';
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { StageTimeline } from '../../goenv/timelineModel';

/**
 * The analysis a stage is judged in. Kept reports' fixes read it when an editor asks for them, and a later analysis
 * that gives the reports again puts itself here: a kept report holds no older analysis alive.
 */
export interface StageAnalysis {
  parsed: ParsedDockerfile;
  ctx: AnalysisContext;
}

/**
 * Judges one stage: its reports may depend on the stage's timeline (the stage, the global ARGs and build arguments
 * it sees, the stages it builds on) and on the `reads` given to judgeStages, nothing else. Its fixes read the
 * parse and the context from `at` when they run, never from an enclosing scope.
 */
export type StageJudgement = (at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter) => void;

interface Kept {
  reads: readonly unknown[];
  reports: readonly Report[];
  at: StageAnalysis;
}

/** One rule's kept reports, per stage timeline. */
export type StageReports = WeakMap<StageTimeline, Kept>;

export function stageReports(): StageReports {
  return new WeakMap();
}

/**
 * Where the analysis keeps the finding it made of a kept report: given again, the same report makes the same finding
 * (while its severity and range come out the same), and the server the same diagnostic. Only kept reports have one.
 */
export interface FindingSlot {
  finding?: Finding;
}

const slots = new WeakMap<Report, FindingSlot>();

/** The finding slot of a report judgeStages keeps, undefined for any other report. */
export function findingSlot(r: Report): FindingSlot | undefined {
  return slots.get(r);
}

const sameReads = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/**
 * Reports what `judge` finds in every stage, in stage order. A stage whose timeline was judged before with the same
 * `reads` (compared one by one with Object.is) gets the reports of then.
 */
export function judgeStages(
  parsed: ParsedDockerfile,
  ctx: AnalysisContext,
  kept: StageReports,
  reads: readonly unknown[],
  report: Reporter,
  judge: StageJudgement,
): void {
  for (const st of parsed.timeline.stages) {
    const then = kept.get(st);
    if (then && sameReads(then.reads, reads)) {
      then.at.parsed = parsed;
      then.at.ctx = ctx;
      for (const r of then.reports) report(r);
      continue;
    }
    const at: StageAnalysis = { parsed, ctx };
    // The judgement's reporter only collects: a fix closure that shares a scope with it holds no analysis alive.
    const reports: Report[] = [];
    judge(at, st, (r) => void reports.push(r));
    for (const r of reports) {
      slots.set(r, {});
      report(r);
    }
    kept.set(st, { reads, reports, at });
  }
}
