// How a finding says that it rests on an indirect go step: what shows that the build tool runs go.
import type { Localized } from '../../core/localize';
import { localize } from '../../core/localize';
import type { Locale } from '../../core/types';
import type { IndirectStep } from '../../model/indirectSteps';
import { backtick as c } from '../../core/text';

const INDIRECT_NOTES = {
  file: {
    en: (tool: string, go: string, file: string, line: number) => `${c(tool)} runs ${c(go)} (${file} line ${line}).`,
    'zh-cn': (tool: string, go: string, file: string, line: number) => `${c(tool)} 会运行 ${c(go)}（${file} 第 ${line} 行）。`,
  } satisfies Localized<[string, string, string, number]>,
  computed: {
    en: (tool: string, pattern: string, target: string, go: string, file: string, line: number) =>
      `${c(tool)} names its goal through the shell, and every Makefile target it can name (${c(pattern)}) runs go: ${c(target)} runs ${c(go)} (${file} line ${line}).`,
    'zh-cn': (tool: string, pattern: string, target: string, go: string, file: string, line: number) =>
      `${c(tool)} 的目标由 shell 计算得出，而它可能指向的每个 Makefile 目标（${c(pattern)}）都会运行 go：${c(target)} 会运行 ${c(go)}（${file} 第 ${line} 行）。`,
  } satisfies Localized<[string, string, string, string, string, number]>,
  inline: {
    en: (tool: string, vars: string) => `${c(tool)} is given Go's own variables (${vars}): it runs go.`,
    'zh-cn': (tool: string, vars: string) => `${c(tool)} 被传入了 Go 自身的变量（${vars}）：它会运行 go。`,
  } satisfies Localized<[string, string]>,
  stage: {
    en: (tool: string, by: string) => `The stage only builds Go and its output is copied by stage ${c(by)}: ${c(tool)} runs go.`,
    'zh-cn': (tool: string, by: string) => `该阶段只用于构建 Go，其产物由阶段 ${c(by)} 复制：${c(tool)} 会运行 go。`,
  } satisfies Localized<[string, string]>,
};

/** The sentence saying why `step` runs go (appended to a message that rests on it). */
export function indirectNote(locale: Locale, step: IndirectStep): string {
  const e = step.evidence;
  if (e.kind === 'inline-env') return localize(locale, INDIRECT_NOTES.inline, step.text, (e.variables ?? []).join(', '));
  if (e.kind === 'stage-output') return localize(locale, INDIRECT_NOTES.stage, step.text, e.copiedBy ?? '');
  if (e.computedGoal)
    return localize(locale, INDIRECT_NOTES.computed, step.text, e.computedGoal.pattern, e.computedGoal.target, e.goCommand ?? 'go', e.file ?? '', e.line ?? 0);
  return localize(locale, INDIRECT_NOTES.file, step.text, e.goCommand ?? 'go', e.file ?? '', e.line ?? 0);
}
