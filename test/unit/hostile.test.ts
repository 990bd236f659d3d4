// Hostile documents: long FROM chains, deep `${A:-…}` nesting, very large files. Each test bounds the work or the
// memory (never the wall-clock time) so that a super-linear path fails it deterministically; the growth rates
// themselves are measured by the "analysis scaling" bench.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeContext, onRuleFailure } from '../../server/src/analysis';
import { AnalysisContext } from '../../server/src/core/context';
import { DEFAULT_SETTINGS, type Finding } from '../../server/src/core/types';
import type { StageTimeline } from '../../server/src/goenv/timelineModel';
import { DOCKERFILE_URI, GOMOD_URI } from '../support/analysisHarness';
import { stageChain } from '../bench/documents';

const GOMOD = 'module example.com/app\n\ngo 1.22\n\nrequire git.corp.internal/x v1.0.0\n';

export function request(text: string) {
  return { file: { uri: DOCKERFILE_URI, text }, kind: 'dockerfile' as const, related: { goMod: { uri: GOMOD_URI, text: GOMOD } }, settings: DEFAULT_SETTINGS, locale: 'en' as const };
}

/** Analyses `text` and counts how often the rules read a stage of the timeline: the work done per stage. */
function analyzeCountingStageReads(text: string): { findings: Finding[]; reads: number; stages: number } {
  const ctx = new AnalysisContext(request(text));
  const timeline = ctx.dockerfile!.timeline as { stages: StageTimeline[] };
  const stages = timeline.stages.length;
  let reads = 0;
  timeline.stages = new Proxy(timeline.stages, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  const failures: unknown[] = [];
  onRuleFailure((_rule, err) => failures.push(err));
  try {
    const findings = analyzeContext(ctx);
    assert.deepEqual(failures, [], 'no rule throws');
    return { findings, reads, stages };
  } finally {
    onRuleFailure(undefined);
  }
}

test('a 3,000-stage FROM chain: the rules read each stage a bounded number of times, not once per descendant', () => {
  const { findings, reads, stages } = analyzeCountingStageReads(stageChain(3000));
  assert.equal(stages, 3000);
  // Walking the chain again from every stage reads ~n²/2 = 4.5 million stages; once per stage and rule is ~100 × n.
  assert.ok(reads < 100 * stages, `${reads} stage reads for ${stages} stages`);
  // Every stage still inherits the GOPROXY of s0 and is analysed: one cache-mount hint per download.
  assert.equal(findings.filter((f) => f.rule === 'mod-cache-mount').length, 3000);
  assert.equal(findings.filter((f) => f.rule === 'goproxy-unset').length, 0);
});

test('a FROM chain without GOPROXY: each stage is told it is unset, still with bounded work per stage', () => {
  const text = stageChain(2000).replace('ENV GOPROXY=https://goproxy.cn;direct\n', '');
  const { findings, reads, stages } = analyzeCountingStageReads(text);
  assert.ok(reads < 100 * stages, `${reads} stage reads for ${stages} stages`);
  assert.equal(findings.filter((f) => f.rule === 'goproxy-unset').length, 2000);
});
