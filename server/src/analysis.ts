// The one entry point of the analysis core: text (and the files it depends on) in, findings out.
import { AnalysisContext } from './model/context';
import { documentBytes, isTooLarge, MAX_DOCUMENT_BYTES } from './core/limits';
import { localize } from './core/localize';
import { LineIndex, sameRange } from './core/text';
import type { AnalysisRequest } from './core/request';
import type { Report, Rule } from './rules/rule';
import type { Finding, Fix, Locale, Range, RuleId, Severity } from './core/types';
import { ALL_RULES } from './rules';
import { fileTooLarge, TOO_LARGE } from './rules/file';
import { givenValueNote, givenValueSite, givenValueSites, type GivenSite } from './model/givenValues';
import type { BuildRun } from './model/buildRuns';
import type { WrittenAt } from './core/buildArgs';
import { builtStages } from './model/builtStages';
import type { DockerfileModel } from './syntax/dockerfileModel';
import { withBuildArgsOf } from './core/buildArgText';

export type { AnalysisRequest } from './core/request';
export { MAX_DOCUMENT_BYTES } from './core/limits';

function effectiveSeverity(rule: Rule, req: AnalysisRequest, reported?: Severity): Severity | 'off' {
  if (req.settings.rulesOff.includes(rule.id)) return 'off';
  return req.settings.severity[rule.id] ?? reported ?? rule.defaultSeverity;
}

/**
 * Clamps a range into the document so that every published range lies inside it. A range inside it already (all
 * but a broken rule's) is returned as it is: a large Dockerfile reports hundreds on every keystroke.
 */
export function clampRange(range: Range, lines: LineIndex): Range {
  const clampPos = (p: Range['start']) => {
    const line = Math.max(0, Math.min(p.line, lines.lineCount - 1));
    const character = Math.max(0, Math.min(p.character, lines.lineLength(line)));
    return line === p.line && character === p.character ? p : { line, character };
  };
  const start = clampPos(range.start);
  let end = clampPos(range.end);
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) end = start;
  return start === range.start && end === range.end ? range : { start, end };
}

export function analyze(req: AnalysisRequest, rules: readonly Rule[] = ALL_RULES): Finding[] {
  return analyzeContext(new AnalysisContext(req), rules);
}

/** Runs the rules on a context; the context keeps its parses for hovers and completions afterwards. */
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1).replace(/\.0$/, '');

/** The one finding for a document over MAX_DOCUMENT_BYTES, on its first line (none when the rule is off). */
function tooLarge(req: AnalysisRequest): Finding[] {
  const rule = fileTooLarge.id;
  const severity = req.settings.rulesOff.includes(rule) ? 'off' : (req.settings.severity[rule] ?? fileTooLarge.defaultSeverity);
  if (severity === 'off') return [];
  const text = req.file.text;
  const firstLine = /^[^\r\n]*/.exec(text.slice(0, 4096))![0].length;
  const message = localize(req.locale, TOO_LARGE, mib(documentBytes(text)), mib(MAX_DOCUMENT_BYTES));
  return [{ rule, severity, uri: req.file.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine } }, message, fixes: [] }];
}

/**
 * Runs the rules. A Dockerfile the workspace builds several ways is analysed once per distinct set of build
 * arguments (buildRuns), on the same parse; a finding of only some of the runs names the builds it comes from.
 */
export function analyzeContext(ctx: AnalysisContext, rules: readonly Rule[] = ALL_RULES): Finding[] {
  const req = ctx.req;
  // Past the limit nothing is parsed: the context answers no Dockerfile and no go.mod for it either (context.ts).
  if (isTooLarge(req.file.text)) return tooLarge(req);
  const runs = ctx.buildRuns;
  if (runs.length === 0) {
    const findings: Finding[] = [];
    runRules(ctx, rules, (finding) => void findings.push(finding));
    return byPosition(findings);
  }
  const found = runs.map((run) => {
    const list: RunFinding[] = [];
    runRules(ctx.withBuildArgs(run.args), rules, (finding, labels, stage) => void list.push({ finding, labels, stage }), run);
    return list;
  });
  return byPosition(found.length === 1 ? found[0].map((f) => f.finding) : mergeRuns(found, req.locale, runsBuilding(ctx.dockerfile!.model, runs)));
}

/** A finding of one run, with the builds it names if it turns out not to be found in every run. */
interface RunFinding {
  finding: Finding;
  labels: readonly string[];
  /** The Dockerfile stage it is in, if any. */
  stage?: number;
}

const byPosition = (findings: Finding[]) =>
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);

/** Where runRules puts each finding, with the builds it names and the stage it is in (both only for a run). */
type FindingSink = (finding: Finding, labels: readonly string[], stage?: number) => void;

