// Why a module counts as private, in words (diagnostics and hovers): the evidence the workspace shows. The texts are
// in l10n/docs.<locale>.json (privateReasons); patterns are passed raw and put in backticks there.
import type { Localized } from '../../core/localize';
import { localize } from '../../core/localize';
import type { Locale } from '../../core/types';
import { fileName, backtick } from '../../core/text';
import type { NameReason, PrivacyEvidence } from '../privacyEvidence';
import type { SignalHow } from '../buildSignals';
import { docText } from './docTexts';

const nameText = (reason: NameReason): Localized => docText((t) => t.privateReasons.hostName[reason]);

const signalText = (how: Exclude<SignalHow, 'GOPROXY'>): Localized<[pattern: string]> => docText((t) => t.privateReasons.buildSignal[how]);

const WHERE: Localized<[what: string, file: string, line: number]> = docText((t) => t.privateReasons.where);

const USER_PATTERN: Localized<[pattern: string]> = docText((t) => t.privateReasons.userPattern);

/** Why a module counts as private, as a clause for a message or hover. */
export function evidenceText(locale: Locale, e: PrivacyEvidence): string {
  switch (e.kind) {
    case 'user-pattern':
      return localize(locale, USER_PATTERN, e.pattern);
    case 'name':
      return localize(locale, nameText(e.reason));
    case 'build-pattern':
    case 'credentials':
      if (e.signal.how === 'GOPROXY') return backtick(e.pattern);
      return localize(locale, WHERE, localize(locale, signalText(e.signal.how), e.pattern), fileName(e.signal.uri), e.signal.line + 1);
  }
}
