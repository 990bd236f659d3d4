// Where the value of a variable in effect came from, in words ("set by ENV on line 3").
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import type { EnvBinding } from '../goenv/timelineModel';
import { HOVER_TEXT, code } from './hoverText';
import { buildArgPhrase } from '../core/buildArgText';
import { isUnknownValue } from '../syntax/dockerWords';
import { onlyByBuildArg } from '../model/givenValues';
import { stageLabel } from '../model/stages';

export { onlyByBuildArg };

/**
 * @param builds for an ARG only `--build-arg` sets: the builds of the workspace that run it (none of which passes
 * it), listed; absent when nothing in the workspace builds the Dockerfile.
 */
export function originText(ctx: AnalysisContext, parsed: ParsedDockerfile, b: EnvBinding | undefined, defaultText: string, builds?: string): string {
  const line = (b?.origin.range?.start.line ?? 0) + 1;
  if (b && onlyByBuildArg(b))
    return builds
      ? localize(ctx.locale, HOVER_TEXT.onlyBuildArgBuilds, line, builds, defaultText)
      : localize(ctx.locale, HOVER_TEXT.onlyBuildArg, line, defaultText);
  const given = b?.origin.buildArg;
  if (b && given) {
    const shown = isUnknownValue(b.value) ? localize(ctx.locale, HOVER_TEXT.unknownValue) : code(redactCredentials(b.value));
    return `${shown} — ${localize(ctx.locale, HOVER_TEXT.fromBuildArg, buildArgPhrase(ctx.locale, b.name, given), line)}`;
  }
  if (!b || b.value === '') return localize(ctx.locale, HOVER_TEXT.notSet, defaultText);
  const value = isUnknownValue(b.value) ? localize(ctx.locale, HOVER_TEXT.unknownValue) : code(redactCredentials(b.value));
  switch (b.origin.kind) {
    case 'env':
      return `${value} — ${localize(ctx.locale, HOVER_TEXT.fromEnv, line)}`;
    case 'arg':
      return `${value} — ${localize(ctx.locale, HOVER_TEXT.fromArg, line)}`;
    case 'inherited': {
      const st = parsed.model.stages[b.origin.stageIndex ?? -1];
      return `${value} — ${localize(ctx.locale, HOVER_TEXT.fromInherited, st ? stageLabel(st) : String(b.origin.stageIndex ?? '?'), line)}`;
    }
    case 'go-env-w':
      return `${value} — ${localize(ctx.locale, HOVER_TEXT.fromGoEnvW, line)}`;
    case 'prefix':
      return `${value} — ${localize(ctx.locale, HOVER_TEXT.fromPrefix)}`;
    default:
      return localize(ctx.locale, HOVER_TEXT.notSet, defaultText);
  }
}
