// A rule's reports for one stage, kept with the stage's timeline. An edit takes over the timeline of every stage
// whose instructions, base stages, global ARGs and build arguments it did not change (goenv/timeline.ts), so a rule
// that judges a stage from its timeline alone reports for such a stage what it reported before: only the stages the
// edit touched are checked again. `key` holds what else the reports depend on (the locale, what the stage built on
// passed on); `carry` is what this stage passes on to the stages built on it.
import type { StageTimeline } from '../../goenv/timelineModel';
import type { Report, Reporter } from '../rule';

export class StageReports<C> {
  private readonly kept = new WeakMap<StageTimeline, { key: string; reports: Report[]; carry: C }>();

  /** Reports the stage's findings (checked again unless kept for this timeline and key); returns what it carries on. */
  run(st: StageTimeline | undefined, key: string, report: Reporter, check: (report: Reporter) => C): C {
    let kept = st && this.kept.get(st);
    if (!kept || kept.key !== key) {
      const reports: Report[] = [];
      const carry = check((r) => reports.push(r));
      kept = { key, reports, carry };
      if (st) this.kept.set(st, kept);
    }
    for (const r of kept.reports) report(r);
    return kept.carry;
  }
}
