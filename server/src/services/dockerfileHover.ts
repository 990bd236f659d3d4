// Hovers in a Dockerfile: a Go variable (ENV/ARG key, `$VAR`, `NAME=value` on a RUN, `go env -w`) with its
// meaning, default and the value in effect there; a GOPROXY value entry by entry with fallbacks, measured
// health and the modules it serves; a pattern list with the modules it matches; a go step with its env.
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { rangeContains, type Position } from '../core/text';
import type { Range } from '../core/types';
import type { Assignment, Instruction, VariableReference } from '../syntax/dockerfileModel';
import type { EnvBinding, EnvMap, StageTimeline } from '../goenv/timelineModel';
import { variableDoc } from '../goenv/docs/variables';
import { matchesPatternList } from '../goenv/patterns';
import { HOVER_TEXT, code } from './hoverText';
import { proxyValueHover } from './proxyHover';
import { stepHover } from './stepHover';
import { onlyByBuildArg } from './origin';
import { bindingsByBuild, buildValueLines, valueAtPlace } from './buildValues';
import type { HoverResult } from './hover';
import { PATTERN_VARIABLES } from '../goenv/variables';

interface Place {
  stage?: StageTimeline;
  index: number;
  ins: Instruction;
}

function placeOf(parsed: ParsedDockerfile, p: Position): Place | undefined {
  for (const st of parsed.timeline.stages) {
    if (p.line < st.stage.range.start.line || p.line > st.stage.range.end.line) continue;
    if (rangeContains(st.stage.from.range, p)) return { stage: st, index: -1, ins: st.stage.from };
    const index = st.stage.instructions.findIndex((i) => rangeContains(i.range, p));
    if (index >= 0) return { stage: st, index, ins: st.stage.instructions[index] };
  }
  const ins = parsed.model.globalArgs.find((i) => rangeContains(i.range, p));
  return ins ? { index: -1, ins } : undefined;
}

function envBefore(place: Place): EnvMap | undefined {
  if (!place.stage || place.index < 0) return undefined;
  return place.stage.envBefore[place.index];
}

function envAfter(place: Place): EnvMap | undefined {
  if (!place.stage) return undefined;
  return place.stage.envBefore[place.index + 1] ?? place.stage.envAtEnd;
}

/** Meaning, default, accepted values and link of a Go variable, or undefined for other variables. */
export function variableDocText(ctx: AnalysisContext, name: string): string[] | undefined {
  const doc = variableDoc(name);
  if (!doc) return undefined;
  const out = [`**${name}** — ${localize(ctx.locale, doc.summary)}`];
  if (doc.typoOf) out.push(localize(ctx.locale, HOVER_TEXT.typo, doc.typoOf));
  else {
    out.push(localize(ctx.locale, HOVER_TEXT.defaultIs, localize(ctx.locale, doc.defaultValue)));
    out.push(localize(ctx.locale, doc.values));
  }
  out.push(
    [doc.since ? localize(ctx.locale, HOVER_TEXT.since, doc.since) : '', `[${localize(ctx.locale, HOVER_TEXT.docs)}](${doc.link})`].filter(Boolean).join(' · '),
  );
  return out;
}

function variableHover(ctx: AnalysisContext, name: string, valueLine: string | undefined, range: Range): HoverResult | undefined {
  const doc = variableDocText(ctx, name);
  if (!doc) return undefined;
  const [title, ...rest] = doc;
  return { contents: [title, ...(valueLine ? [valueLine] : []), ...rest].join('\n\n'), range };
}

function defaultText(ctx: AnalysisContext, name: string): string {
  const d = variableDoc(name);
  return d ? localize(ctx.locale, d.defaultValue) : '—';
}

/** A value line of a hover: one text after `label`, or the per-build list under its own heading. */
function valueLine(ctx: AnalysisContext, label: typeof HOVER_TEXT.valueSet, shown: string | string[]): string {
  return typeof shown === 'string' ? localize(ctx.locale, label, shown) : [localize(ctx.locale, HOVER_TEXT.valueByBuild), ...shown].join('\n');
}

