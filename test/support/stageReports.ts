// What the stage-reports tests share: an analysis after an edit as the server makes it (with the analysis before as
// its previous one), and the check that kept reports hold no older analysis alive.
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { analyze, analyzeContext } from '../../server/src/analysis';
import { AnalysisContext } from '../../server/src/model/context';
import type { AnalysisRequest } from '../../server/src/core/request';
import type { Finding } from '../../server/src/core/types';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Findings with their fixes computed, as plain data. */
export const plain = (findings: Finding[]) => JSON.parse(JSON.stringify(findings)) as unknown;

export interface Reanalysed {
  /** The findings of the analysis before the edit. */
  previous: Finding[];
  /** The findings of the analysis after it, made with the one before. */
  findings: Finding[];
  /** The findings of a fresh analysis of the request after the edit. */
  fresh: Finding[];
  /** Whether the analysis after the edit took over a stage timeline of the one before. */
  kept: boolean;
}

/**
 * Analyses `next` with the analysis of `before` as the previous one, as the server does after an edit. The first
 * analysis's fixes are asked for first, as an editor does: a kept finding keeps the fixes worked out then.
 */
export function reanalysed(before: AnalysisRequest, next: AnalysisRequest): Reanalysed {
  const first = new AnalysisContext(before);
  const previous = analyzeContext(first);
  plain(previous);
  const ctx = new AnalysisContext(next, first);
  const findings = analyzeContext(ctx);
  const stages = ctx.dockerfile?.timeline.stages ?? [];
  const kept = (first.dockerfile?.timeline.stages ?? []).some((st, i) => st === stages[i]);
  ctx.releasePrevious();
  return { previous, findings, fresh: analyze(next), kept };
}

/**
 * Analyses each request in turn, each with the analysis before as its previous one and its fixes asked for, and
 * asserts that the first analysis is collected once later ones gave its reports again. Returns the last analysis.
 */
export async function lastAnalysisHoldingNoFirst(requests: readonly AnalysisRequest[]): Promise<AnalysisContext> {
  let ctx = new AnalysisContext(requests[0]);
  for (const f of analyzeContext(ctx)) void f.fixes;
  const first = new WeakRef(ctx);
  for (const req of requests.slice(1)) {
    const next = new AnalysisContext(req, ctx);
    for (const f of analyzeContext(next)) void f.fixes;
    next.releasePrevious();
    ctx = next;
  }
  // A WeakRef's target stays alive until the current job ends.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  assert.equal(first.deref(), undefined, 'the first analysis is collected');
  return ctx;
}
