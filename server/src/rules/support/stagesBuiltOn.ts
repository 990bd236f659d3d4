// The stages built on each stage (FROM <stage>, at any depth). A value a stage sets reaches the go steps of those
// stages too: a judgement of the stage's values that asks which steps read them reads those stages, and names them
// as its stageReads (see judgeStages) by the stage's subtree token (model/stages.ts).
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { StageTimeline } from '../../goenv/timelineModel';
import { localStageFacts, stageLocalFacts, subtreeTokens } from '../../model/stages';
import type { StageReads } from './stageReports';

/** A fact of a stage's own, of every stage of a parse by index (see stageLocalFacts). */
export type OwnStageFacts<T> = (parsed: ParsedDockerfile) => readonly T[];

/**
 * A fact of a stage's own (say, whether it sets a value the judgement looks further for), kept per stage:
 * judgeStages asks stageReads of every stage every analysis, and the stages an edit left alone keep their facts.
 * `compute` reads the stage alone.
 */
export function perStage<T>(compute: (parsed: ParsedDockerfile, st: StageTimeline) => T): OwnStageFacts<T> {
  const facts = localStageFacts<T>();
  return (parsed) => stageLocalFacts(parsed, facts, (st) => compute(parsed, st));
}

const NONE: readonly unknown[] = [];

/**
 * The stageReads of a judgement that looks at the stages built on a stage, for the stages `reads` says it does
 * (a fact of the stage alone: a stage with no value to judge reads nothing of the others).
 */
export function builtOnReads(parsed: ParsedDockerfile, reads: OwnStageFacts<boolean>): StageReads {
  const own = reads(parsed);
  const subtree = subtreeTokens(parsed);
  return (_st, i) => (own[i] ? [subtree[i]] : NONE);
}