/** A global ARG: visible in FROM lines only, with the value each build of the workspace gives it. */
function globalArgLine(ctx: AnalysisContext, parsed: ParsedDockerfile, name: string): string {
  const lines = buildValueLines(
    ctx,
    parsed,
    bindingsByBuild(ctx, undefined, (t) => t.globalArgs.get(name)),
    defaultText(ctx, name),
  );
  return [localize(ctx.locale, HOVER_TEXT.globalOnly), ...(lines ? [[localize(ctx.locale, HOVER_TEXT.valueByBuild), ...lines].join('\n')] : [])].join('\n\n');
}

function assignmentHover(
  ctx: AnalysisContext,
  parsed: ParsedDockerfile,
  place: Place,
  a: Assignment,
  p: Position,
  env: EnvMap | undefined,
): HoverResult | undefined {
  if (rangeContains(a.nameRange, p)) {
    const stage = place.stage;
    if (!stage) return variableHover(ctx, a.name, globalArgLine(ctx, parsed, a.name), a.nameRange);
    const b = env?.get(a.name);
    const declared = place.ins.kind === 'ARG' || place.ins.kind === 'ENV' ? declaredValue(ctx, parsed, place, stage, a) : undefined;
    if (declared) return variableHover(ctx, a.name, valueLine(ctx, HOVER_TEXT.valueSet, declared), a.nameRange);
    return variableHover(
      ctx,
      a.name,
      localize(ctx.locale, HOVER_TEXT.valueSet, b && b.value !== '' ? code(redactCredentials(b.value)) : localize(ctx.locale, HOVER_TEXT.empty)),
      a.nameRange,
    );
  }
  if (a.value === undefined || !rangeContains(a.valueRange, p)) return undefined;
  const value = env?.get(a.name)?.value ?? a.value;
  if (a.name === 'GOPROXY') return { contents: proxyValueHover(ctx, parsed, place.stage, value, env), range: a.valueRange };
  if (PATTERN_VARIABLES.has(a.name)) return { contents: patternHover(ctx, a.name, value), range: a.valueRange };
  return variableHover(ctx, a.name, localize(ctx.locale, HOVER_TEXT.valueSet, code(redactCredentials(value))), a.valueRange);
}

/**
 * What an ARG or ENV of a stage sets: per build when the builds pass it or differ; for an ARG, where its value comes
 * from when a build argument gives it or only one could. Undefined: the value alone says it.
 */
function declaredValue(ctx: AnalysisContext, parsed: ParsedDockerfile, place: Place, stage: StageTimeline, a: Assignment): string | string[] | undefined {
  const [si, index, isArg] = [stage.stage.index, place.index, place.ins.kind === 'ARG'];
  // An ARG: what it gives (a build argument's value, or nothing without one), even where ENV wins.
  const pick = (st: StageTimeline) => {
    const after = (st.envBefore[index + 1] ?? st.envAtEnd).get(a.name);
    return isArg ? argBinding(st, a, after) : after;
  };
  const own = pick(stage);
  const shown = valueAtPlace(
    ctx,
    parsed,
    own,
    bindingsByBuild(ctx, si, (t) => pick(t.stages[si])),
    defaultText(ctx, a.name),
  );
  if (typeof shown !== 'string') return shown;
  return isArg && own && (own.origin.buildArg || onlyByBuildArg(own)) ? shown : undefined;
}

/** The binding an ARG assignment of a stage made: the one in effect after it, or the one a build argument gave. */
function argBinding(stage: StageTimeline, a: Assignment, after: EnvBinding | undefined): EnvBinding | undefined {
  if (after?.origin.range === a.range) return after;
  return stage.givenArgs.find((g) => g.origin.range === a.range);
}

