// How the client's texts are translated: English source strings with `{0}` placeholders, passed through a
// translator. Pure (no `vscode`), so the modules that build texts can be tested without an editor.
import { fillPlaceholders } from '../../server/src/core/localize';

/** VS Code's `l10n.t` signature: `{0}`-style placeholders. */
export type Translate = (message: string, ...args: (string | number)[]) => string;

/** English: fills `{0}`, `{1}`… (the identity translation). */
export const englishT: Translate = (message, ...args) => fillPlaceholders(message, args);
