// Whether module mode is already the go command's default in a stage: Go 1.16 made an unset GO111MODULE mean `on`.
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import { imageGoVersion } from '../../model/image';

/**
 * True when the stage's Go is 1.16 or later: the image's tag says so, or, for an image we cannot date, go.mod's
 * `go 1.N.P` line needs Go 1.21 to be read at all. An image older than Go 1.16 (or one we cannot date otherwise)
 * may still need `GO111MODULE=on`.
 */
export function moduleModeByDefault(parsed: ParsedDockerfile, ctx: AnalysisContext, stageIndex: number): boolean {
  const stage = parsed.timeline.stages[stageIndex];
  const version = stage ? imageGoVersion(parsed, stage.stage.index) : undefined;
  if (version) return version.major > 1 || version.minor >= 16;
  return /^\d+\.\d+\.\d+/.test(ctx.goMod?.go?.version ?? '');
}
