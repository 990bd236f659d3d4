// Localized explanations for GOPROXY hovers (one entry of the list) and module-route hovers (how one module is fetched
// and verified). Markdown, from l10n/docs.<locale>.json (proxyEntries, moduleRoutes). Arguments are raw values (a URL,
// an entry, a pattern, a variable name) that the texts put in backticks — except the entries of moduleRoutes'
// viaProxy, afterNotFound, afterError, refusedHop, failsAt and leaks, which the caller formats (a hop may hold
// several entries).
import type { Localized } from '../../core/localize';
import { docText } from './docTexts';

export const ENTRY_TEXT: {
  direct: Localized;
  off: Localized;
  proxy: Localized<[url: string]>;
  fallbackComma: Localized<[next: string]>;
  fallbackPipe: Localized<[next: string]>;
  stopsHere: Localized;
  refusesCredentials: Localized<[goMessage: string]>;
  last: Localized;
  ignored: Localized<[stopper: string]>;
  defaultValue: Localized;
} = {
  direct: docText((t) => t.proxyEntries.direct),
  off: docText((t) => t.proxyEntries.off),
  proxy: docText((t) => t.proxyEntries.proxy),
  // Both fallbacks end with the same warning: go's HTTP client has no response timeout, so a proxy that accepts the
  // request and never answers is no error that moves on to the next entry.
  fallbackComma: docText(
    (t) => t.proxyEntries.fallbackComma,
    (t) => [t.proxyEntries.stall],
  ),
  fallbackPipe: docText(
    (t) => t.proxyEntries.fallbackPipe,
    (t) => [t.proxyEntries.stall],
  ),
  stopsHere: docText((t) => t.proxyEntries.stopsHere),
  refusesCredentials: docText((t) => t.proxyEntries.refusesCredentials),
  last: docText((t) => t.proxyEntries.last),
  ignored: docText((t) => t.proxyEntries.ignored),
  defaultValue: docText((t) => t.proxyEntries.defaultValue),
};

export const ROUTE_TEXT: {
  viaProxy: Localized<[proxies: string]>;
  afterNotFound: Localized<[entry: string]>;
  afterError: Localized<[entry: string]>;
  refusedHop: Localized<[entry: string]>;
  rejected: Localized<[goMessage: string]>;
  fails: Localized<[goMessage: string]>;
  failsAt: Localized<[entry: string]>;
  leaks: Localized<[proxy: string]>;
  direct: Localized<[pattern: string, variable: string]>;
  off: Localized;
  sumdbChecked: Localized<[db: string]>;
  sumdbSkipped: Localized<[pattern: string, variable: string]>;
  sumdbOff: Localized;
  inGoSum: Localized;
} = {
  viaProxy: docText((t) => t.moduleRoutes.viaProxy),
  // The caller writes the entries (backticks included) and joins the hops with ', '.
  afterNotFound: docText((t) => t.moduleRoutes.afterNotFound),
  afterError: docText((t) => t.moduleRoutes.afterError),
  refusedHop: docText((t) => t.moduleRoutes.refusedHop),
  rejected: docText((t) => t.moduleRoutes.rejected),
  fails: docText((t) => t.moduleRoutes.fails),
  failsAt: docText((t) => t.moduleRoutes.failsAt),
  leaks: docText((t) => t.moduleRoutes.leaks),
  direct: docText((t) => t.moduleRoutes.direct),
  off: docText((t) => t.moduleRoutes.off),
  sumdbChecked: docText((t) => t.moduleRoutes.sumdbChecked),
  sumdbSkipped: docText((t) => t.moduleRoutes.sumdbSkipped),
  sumdbOff: docText((t) => t.moduleRoutes.sumdbOff),
  inGoSum: docText((t) => t.moduleRoutes.inGoSum),
};