function runRules(ctx: AnalysisContext, rules: readonly Rule[], add: FindingSink, run?: BuildRun): void {
  const req = ctx.req;
  const runLabels = run?.invocations.map((i) => i.label) ?? [];
  const model = run && req.kind === 'dockerfile' ? ctx.dockerfile?.model : undefined;
  // The Dockerfile's parse has the line table already; other documents get one when a finding needs it.
  let lines: LineIndex | undefined;
  const documentLines = () => (lines ??= (req.kind === 'dockerfile' ? ctx.dockerfile?.model.lines : undefined) ?? new LineIndex(req.file.text));
  // The ARG and a value passed on from it (`ENV GOPROXY=$GOPROXY`) are one value: reported once, where it is written.
  const noted = new Set<string>();
  const firstReport = (rule: RuleId, at: unknown, message: string) => {
    const key = JSON.stringify([rule, at, message]);
    return !noted.has(key) && !!noted.add(key);
  };
  const reportedAt = new Map<string, Finding>();
  // Only an ARG a build argument sets can be the site of a report: with none, no report needs looking up.
  const anyGivenSite = req.kind === 'dockerfile' && givenValueSites(ctx).length > 0;
  for (const rule of rules) {
    if (!rule.appliesTo.includes(req.kind)) continue;
    if (effectiveSeverity(rule, req) === 'off') continue;
    // effectiveSeverity of each report, with the settings read once per rule: a large Dockerfile reports hundreds.
    const setting = req.settings.severity[rule.id];
    const givenSiteOf = anyGivenSite && !rule.aboutPlacement ? (uri: string, range: Range) => givenValueSite(ctx, uri, range) : () => undefined;
    try {
      rule.check(ctx, (r, keptReport) => {
        const severity = setting ?? r.severity ?? rule.defaultSeverity;
        if (severity === 'off') return;
        const uri = r.uri ?? req.file.uri;
        const range = uri === req.file.uri ? clampRange(r.range, documentLines()) : r.range;
        const site = givenSiteOf(uri, range);
        // A value a build argument gives is not in this file: reported where it is written, with the fixes that rewrite
        // it there, else its message says where it comes from; either way nothing in the Dockerfile is changed for it.
        const places = site && writtenPlaces(site, run);
        if (places && places.length > 0) {
          const rewrites = rewritesAt(site!.given.at!, r.fixes, rule.id);
          for (const place of places) {
            const fixes = rewrites.flatMap((fix) => movedTo(fix, site!.given.at!, place.at));
            const key = JSON.stringify([rule.id, place.at, r.message]);
            const earlier = reportedAt.get(key);
            // The ARG and a value passed on from it are one value: the report with the fixes counts.
            if (earlier && earlier.fixes.length === 0) earlier.fixes = fixes;
            if (!firstReport(rule.id, place.at, r.message)) continue;
            const finding = findingOf(r, rule.id, severity, place.at.uri, place.at.range, r.message, fixes);
            reportedAt.set(key, finding);
            add(finding, place.labels);
          }
          return;
        }
        const note = site && givenValueNote(ctx, site);
        const fixes = note ? [] : (r.fixes ?? []);
        const message = note ? `${r.message}${req.locale === 'zh-cn' ? '' : ' '}${note}` : r.message;
        const at = site ? site.declared : range;
        if (site && !firstReport(rule.id, at, message)) return;
        // A kept report given again (judgeStages), as it was then: its finding of then.
        const slot = site || run ? undefined : keptReport;
        const kept = slot?.finding;
        const finding =
          kept && kept.severity === severity && kept.uri === uri && kept.range === at ? kept : findingOf(r, rule.id, severity, uri, at, message, fixes);
        if (slot) slot.finding = finding;
        const stage = model && uri === req.file.uri ? stageAt(model, at) : undefined;
        // A finding in a stage is the finding of the builds that run that stage.
        const labels = stage === undefined ? runLabels : run!.invocations.filter((i) => builtStages(model!, i.target).has(stage)).map((i) => i.label);
        add(finding, labels, stage);
      });
    } catch (err) {
      // A rule bug must never take the server down; it shows up in tests and in the server log instead.
      reportRuleFailure(rule.id, err);
    }
  }
}

/** The stage of the Dockerfile a range starts in (undefined before the first FROM). */
function stageAt(model: DockerfileModel, range: Range): number | undefined {
  const line = range.start.line;
  return model.stages.find((s) => s.range.start.line <= line && line <= s.range.end.line)?.index;
}

/** Per stage, the runs (by index) one of whose builds runs it: BuildKit builds the target and what it needs only. */
function runsBuilding(model: DockerfileModel, runs: readonly BuildRun[]): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  runs.forEach((run, r) => {
    for (const inv of run.invocations) for (const i of builtStages(model, inv.target)) (out.get(i) ?? out.set(i, new Set()).get(i)!).add(r);
  });
  return out;
}

/**
 * Where the value of a build argument is written, with the builds that write it there: one run stands for every
 * invocation passing the same values, each of which may write them in its own place.
 */
