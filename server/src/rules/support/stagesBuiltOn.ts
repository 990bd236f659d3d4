// The stages built on each stage (FROM <stage>, at any depth). A value a stage sets reaches the go steps of those
// stages too: a judgement of the stage's values that asks which steps read them reads those stages, and names them
// as its stageReads (see judgeStages).
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { DockerfileTimeline, StageTimeline } from '../../goenv/timelineModel';
import type { StageReads } from './stageReports';

/**
 * The stages built on a stage, as one object: the stages built on it directly (their timelines) and theirs in turn.
 * The object is kept while all of them keep their timelines, so comparing it tells whether any of them changed
 * without a look at each (a chain of a thousand stages would make that a million looks per analysis).
 */
interface BuiltOn {
  children: readonly StageTimeline[];
  below: readonly BuiltOn[];
}

/** The BuiltOn last made for a stage timeline: taken again while its stages are the same. */
const lastBuiltOn = new WeakMap<StageTimeline, BuiltOn>();
const builtOnCache = new WeakMap<DockerfileTimeline, BuiltOn[]>();

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

/** Per stage index, the stages built on it, worked out from the last stage back (a stage builds on earlier ones only). */
function builtOnEach(timeline: DockerfileTimeline): readonly BuiltOn[] {
  let out = builtOnCache.get(timeline);
  if (out) return out;
  const stages = timeline.stages;
  const children: number[][] = stages.map(() => []);
  stages.forEach((st, j) => {
    const b = st.baseStageIndex;
    if (b !== undefined && b < j) children[b].push(j);
  });
  const made = new Array<BuiltOn>(stages.length);
  for (let i = stages.length - 1; i >= 0; i--) {
    const built = { children: children[i].map((j) => stages[j]), below: children[i].map((j) => made[j]) };
    const before = lastBuiltOn.get(stages[i]);
    made[i] = before && sameItems(before.children, built.children) && sameItems(before.below, built.below) ? before : built;
    lastBuiltOn.set(stages[i], made[i]);
  }
  builtOnCache.set(timeline, (out = made));
  return out;
}

/**
 * A fact of a stage's own (say, whether it sets a value the judgement looks further for), kept per stage timeline:
 * judgeStages asks stageReads of every stage every analysis, and the stages an edit left alone keep their timelines.
 */
export function perStage<T>(compute: (parsed: ParsedDockerfile, st: StageTimeline) => T): (parsed: ParsedDockerfile, st: StageTimeline) => T {
  const kept = new WeakMap<StageTimeline, { value: T }>();
  return (parsed, st) => {
    let fact = kept.get(st);
    if (!fact) kept.set(st, (fact = { value: compute(parsed, st) }));
    return fact.value;
  };
}

const NONE: readonly unknown[] = [];

/**
 * The stageReads of a judgement that looks at the stages built on a stage, for the stages `reads` says it does
 * (a function of the stage alone: a stage with no value to judge reads nothing of the others).
 */
export function builtOnReads(parsed: ParsedDockerfile, reads: (parsed: ParsedDockerfile, st: StageTimeline) => boolean): StageReads {
  return (st, i) => (reads(parsed, st) ? [builtOnEach(parsed.timeline)[i]] : NONE);
}
