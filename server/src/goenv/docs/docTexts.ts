// The documentation texts (variable hovers, GOPROXY entries, module routes, why a module is private) live in one
// locale file per language, l10n/docs.<locale>.json, beside the editor's l10n bundle. Their type is the English
// file's: a text the code asks for that is not there is a compile error, and so is a locale file that lacks one of
// its texts. Texts are Markdown with `{0}`-style placeholders; test/unit/l10n.test.ts checks that both files hold
// the same texts with the same placeholders and code spans.
import en from '../../../../l10n/docs.en.json';
import zhCn from '../../../../l10n/docs.zh-cn.json';
import { fillPlaceholders, type Localized } from '../../core/localize';
import type { Locale } from '../../core/types';

export type DocTexts = typeof en;

const DOC_TEXTS: Record<Locale, DocTexts> = { en, 'zh-cn': zhCn };

type Argument = string | number;

/**
 * One text of the locale files, in every language, its placeholders filled with the arguments and then with what
 * `more` picks from the same file (a sentence several texts share).
 */
export function docText<A extends Argument[] = []>(pick: (texts: DocTexts) => string, more: (texts: DocTexts) => Argument[] = () => []): Localized<A> {
  const inLocale =
    (locale: Locale) =>
    (...args: A): string =>
      fillPlaceholders(pick(DOC_TEXTS[locale]), [...args, ...more(DOC_TEXTS[locale])]);
  return { en: inLocale('en'), 'zh-cn': inLocale('zh-cn') };
}
