// The go command's failures: classification (classify.ts) and the cause and fix of each kind, in English and
// Simplified Chinese.
import { localize } from '../../core/localize';
import type { Locale } from '../../core/types';
import type { GoFailure, GoFailureKind } from './classify';
import { NETWORK_TEXTS, type FailureText } from './networkTexts';
import { SETUP_TEXTS } from './setupTexts';

export { classifyGoFailure, GO_FAILURE_KINDS, looksPrivate, privatePattern, type FailureContext, type GoFailure, type GoFailureKind } from './classify';

/** Every kind has its texts: the compiler checks the union of the two tables against GO_FAILURE_KINDS. */
const TEXTS: Record<GoFailureKind, FailureText> = { ...NETWORK_TEXTS, ...SETUP_TEXTS };

/** What caused a failure and what fixes it, in the locale. */
export function describeGoFailure(f: GoFailure, locale: Locale): { cause: string; fix: string } {
  const text = TEXTS[f.kind];
  return { cause: localize(locale, text.cause, f), fix: localize(locale, text.fix, f) };
}
