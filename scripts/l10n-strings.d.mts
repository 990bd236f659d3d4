// Types for scripts/l10n-strings.mjs, so TypeScript tests can import it.

/** Every string the client passes to l10n.t (or a `t` translator), mapped to the first file that uses it, in discovery order. */
export declare function clientStrings(root?: string): Map<string, string>;
