// Hostile documents: long FROM chains, deep `${A:-…}` nesting, very large files. Each test bounds the work or the
// memory (never the wall-clock time) so that a super-linear path fails it deterministically; the growth rates
// themselves are measured by the "analysis scaling" bench.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeContext, onRuleFailure } from '../../server/src/analysis';
import { AnalysisContext } from '../../server/src/model/context';
import { DEFAULT_SETTINGS, type Finding } from '../../server/src/core/types';
import type { StageTimeline } from '../../server/src/goenv/timelineModel';
import { DOCKERFILE_URI, GOMOD_URI } from '../support/analysisHarness';
import { nestedDefault, oneLongStage, repeatedStages, stageChain } from '../bench/documents';
import { analyze, MAX_DOCUMENT_BYTES } from '../../server/src/analysis';
import { isUnknownValue, MAX_NESTING } from '../../server/src/syntax/dockerWords';

const GOMOD = 'module example.com/app\n\ngo 1.22\n\nrequire git.corp.internal/x v1.0.0\n';

export function request(text: string, settings = DEFAULT_SETTINGS) {
  return {
    file: { uri: DOCKERFILE_URI, text },
    kind: 'dockerfile' as const,
    related: { goMod: { uri: GOMOD_URI, text: GOMOD } },
    settings,
    locale: 'en' as const,
  };
}

/** Analyses `text` and counts how often the rules read a stage of the timeline: the work done per stage. */
function analyzeCountingStageReads(text: string, settings = DEFAULT_SETTINGS): { findings: Finding[]; reads: number; stages: number; ctx: AnalysisContext } {
  const ctx = new AnalysisContext(request(text, settings));
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
    return { findings, reads, stages, ctx };
  } finally {
    onRuleFailure(undefined);
  }
}

test('a 3,000-stage FROM chain: the rules read each stage a bounded number of times, not once per descendant', () => {
  const { findings, reads, stages, ctx } = analyzeCountingStageReads(stageChain(3000));
  assert.equal(stages, 3000);
  // Walking the chain again from every stage reads ~n²/2 = 4.5 million stages; once per stage and rule is ~100 × n.
  assert.ok(reads < 100 * stages, `${reads} stage reads for ${stages} stages`);
  // Every stage still inherits the GOPROXY of s0; the modules s0 downloaded are in every later image, so only s0
  // gets a module-cache hint.
  assert.equal(ctx.dockerfile!.timeline.stages[2999].goSteps[0].env.get('GOPROXY')?.value, 'https://goproxy.cn;direct');
  assert.equal(findings.filter((f) => f.rule === 'mod-cache-mount').length, 1);
  assert.equal(findings.filter((f) => f.rule === 'goproxy-unset').length, 0);
});

test('a FROM chain without GOPROXY: each stage is told it is unset, still with bounded work per stage', () => {
  const text = stageChain(2000).replace('ENV GOPROXY=https://goproxy.cn;direct\n', '');
  // The defaultProxy setting is the reason goproxy-unset needs to speak.
  const { findings, reads, stages } = analyzeCountingStageReads(text, { ...DEFAULT_SETTINGS, defaultProxy: 'https://goproxy.cn,direct' });
  assert.ok(reads < 100 * stages, `${reads} stage reads for ${stages} stages`);
  assert.equal(findings.filter((f) => f.rule === 'goproxy-unset').length, 2000);
});

/** Analyses with rule failures collected; returns the findings, the failures and the GOPROXY the first go step sees. */
function analyzeCollecting(text: string) {
  const failures: string[] = [];
  onRuleFailure((rule, err) => failures.push(`${rule}: ${(err as Error)?.message ?? err}`));
  try {
    const ctx = new AnalysisContext(request(text));
    const findings = analyzeContext(ctx);
    const step = ctx.dockerfile!.timeline.stages.flatMap((st) => st.goSteps)[0];
    return { findings, failures, goproxy: step?.env.get('GOPROXY')?.value };
  } finally {
    onRuleFailure(undefined);
  }
}

test('ENV GOPROXY=${A:-${A:-…}} 3,000 levels deep: no stack overflow, small heap, the value is unknown and no rule judges it', () => {
  const before = process.memoryUsage().heapUsed;
  const { findings, failures, goproxy } = analyzeCollecting(nestedDefault(3000));
  const grown = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  assert.deepEqual(failures, [], 'no rule throws');
  assert.ok(grown < 300, `heap grew ${grown.toFixed(0)} MB`);
  assert.ok(goproxy !== undefined && isUnknownValue(goproxy), 'the go step sees an unknown GOPROXY');
  // Neither "invalid" nor "unset" nor anything else about a value nobody can know.
  assert.deepEqual(
    findings.map((f) => f.rule),
    [],
  );
});

test(`nesting up to ${MAX_NESTING} levels is still worked out; one more is unknown`, () => {
  assert.equal(analyzeCollecting(nestedDefault(MAX_NESTING)).goproxy, 'direct');
  assert.ok(isUnknownValue(analyzeCollecting(nestedDefault(MAX_NESTING + 1)).goproxy!));
});

