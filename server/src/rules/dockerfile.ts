// dockerfile-syntax: a file BuildKit's frontend rejects, so the build fails before any step runs (its own words are
// quoted). dockerfile-swallowed-instruction: a line continuation that makes the next instruction line part of the
// instruction before it, so that instruction never runs as one.
import { defineRule } from './rule';
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { Fix, Range } from '../core/types';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { backtick as c } from '../core/text';
import { buildKitErrors, type BuildKitError } from '../syntax/buildkitErrors';
import { swallowedLines, type SwallowedLine } from '../syntax/continuations';
import { builtStages } from '../model/builtStages';
import type { DockerfileModel } from '../syntax/dockerfileModel';

const MESSAGES = {
  rejected: {
    en: (words: string) => `Docker rejects this file, so the build fails before any step runs: ${c(words)}.`,
    'zh-cn': (words: string) => `Docker 拒绝这个文件，构建在任何步骤运行之前就会失败：${c(words)}。`,
  } satisfies Localized<[string]>,
  joined: {
    en: (esc: string, prev: number, line: number, text: string, keyword: string) =>
      ` Line ${prev} ends with ${c(esc)}, so line ${line} (${c(text)}) is part of this ${keyword}.`,
    'zh-cn': (esc: string, prev: number, line: number, text: string, keyword: string) =>
      `第 ${prev} 行以 ${c(esc)} 结尾，所以第 ${line} 行（${c(text)}）成了这条 ${keyword} 的一部分。`,
  } satisfies Localized<[string, number, number, string, string]>,
  swallowed: {
    en: (esc: string, prev: number, line: number, text: string, keyword: string, own: string) =>
      `Line ${prev} ends with ${c(esc)}, so line ${line} (${c(text)}) is not an instruction: Docker joins it to this ${keyword} as more of its arguments, and it never runs as a ${own} of its own. Remove the ${c(esc)} at the end of line ${prev}.`,
    'zh-cn': (esc: string, prev: number, line: number, text: string, keyword: string, own: string) =>
      `第 ${prev} 行以 ${c(esc)} 结尾，所以第 ${line} 行（${c(text)}）不是一条指令：Docker 把它接到这条 ${keyword} 后面当作参数，它永远不会作为独立的 ${own} 运行。请删除第 ${prev} 行末尾的 ${c(esc)}。`,
  } satisfies Localized<[string, number, number, string, string, string]>,
  change: {
    en: (to: string) => `Change to ${to}`,
    'zh-cn': (to: string) => `改为 ${to}`,
  } satisfies Localized<[string]>,
  removeEscape: {
    en: (esc: string, line: number) => `Remove the ${esc} at the end of line ${line}`,
    'zh-cn': (esc: string, line: number) => `删除第 ${line} 行末尾的 ${esc}`,
  } satisfies Localized<[string, number]>,
};

function errorsOf(ctx: AnalysisContext, parsed: ParsedDockerfile): BuildKitError[] {
  return ctx.memo('buildKitErrors', () => buildKitErrors(parsed.model));
}

function swallowedOf(ctx: AnalysisContext, parsed: ParsedDockerfile): SwallowedLine[] {
  return ctx.memo('swallowedLines', () => swallowedLines(parsed.model));
}