/** Of a rule's fixes for a build argument's value, those that only rewrite it where `at` writes it (see valueEdit). */
function rewritesAt(at: WrittenAt, fixes: Report['fixes'], rule: RuleId): Fix[] {
  let all: Fix[];
  try {
    all = (typeof fixes === 'function' ? fixes() : fixes) ?? [];
  } catch (err) {
    reportRuleFailure(rule, err);
    return [];
  }
  return all.filter((fix) => fix.edits.length > 0 && fix.edits.every((de) => de.uri === at.uri && de.edits.every((e) => sameRange(e.range, at.range))));
}

/** A fix rewriting the value at `from`, applied to another place that writes the same value the same way. */
function movedTo(fix: Fix, from: WrittenAt, to: WrittenAt): Fix[] {
  if (to.uri === from.uri && sameRange(to.range, from.range)) return [fix];
  if (to.verbatim !== from.verbatim) return [];
  return [{ ...fix, edits: [{ uri: to.uri, edits: fix.edits.flatMap((de) => de.edits.map((e) => ({ ...e, range: to.range }))) }] }];
}

function writtenPlaces(site: GivenSite, run: BuildRun | undefined): { at: WrittenAt; labels: string[] }[] {
  if (!site.given.at) return [];
  if (!run) return [{ at: site.given.at, labels: [] }];
  const places = new Map<string, { at: WrittenAt; labels: string[] }>();
  for (const inv of run.invocations) {
    const at = Object.prototype.hasOwnProperty.call(inv.args, site.name) ? inv.args[site.name].at : undefined;
    if (!at) continue;
    const key = JSON.stringify([at.uri, at.range]);
    const place = places.get(key) ?? places.set(key, { at, labels: [] }).get(key)!;
    place.labels.push(inv.label);
  }
  return [...places.values()];
}

/**
 * One finding per rule, place and message; one not found in every run names the builds of the runs that found it.
 * A finding in a stage is judged by the runs that build that stage: dropped when none of them finds it (only builds
 * that never run the stage do), unlabelled when all of them do or when no build runs the stage.
 */
function mergeRuns(runs: RunFinding[][], locale: Locale, building: ReadonlyMap<number, ReadonlySet<number>>): Finding[] {
  const merged = new Map<string, { finding: Finding; labels: Set<string>; runs: Set<number>; stage?: number }>();
  runs.forEach((found, i) => {
    for (const { finding, labels, stage } of found) {
      const key = JSON.stringify([finding.rule, finding.uri, finding.range, finding.message, finding.severity]);
      const entry = merged.get(key) ?? merged.set(key, { finding, labels: new Set(), runs: new Set(), stage }).get(key)!;
      entry.runs.add(i);
      for (const l of labels) entry.labels.add(l);
    }
  });
  return [...merged.values()].flatMap(({ finding, labels, runs: seen, stage }) => {
    const builders = stage === undefined ? undefined : building.get(stage);
    const judged = builders ? [...seen].filter((r) => builders.has(r)).length : seen.size;
    if (judged === 0) return [];
    if (judged < (builders?.size ?? runs.length) && labels.size > 0) finding.message += withBuildArgsOf(locale, [...labels]);
    return [finding];
  });
}

/** A part of a report that findingOf does not copy: one added to Report fails to compile there until it is. */
type Uncopied = Exclude<keyof Report, 'range' | 'message' | 'related' | 'tags' | 'uri' | 'fixes' | 'severity'>;

/**
 * The finding of a report. Fixes given as a function are worked out on first read and kept; a throwing fix builder
 * yields no fixes (and is reported). An object literal's accessor, not one defined on the object afterwards: that
 * would turn every such finding into a slow dictionary object, and a large Dockerfile makes hundreds of them on every
 * keystroke.
 */
function findingOf(
  r: Report & Record<Uncopied, never>,
  rule: RuleId,
  severity: Severity,
  uri: string,
  range: Range,
  message: string,
  fixes: Finding['fixes'] | (() => Finding['fixes']),
): Finding {
  let finding: Finding;
  if (typeof fixes === 'function') {
    let value: Finding['fixes'] | undefined;
    finding = {
      rule,
      severity,
      uri,
      range,
      message,
      get fixes() {
        if (value === undefined) {
          try {
            value = fixes();
          } catch (err) {
            reportRuleFailure(rule, err);
            value = [];
          }
        }
        return value;
      },
    };
  } else finding = { rule, severity, uri, range, message, fixes };
  if (r.related) finding.related = r.related;
  if (r.tags) finding.tags = r.tags;
  return finding;
}

type FailureListener = (rule: RuleId, err: unknown) => void;
let failureListener: FailureListener | undefined;

export function onRuleFailure(listener: FailureListener | undefined): void {
  failureListener = listener;
}

function reportRuleFailure(rule: RuleId, err: unknown): void {
  failureListener?.(rule, err);
}
