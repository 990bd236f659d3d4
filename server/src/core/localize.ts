import type { Locale } from './types';

/** A user-facing text in every language we ship. Rules and docs declare these next to where they are used. */
export interface Localized<A extends unknown[] = []> {
  en: (...args: A) => string;
  'zh-cn': (...args: A) => string;
}

export function localize<A extends unknown[]>(locale: Locale, text: Localized<A>, ...args: A): string {
  return (text[locale] ?? text.en)(...args);
}

/** Maps an editor or CLI locale tag (`zh-CN`, `zh-Hans`, `en-US`) to one we ship. */
export function toLocale(tag: string | undefined): Locale {
  const t = (tag ?? '').toLowerCase();
  return t.startsWith('zh') ? 'zh-cn' : 'en';
}

/**
 * A text with `{0}`, `{1}`… replaced by the arguments, as locale files and VS Code's l10n bundles write them. One
 * pass: braces inside an argument stay as they are; a placeholder without an argument stays too, so it shows.
 */
export function fillPlaceholders(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (all, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : all));
}