/** A line shown in a message: trimmed to a readable length, credentials hidden. */
function shown(text: string): string {
  const t = redactCredentials(text);
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

function removeEscapeFix(ctx: AnalysisContext, s: SwallowedLine, preferred: boolean): Fix {
  const line = s.escapeRange.start.line;
  const text = ctx.dockerfile!.model.lines.line(line);
  const before = text.slice(0, s.escapeRange.start.character).replace(/[ \t]+$/, '');
  const range: Range = { start: { line, character: before.length }, end: { line, character: text.length } };
  return {
    title: localize(ctx.locale, MESSAGES.removeEscape, ctx.dockerfile!.model.escapeChar, line + 1),
    preferred,
    edits: [{ uri: ctx.uri, edits: [{ range, newText: '' }] }],
  };
}

/** Errors of the kinds a swallowed line causes in the instruction that swallows it (ENV words, FROM words). */
function causedBySwallow(e: BuildKitError, swallowed: SwallowedLine[]): SwallowedLine | undefined {
  if (e.kind !== 'env-word' && e.kind !== 'from-words') return undefined;
  return swallowed.find((s) => s.instruction === e.instruction && s.line <= e.range.end.line);
}

/** The stages the builds of the file run (those of each invocation's target; the last stage's without any). */
function stagesBuilt(ctx: AnalysisContext, model: DockerfileModel): ReadonlySet<number> {
  const invocations = ctx.req.related.invocations ?? [];
  return invocations.length === 0 ? builtStages(model) : new Set(invocations.flatMap((inv) => [...builtStages(model, inv.target)]));
}

export const dockerfileSyntax = defineRule({
  id: 'dockerfile-syntax',
  family: 'dockerfile',
  severity: 'error',
  title: { en: 'Docker rejects the Dockerfile: the build fails before any step runs', 'zh-cn': 'Docker 拒绝这个 Dockerfile：构建在任何步骤运行之前就会失败' },
  check(parsed, ctx, report) {
    const model = parsed.model;
    // The stages built and the swallowed lines are worked out over the whole file: only when an error needs them
    // (most keystrokes leave a file without any).
    let built: ReadonlySet<number> | undefined;
    const builtNow = () => (built ??= stagesBuilt(ctx, model));
    let swallowed: SwallowedLine[] | undefined;
    for (const e of errorsOf(ctx, parsed)) {
      // A mount is read when its stage is converted, and BuildKit converts only the stages the target needs.
      if (e.kind === 'mount-type' && !builtNow().has(e.instruction?.stageIndex ?? -1)) continue;
      const words = e.atParse ? `dockerfile parse error on line ${(e.instruction?.range.start.line ?? e.range.start.line) + 1}: ${e.words}` : e.words;
      let message = localize(ctx.locale, MESSAGES.rejected, redactCredentials(words));
      const cause = causedBySwallow(e, (swallowed ??= swallowedOf(ctx, parsed)));
      if (cause)
        message += localize(
          ctx.locale,
          MESSAGES.joined,
          parsed.model.escapeChar,
          cause.escapeRange.start.line + 1,
          cause.line + 1,
          shown(cause.text),
          e.instruction!.keyword,
        );
      const fixes = (): Fix[] => {
        if (cause) return [removeEscapeFix(ctx, cause, true)];
        if (!e.suggestion) return [];
        const newText = e.kind === 'flag' ? `--${e.suggestion}` : e.suggestion;
        return [{ title: localize(ctx.locale, MESSAGES.change, newText), preferred: true, edits: [{ uri: ctx.uri, edits: [{ range: e.range, newText }] }] }];
      };
      report({ range: e.range, message, fixes });
    }
  },
});

export const dockerfileSwallowedInstruction = defineRule({
  id: 'dockerfile-swallowed-instruction',
  family: 'dockerfile',
  severity: 'warning',
  title: {
    en: 'A line continuation makes the next instruction part of this one',
    'zh-cn': '续行符把下一条指令并进了这一条',
  },
  check(parsed, ctx, report) {
    const errors = errorsOf(ctx, parsed);
    for (const s of swallowedOf(ctx, parsed)) {
      // The build fails on it: dockerfile-syntax reports that, with the joined line.
      if (errors.some((e) => causedBySwallow(e, [s]))) continue;
      const esc = parsed.model.escapeChar;
      const lineRange: Range = {
        start: { line: s.line, character: ctx.dockerfile!.model.lines.line(s.line).search(/\S/) },
        end: { line: s.line, character: ctx.dockerfile!.model.lines.line(s.line).length },
      };
      report({
        range: lineRange,
        message: localize(ctx.locale, MESSAGES.swallowed, esc, s.escapeRange.start.line + 1, s.line + 1, shown(s.text), s.instruction.keyword, s.keyword),
        fixes: () => [removeEscapeFix(ctx, s, false)],
      });
    }
  },
});
