// Stages as the rules and hovers name and walk them: the label a message gives a stage, the stages it builds on,
// and facts that pass from a stage to the stages built on it.
import type { ParsedDockerfile } from './parsedDockerfile';
import type { DockerfileTimeline, StageTimeline } from '../goenv/timelineModel';
import { timelineChange } from '../goenv/timeline';
import type { Stage } from '../syntax/dockerfileModel';

/** How a stage is named in messages: its `AS` name, else its index (Docker accepts both in FROM/--from). */
export function stageLabel(stage: Stage): string {
  return stage.name ?? String(stage.index);
}

/** Stages this stage builds on (FROM <stage>), nearest first. */
export function ancestry(parsed: ParsedDockerfile, stageIndex: number): number[] {
  const stages = parsed.timeline.stages;
  const out: number[] = [];
  // A stage can only build on an earlier one: indexes strictly decrease, so the walk ends without a visited set.
  let last = stageIndex;
  let cur = stages[stageIndex]?.baseStageIndex;
  while (cur !== undefined && cur < last) {
    out.push(cur);
    last = cur;
    cur = stages[cur]?.baseStageIndex;
  }
  return out;
}

/**
 * A fact about every stage that may depend on the same fact about the stage it builds on, computed in one pass in
 * stage order (a base stage always comes first) and kept per parse: rules that ask it of every stage stay linear
 * in the length of FROM <stage> chains instead of walking each chain again.
 */
export function stageFacts<T>(parsed: ParsedDockerfile, cache: WeakMap<ParsedDockerfile, T[]>, compute: (stage: StageTimeline, base: T | undefined) => T): T[] {
  let facts = cache.get(parsed);
  if (facts) return facts;
  facts = [];
  for (const st of parsed.timeline.stages) {
    const b = st.baseStageIndex;
    facts.push(compute(st, b !== undefined && b < facts.length ? facts[b] : undefined));
  }
  cache.set(parsed, facts);
  return facts;
}

/**
 * A stage fact whose computation reads only the stage's timeline and its base's fact, kept per timeline. A timeline
 * built from an earlier one (buildTimeline reuses every stage an edit leaves unchanged) takes the earlier facts over
 * by index, so a keystroke works out the facts of the stages it touched only.
 */
export interface LocalStageFacts<T> {
  byTimeline: WeakMap<DockerfileTimeline, T[]>;
}

export function localStageFacts<T>(): LocalStageFacts<T> {
  return { byTimeline: new WeakMap() };
}

/** Values of the extra input kept at once (a workspace has a module folder per service): past it, all start again. */
const MAX_FACT_KEYS = 256;

/**
 * LocalStageFacts kept apart per value of one more input the computation reads (the locale of a message, the
 * module's folder), each value with its own caches.
 */
export function localStageFactsBy<T>(): (key: string) => LocalStageFacts<T> {
  const byKey = new Map<string, LocalStageFacts<T>>();
  return (key) => {
    let cache = byKey.get(key);
    if (!cache) {
      if (byKey.size >= MAX_FACT_KEYS) byKey.clear();
      byKey.set(key, (cache = localStageFacts<T>()));
    }
    return cache;
  };
}

/** stageFacts for a fact of the stage alone (see LocalStageFacts): `compute` must read nothing else. */
export function stageLocalFacts<T>(
  parsed: Pick<ParsedDockerfile, 'timeline'>,
  cache: LocalStageFacts<T>,
  compute: (stage: StageTimeline, base: T | undefined) => T,
): T[] {
  // Asked once per go step or instruction: the facts of this parse are usually there already. The computation is a
  // function apart so that a call that finds them allocates nothing (its closure's context would be made on entry).
  return cache.byTimeline.get(parsed.timeline) ?? computeLocalFacts(parsed.timeline, cache, compute);
}

function computeLocalFacts<T>(timeline: DockerfileTimeline, cache: LocalStageFacts<T>, compute: (stage: StageTimeline, base: T | undefined) => T): T[] {
  // Built from a timeline whose facts are known: the stages it took over keep theirs by index (their bases were
  // taken over too, so their bases' facts are the same), and only the stages rebuilt are looked at. Else (a first
  // analysis, or facts not asked of the timeline before) every stage is.
  const change = timelineChange(timeline);
  const before = change && cache.byTimeline.get(change.previous);
  const stages = timeline.stages;
  let facts: T[];
  const baseFact = (st: StageTimeline, i: number) => {
    const b = st.baseStageIndex;
    return b !== undefined && b < i ? facts[b] : undefined;
  };
  if (before) {
    facts = before.slice(0, stages.length);
    for (const i of change.rebuilt) facts[i] = compute(stages[i], baseFact(stages[i], i));
  } else {
    facts = new Array<T>(stages.length);
    for (let i = 0; i < stages.length; i++) facts[i] = compute(stages[i], baseFact(stages[i], i));
  }
  cache.byTimeline.set(timeline, facts);
  return facts;
}

/** Per stage, an object that stays the same while the stage and every stage built on it (FROM <stage>) do. */
interface SubtreeTokens {
  tokens: object[];
  /** How many stages build on each stage directly. */
  children: Int32Array;
}

const subtrees = new WeakMap<DockerfileTimeline, SubtreeTokens>();

/**
 * For each stage, an identity of it and the stages built on it, directly or through others: the same object as in the
 * timeline this one was built from while none of them was rebuilt and none was added or taken away. Worked out in
 * one pass from the last stage up (a stage builds on earlier ones only), without listing a chain's stages for each of
 * its stages.
 */
export function subtreeTokens(parsed: ParsedDockerfile): readonly object[] {
  const timeline = parsed.timeline;
  const known = subtrees.get(timeline);
  if (known) return known.tokens;
  const change = timelineChange(timeline);
  const before = change && subtrees.get(change.previous);
  const stages = timeline.stages;
  const tokens: object[] = new Array<object>(stages.length);
  const children = new Int32Array(stages.length);
  // A stage some stage built on it has a new token for.
  const changed = new Uint8Array(stages.length);
  for (let i = stages.length - 1; i >= 0; i--) {
    const st = stages[i];
    const same = !!before && change!.previous.stages[i] === st && !changed[i] && before.children[i] === children[i];
    tokens[i] = same ? before.tokens[i] : {};
    const b = st.baseStageIndex;
    if (b !== undefined && b < i) {
      children[b]++;
      if (!same) changed[b] = 1;
    }
  }
  subtrees.set(timeline, { tokens, children });
  return tokens;
}
