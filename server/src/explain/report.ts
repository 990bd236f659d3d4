// The explained build log as Markdown, for the editor's report view: what the log is, then each failure with where
// it happened, its cause and fix, and the go message itself. English and Simplified Chinese; redacted.
import { localize, type Localized } from '../core/localize';
import { redactCredentials } from '../core/redact';
import type { Locale } from '../core/types';
import type { ExplainedLog } from './index';

const MESSAGES = {
  title: {
    en: (n: number) => (n === 0 ? 'Build log explained: no Go module failure found' : `Build log explained: ${n} Go module failure${n === 1 ? '' : 's'}`),
    'zh-cn': (n: number) => (n === 0 ? '构建日志解读：未发现 Go 模块失败' : `构建日志解读：发现 ${n} 个 Go 模块失败`),
  } satisfies Localized<[number]>,
  format: {
    en: (format: string, wrapper: string) => `Log format: ${format}${wrapper ? ` (in a ${wrapper} log)` : ''}.`,
    'zh-cn': (format: string, wrapper: string) => `日志格式：${format}${wrapper ? `（位于 ${wrapper} 日志中）` : ''}。`,
  } satisfies Localized<[string, string]>,
  dockerfile: { en: (name: string) => `Dockerfile: \`${name}\`.`, 'zh-cn': (name: string) => `Dockerfile：\`${name}\`。` } satisfies Localized<[string]>,
  noDockerfile: {
    en: () => 'No Dockerfile of this workspace has the steps of this log: the failures are not tied to Dockerfile lines.',
    'zh-cn': () => '本工作区没有哪个 Dockerfile 含有此日志中的步骤：失败无法对应到 Dockerfile 行。',
  },
  where: {
    en: (line: string, step: string, logLine: number) => `Where: ${line}${step}log line ${logLine}`,
    'zh-cn': (line: string, step: string, logLine: number) => `位置：${line}${step}日志第 ${logLine} 行`,
  } satisfies Localized<[string, string, number]>,
  line: { en: (n: number) => `Dockerfile line ${n}, `, 'zh-cn': (n: number) => `Dockerfile 第 ${n} 行，` } satisfies Localized<[number]>,
  cause: { en: (s: string) => `Cause: ${s}`, 'zh-cn': (s: string) => `原因：${s}` } satisfies Localized<[string]>,
  fix: { en: (s: string) => `Fix: ${s}`, 'zh-cn': (s: string) => `修复：${s}` } satisfies Localized<[string]>,
};

export function renderExplainedLog(explained: ExplainedLog, locale: Locale, dockerfile?: string): string {
  const out: string[] = [];
  const failures = explained.explanations;
  out.push(`## ${localize(locale, MESSAGES.title, failures.length)}`, '');
  out.push(localize(locale, MESSAGES.format, explained.format, explained.wrapper ?? ''));
  if (dockerfile) out.push(localize(locale, MESSAGES.dockerfile, dockerfile));
  else if (failures.some((f) => f.step !== undefined)) out.push(localize(locale, MESSAGES.noDockerfile));
  out.push('');
  failures.forEach((f, i) => {
    const what = f.module ? ` — \`${f.module}\`` : '';
    const line = f.location ? localize(locale, MESSAGES.line, f.location.line) : '';
    const step = f.step ? `\`${f.step.replace(/`/g, "'")}\`, ` : '';
    out.push(`${i + 1}. **${f.kind}**${what}`, `   - ${localize(locale, MESSAGES.where, line, step, f.logLine)}`);
    out.push(`   - ${localize(locale, MESSAGES.cause, f.message)}`, `   - ${localize(locale, MESSAGES.fix, f.fix)}`);
    const fence = f.raw.includes('```') ? '~~~~' : '```';
    out.push('', `   ${fence}text`, ...f.raw.split('\n').map((l) => `   ${l}`), `   ${fence}`, '');
  });
  return redactCredentials(out.join('\n'));
}