test('a deep default that is not used does not make the value unknown (A is set)', () => {
  const text = nestedDefault(3000).replace('FROM golang:1.22\n', 'FROM golang:1.22\nARG A=https://goproxy.cn,direct\n');
  assert.equal(analyzeCollecting(text).goproxy, 'https://goproxy.cn,direct');
});

test('deep nesting in RUN prefixes, go env -w, ARG and FROM: no throw, no finding about the unknown values', () => {
  const deep = '${A:-'.repeat(2000) + 'x' + '}'.repeat(2000);
  const text = [
    `ARG IMAGE=${deep}`,
    'FROM golang:${IMAGE}',
    `ARG GOFLAGS=${deep}`,
    `RUN GOPROXY=${deep} GOTOOLCHAIN=${deep} go mod download`,
    `RUN go env -w GOSUMDB=${deep} && go mod download`,
  ].join('\n');
  const { findings, failures } = analyzeCollecting(text);
  assert.deepEqual(failures, []);
  for (const f of findings) assert.ok(!/goproxy|gosumdb|goflags|toolchain/.test(f.rule), `${f.rule}: ${f.message.slice(0, 120)}`);
});

/** Heap growth (MB) while analysing `text`, the analysis kept alive as the server keeps it. */
function heapGrowth(text: string): { grown: number; findings: Finding[]; ctx: AnalysisContext } {
  const before = process.memoryUsage().heapUsed;
  const ctx = new AnalysisContext(request(text));
  const findings = analyzeContext(ctx);
  return { grown: (process.memoryUsage().heapUsed - before) / 2 ** 20, findings, ctx };
}

test('one stage setting 5,000 variables, each followed by a download: environments are shared, not copied per step', () => {
  const { grown, findings, ctx } = heapGrowth(oneLongStage(5000));
  // As full copies, 5,000 snapshots of up to 5,000 variables each are 12.5 million map entries (gigabytes).
  assert.ok(grown < 250, `heap grew ${grown.toFixed(0)} MB`);
  // Every stage value is still judged; the stage only downloads, so it is a dependency image with no cache hint.
  assert.equal(findings.filter((f) => f.rule === 'goproxy-invalid').length, 5000);
  assert.equal(findings.filter((f) => f.rule === 'mod-cache-mount').length, 0);
  const steps = ctx.dockerfile!.timeline.stages[0].goSteps;
  assert.equal(steps.length, 5000);
  assert.equal(steps[4999].env.get('V4999')?.value, 'x');
  assert.equal(steps[0].env.has('V1'), false);
});

test('a 2,000-stage FROM chain adding one variable per stage: inherited environments are shared', () => {
  const { grown, ctx } = heapGrowth(stageChain(2000, true));
  assert.ok(grown < 250, `heap grew ${grown.toFixed(0)} MB`);
  const last = ctx.dockerfile!.timeline.stages[1999];
  const b = last.goSteps[0].env.get('V1');
  assert.equal(b?.origin.kind, 'inherited');
  assert.equal(b?.origin.stageIndex, 1);
  assert.equal(last.goSteps[0].env.get('V1999')?.origin.kind, 'env');
  assert.equal(last.goSteps[0].env.size, 2000); // GOPROXY and V1…V1999
});

test('a 12 MiB Dockerfile: one information finding in each language, nothing parsed, little memory', () => {
  const text = repeatedStages(12 * 2 ** 20);
  const { grown, findings, ctx } = heapGrowth(text);
  assert.ok(grown < 100, `heap grew ${grown.toFixed(0)} MB`);
  assert.deepEqual(
    findings.map((f) => [f.rule, f.severity, f.range.start.line, f.range.end.character]),
    [['file-too-large', 'information', 0, 'FROM golang:1.22 AS s'.length]],
  );
  assert.match(findings[0].message, /^This file is too large to analyse \(12 MiB > 1 MiB\)/);
  assert.equal(ctx.dockerfile, undefined, 'hovers and lenses parse nothing either');
  const zh = analyze({ ...request(text), locale: 'zh-cn' });
  assert.match(zh[0].message, /^文件过大，无法分析（12 MiB > 1 MiB）/);
  assert.deepEqual(analyze({ ...request(text), settings: { ...DEFAULT_SETTINGS, rulesOff: ['file-too-large'] } }), []);
});

test('the limit counts UTF-8 bytes: just under it the file is analysed, just over it is not', () => {
  const under = repeatedStages(MAX_DOCUMENT_BYTES - 200);
  assert.ok(under.length <= MAX_DOCUMENT_BYTES);
  assert.ok(analyze(request(under)).filter((f) => f.rule === 'mod-cache-mount').length > 10_000);
  // Two-byte characters: fewer characters than the limit, more bytes.
  const over = under + '# ' + 'é'.repeat(150) + '\n';
  assert.ok(over.length < MAX_DOCUMENT_BYTES);
  assert.deepEqual(
    analyze(request(over)).map((f) => f.rule),
    ['file-too-large'],
  );
});
