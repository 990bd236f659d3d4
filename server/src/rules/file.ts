// file-too-large: a document over the analysis limit (core/limits.ts) is never parsed, so no rule runs on it: the
// analysis reports this one finding itself (analysis.ts), with the severity, title and message given here.
import { defineRule } from './rule';
import type { Localized } from '../core/localize';

export const fileTooLarge = defineRule({
  id: 'file-too-large',
  family: 'file',
  severity: 'information',
  title: { en: 'The file is larger than the analysis accepts: nothing in it is checked', 'zh-cn': '文件超过分析的大小上限：其中的内容都不会被检查' },
  // The rules never see a document this large: the check has nothing to do.
  appliesTo: [],
  check() {},
});

/** The file's size and the limit, in MiB. */
export const TOO_LARGE: Localized<[string, string]> = {
  en: (size, limit) => `This file is too large to analyse (${size} MiB > ${limit} MiB): nothing in it is checked.`,
  'zh-cn': (size, limit) => `文件过大，无法分析（${size} MiB > ${limit} MiB）：其中的内容都不会被检查。`,
};
