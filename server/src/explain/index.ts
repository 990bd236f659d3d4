// "Explain a failed build": a docker build, podman or CI log in, each Go module failure out, classified (the
// analysis core's classifier), tied to its step and Dockerfile line, explained with the Go environment of that
// step and fixed with the core's fixes for that line. Pure: the caller reads the files and runs the analysis.
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import { localize, type Localized } from '../core/localize';
import { redactCredentials } from '../core/redact';
import type { AnalysisSettings, Finding, Fix, Locale, Range } from '../core/types';
import { classifyGoFailure, describeGoFailure, type GoFailure, type GoFailureKind } from '../goenv/failures';
import { readBuildLog, type BuildLog, type LogFormat, type LogStep } from './buildSteps';
import { mapStep, matchingSteps, type MappedStep } from './dockerfileSteps';
import { goMessages } from './goMessages';
import { describeEnvironment } from './stepEnvironment';
import { fixesFor } from './stepFixes';
import type { LogWrapper } from './logLines';

export { readBuildLog, type BuildLog, type LogFormat, type LogStep, type LogWrapper };

export interface ExplainOptions {
  /** The Dockerfile the log built, parsed with its timeline (the analysis core's context gives it). */
  dockerfile?: ParsedDockerfile;
  /** The analysis core's findings on that Dockerfile: their fixes are offered for the failed lines. */
  findings?: readonly Finding[];
  settings: AnalysisSettings;
  locale: Locale;
}

export interface Explanation {
  kind: GoFailureKind;
  /** What went wrong, and the Go environment at the step when the Dockerfile is known. Redacted. */
  message: string;
  cause: string;
  /** What to do, with the proposed edits named. Redacted. */
  fix: string;
  module?: string;
  host?: string;
  /** 1-based line of the log where the go message starts. */
  logLine: number;
  /** The go message as the log has it (redacted). */
  raw: string;
  /** The step as the log names it (redacted). */
  step?: string;
  /** The Dockerfile instruction of the step: its first line (0-based range) and 1-based line number. */
  location?: { uri: string; range: Range; line: number };
  /** The analysis core's fixes for that line (edits of the Dockerfile). */
  fixes: Fix[];
}

export interface ExplainedLog {
  format: LogFormat;
  wrapper?: LogWrapper;
  dockerfileName?: string;
  explanations: Explanation[];
}

const MESSAGES = {
  proposed: { en: (titles: string) => `Proposed edit: ${titles}.`, 'zh-cn': (titles: string) => `建议的修改：${titles}。` } satisfies Localized<[string]>,
  atLine: {
    en: (title: string, line: number) => `${title} (line ${line})`,
    'zh-cn': (title: string, line: number) => `${title}（第 ${line} 行）`,
  } satisfies Localized<[string, number]>,
  separator: { en: () => '; ', 'zh-cn': () => '；' },
};

/** Kinds that say nothing on their own: reported only for a step that failed, or when the log has no steps. */
function worthReporting(failure: GoFailure, step: LogStep | undefined, log: BuildLog): boolean {
  if (failure.kind !== 'other') return true;
  return step ? step.failed : log.steps.length === 0;
}

/** Failures whose fix depends on the module: one explanation per module; the others once per step and host. */
const PER_MODULE = new Set<GoFailureKind>([
  'not-found-private',
  'not-found',
  'sumdb-unreachable',
  'checksum-mismatch',
  'vcs-auth',
  'git-fetch',
  'ssh-host-key',
  'unrecognized-import-path',
  'missing-go-sum',
]);

function sameFailureKey(failure: GoFailure, step: LogStep | undefined): string {
  return [failure.kind, failure.host ?? '', step?.logLine ?? 0, PER_MODULE.has(failure.kind) ? (failure.module ?? '') : ''].join('\u0000');
}

/** A cause that quotes the go command may end without a full stop; the environment sentence follows it. */
function sentence(text: string, locale: Locale): string {
  return /[.\u3002!?\uff01\uff1f)\uff09]$/.test(text) ? text : text + (locale === 'zh-cn' ? '。' : '.');
}

function describeFixes(fixes: readonly Fix[], locale: Locale): string {
  if (fixes.length === 0) return '';
  const titles = fixes.map((f) => {
    const first = f.edits[0]?.edits[0];
    return first ? localize(locale, MESSAGES.atLine, f.title, first.range.start.line + 1) : f.title;
  });
  return (locale === 'zh-cn' ? '' : ' ') + localize(locale, MESSAGES.proposed, titles.join(localize(locale, MESSAGES.separator)));
}

/** Of several Dockerfiles, the one whose instructions the log's steps are (undefined when none has any). */
export function pickDockerfile(log: BuildLog, candidates: readonly ParsedDockerfile[]): ParsedDockerfile | undefined {
  let best: { parsed: ParsedDockerfile; score: number } | undefined;
  for (const parsed of candidates) {
    const score = matchingSteps(log.steps, parsed);
    if (score > 0 && (!best || score > best.score)) best = { parsed, score };
  }
  return best?.parsed;
}

export function explainLog(log: BuildLog, options: ExplainOptions): ExplainedLog {
  const { dockerfile, locale } = options;
  const explanations: Explanation[] = [];
  const mappedSteps = new Map<LogStep, MappedStep | undefined>();
  const seen = new Set<string>();
  for (const m of goMessages(log.lines)) {
    const failure = classifyGoFailure(m.text);
    if (!worthReporting(failure, m.step, log)) continue;
    // go reports a proxy that refuses once per module: one explanation says it.
    const key = sameFailureKey(failure, m.step);
    if (seen.has(key)) continue;
    seen.add(key);
    const { cause, fix } = describeGoFailure(failure, locale);
    let mapped: MappedStep | undefined;
    if (m.step && dockerfile) {
      if (!mappedSteps.has(m.step)) mappedSteps.set(m.step, mapStep(m.step, dockerfile));
      mapped = mappedSteps.get(m.step);
    }
    const environment = mapped && dockerfile ? describeEnvironment(dockerfile, mapped, failure.kind, locale) : undefined;
    const fixes = mapped && dockerfile ? fixesFor(dockerfile, mapped, failure, options.findings ?? [], options.settings, locale) : [];
    const start = mapped?.instruction.range.start;
    explanations.push({
      kind: failure.kind,
      message: redactCredentials(environment ? `${sentence(cause, locale)}${locale === 'zh-cn' ? '' : ' '}${environment}` : cause),
      cause: redactCredentials(cause),
      fix: redactCredentials(fix + describeFixes(fixes, locale)),
      ...(failure.module ? { module: failure.module } : {}),
      ...(failure.host ? { host: failure.host } : {}),
      logLine: m.logLine,
      raw: redactCredentials(m.text),
      ...(m.step ? { step: redactCredentials(m.step.label) } : {}),
      ...(mapped && dockerfile && start
        ? {
            location: {
              uri: dockerfile.file.uri,
              range: { start, end: { line: start.line, character: dockerfile.model.lines.lineLength(start.line) } },
              line: start.line + 1,
            },
          }
        : {}),
      fixes,
    });
  }
  return {
    format: log.format,
    ...(log.wrapper ? { wrapper: log.wrapper } : {}),
    ...(log.dockerfileName ? { dockerfileName: log.dockerfileName } : {}),
    explanations,
  };
}

/** Reads and explains a log in one call. */
export function explainBuildLog(text: string, options: ExplainOptions): ExplainedLog {
  return explainLog(readBuildLog(text), options);
}