function patternHover(ctx: AnalysisContext, name: string, value: string): string {
  const matched = ctx.requiredModules.map((m) => m.require.path).filter((path) => matchesPatternList(value, path));
  const list = matched.slice(0, 12).map(code).join(', ') + (matched.length > 12 ? ` (+${matched.length - 12})` : '');
  const head = `**${name}** ${code(redactCredentials(value))}`;
  const body = ctx.goMod
    ? matched.length
      ? localize(ctx.locale, HOVER_TEXT.patternMatches, matched.length, list)
      : localize(ctx.locale, HOVER_TEXT.patternMatchesNone)
    : '';
  return [head, body, ...(variableDocText(ctx, name) ?? []).slice(1)].filter(Boolean).join('\n\n');
}

function referenceHover(ctx: AnalysisContext, parsed: ParsedDockerfile, place: Place, ref: VariableReference): HoverResult | undefined {
  const stage = place.stage;
  if (place.ins.kind === 'FROM' || !stage) {
    // FROM lines see the global ARGs only: those of every build, or of the builds that run this stage.
    const lines = buildValueLines(
      ctx,
      parsed,
      bindingsByBuild(ctx, stage?.stage.index, (t) => t.globalArgs.get(ref.name)),
      defaultText(ctx, ref.name),
    );
    const g = parsed.timeline.globalArgs.get(ref.name);
    const shown = lines ?? (g && g.value !== '' ? code(redactCredentials(g.value)) : localize(ctx.locale, HOVER_TEXT.empty));
    return variableHover(ctx, ref.name, valueLine(ctx, HOVER_TEXT.valueHere, shown), ref.range);
  }
  const [si, index] = [stage.stage.index, place.index];
  const builds = bindingsByBuild(ctx, si, (t) => t.stages[si].envBefore[index]?.get(ref.name));
  const shown = valueAtPlace(ctx, parsed, envBefore(place)?.get(ref.name), builds, defaultText(ctx, ref.name));
  return variableHover(ctx, ref.name, valueLine(ctx, HOVER_TEXT.valueHere, shown), ref.range);
}

export function dockerfileHover(ctx: AnalysisContext, p: Position): HoverResult | undefined {
  const parsed = ctx.dockerfile;
  if (!parsed) return undefined;
  const place = placeOf(parsed, p);
  if (!place) return undefined;
  const ins = place.ins;
  if (ins.kind === 'ENV' || ins.kind === 'ARG') {
    const list = ins.kind === 'ENV' ? ins.vars : ins.args;
    for (const a of list) {
      for (const ref of a.references) if (rangeContains(ref.range, p)) return referenceHover(ctx, parsed, place, ref);
      const h = assignmentHover(ctx, parsed, place, a, p, place.stage ? envAfter(place) : parsed.timeline.globalArgs);
      if (h) return h;
    }
    return undefined;
  }
  for (const ref of ins.references) if (rangeContains(ref.range, p)) return referenceHover(ctx, parsed, place, ref);
  if (ins.kind !== 'RUN' || !place.stage) return undefined;
  for (const w of place.stage.goEnvWrites) {
    if (w.instruction !== ins || !rangeContains(w.range, p)) continue;
    if (w.name === 'GOPROXY' && rangeContains(w.valueRange, p))
      return { contents: proxyValueHover(ctx, parsed, place.stage, w.value, envBefore(place)), range: w.valueRange };
    return variableHover(ctx, w.name, localize(ctx.locale, HOVER_TEXT.valueSet, code(redactCredentials(w.value))), w.range);
  }
  for (const step of place.stage.goSteps.filter((s) => s.instruction === ins)) {
    for (const a of step.command.prefixAssignments) {
      const h = assignmentHover(ctx, parsed, place, a, p, step.env);
      if (h) return h;
    }
    if (rangeContains(step.range, p)) return stepHover(ctx, parsed, step);
  }
  for (const cmd of ins.commands) {
    for (const a of cmd.prefixAssignments) {
      if (rangeContains(a.nameRange, p))
        return variableHover(ctx, a.name, localize(ctx.locale, HOVER_TEXT.valueSet, code(redactCredentials(a.value ?? ''))), a.nameRange);
    }
  }
  return undefined;
}
