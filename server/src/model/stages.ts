// Stages as the rules and hovers name and walk them: the label a message gives a stage, the stages it builds on,
// and facts that pass from a stage to the stages built on it.
import type { ParsedDockerfile } from './parsedDockerfile';
import type { StageTimeline } from '../goenv/timelineModel';
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
