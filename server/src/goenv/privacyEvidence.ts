// Evidence that a module is private. A host we do not recognise proves nothing (public vanity paths are
// everywhere), so a module counts as private only when something in the workspace says so:
// - the user's goProxyDoctor.privatePatterns;
// - GOPRIVATE/GONOPROXY/GONOSUMDB patterns set anywhere in the build configuration (any stage, another
//   Dockerfile, CI files), found by scanning their text (buildSignals.ts);
// - credentials or VCS rewrites for its host or path prefix (`url."…".insteadOf`, a .netrc `machine`, ssh-keyscan);
// - a name that cannot be public (an IP address, localhost, a single label, a reserved internal suffix);
// - the main module's own path prefix on a company host, when the build shows credentials for that host (or
//   credentials for no named host: a netrc secret, an ssh mount, GOAUTH).
import type { SourceFile } from '../core/types';
import { firstMatchingPattern, matchesPatternList } from './patterns';
import { moduleHost, nameFacts, privateReason, type PrivateReason } from './privacy';
import { buildSignals, type BuildSignal } from './buildSignals';

export type NameReason = Exclude<PrivateReason, 'user-pattern'>;

export type PrivacyEvidence =
  | { kind: 'user-pattern'; pattern: string }
  | { kind: 'name'; reason: NameReason; pattern: string }
  | { kind: 'build-pattern'; pattern: string; signal: BuildSignal }
  | { kind: 'credentials'; pattern: string; signal: BuildSignal };

/** What the evidence is for: a proxy route (GONOSUMDB alone does not say a module must bypass proxies) or a checksum lookup. */
export type EvidencePurpose = 'proxy' | 'sumdb';

// Code hosts where the first path element names everybody's modules: a pattern must include the owner.
const SHARED_CODE_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org', 'gitee.com', 'dev.azure.com', 'git.sr.ht']);

/** The pattern a fix adds for a module path: the owner on a shared code host, else the host. */
export function ownerPattern(path: string): string {
  const parts = path.split('/');
  if (SHARED_CODE_HOSTS.has(parts[0].toLowerCase()) && parts.length > 1) return parts.slice(0, 2).join('/');
  return parts[0];
}

/** Whether a lower-cased module path is the prefix or under it (the prefix lower-cased, without trailing slashes). */
function underPrefix(lowerPath: string, lowerPrefix: string): boolean {
  return lowerPath === lowerPrefix || (lowerPath.startsWith(lowerPrefix) && lowerPath.charCodeAt(lowerPrefix.length) === 47);
}

const prefixKey = (prefix: string) => prefix.toLowerCase().replace(/\/+$/, '');

export class PrivacyJudge {
  private readonly patternSignals: BuildSignal[] = [];
  private readonly credentialSignals: BuildSignal[] = [];
  private readonly ownPrefixes: { prefix: string; lower: string; signal: BuildSignal }[] = [];
  /** Credential signals scoped to a path prefix (never a whole shared code host), with the prefix lower-cased. */
  private readonly scopedCredentials: { lower: string; signal: BuildSignal }[] = [];
  private readonly proxyCache = new Map<string, PrivacyEvidence | null>();
  private readonly sumdbCache = new Map<string, PrivacyEvidence | null>();
  // The patterns of patternSignals, indexed by their literal first element (a module's host), and those whose first
  // element is a glob: a file may set hundreds of lists, and the judge runs for every required module.
  private readonly patternsByHost = new Map<string, { order: number; pattern: string; signal: BuildSignal }[]>();
  private readonly globPatterns: { order: number; pattern: string; signal: BuildSignal }[] = [];

  /**
   * @param files the texts of the build configuration: the Dockerfile(s) in play and the workspace's other
   *   Dockerfiles and CI files
   * @param mainModules the module paths the build compiles (go.mod and go.work modules)
   * @param analysed the document(s) being analysed, first in file order: scanned without keeping the scan
   */
  constructor(
    private readonly userPatterns: string[],
    files: readonly SourceFile[],
    mainModules: readonly string[],
    analysed: readonly SourceFile[] = [],
  ) {
    const seen = new Set<string>();
    // A file may set the same pattern list many times: the first place stands for all (the judge runs per module).
    const patterns = new Set<string>();
    const credentials = new Set<string>();
    const transient = new Set(analysed);
    for (const f of [...analysed, ...files]) {
      if (seen.has(f.uri)) continue;
      seen.add(f.uri);
      for (const s of buildSignals(f, transient.has(f))) {
        if (s.kind === 'pattern' && !patterns.has(`${s.variable}\u0000${s.value}`)) {
          patterns.add(`${s.variable}\u0000${s.value}`);
          this.patternSignals.push(s);
        } else if (s.kind === 'credentials' && !credentials.has(`${s.how}\u0000${s.prefix ?? ''}`)) {
          credentials.add(`${s.how}\u0000${s.prefix ?? ''}`);
          this.credentialSignals.push(s);
        }
      }
    }
    // On a shared code host (github.com …) credentials for the whole host are routine (SSH for every fetch, a
    // token against rate limits) and say nothing about which owners are private: only credentials scoped to an
    // owner count there, and the main module's own prefix does not inherit them.
    const indexed = new Set<string>();
    this.patternSignals.forEach((signal, order) => {
      for (const raw of signal.value.split(',')) {
        const pattern = raw.trim();
        // The first place a pattern is set (for its kind of variable) is the one a finding names.
        const key = `${signal.variable === 'GONOSUMDB' ? 's' : 'p'}\u0000${pattern}`;
        if (pattern === '' || indexed.has(key)) continue;
        indexed.add(key);
        const first = pattern.split('/')[0].toLowerCase();
        const entry = { order, pattern, signal };
        const list = /[*?[\\]/.test(first) ? this.globPatterns : (this.patternsByHost.get(first) ?? this.patternsByHost.set(first, []).get(first)!);
        list.push(entry);
      }
    });
    for (const main of mainModules) {
      const host = moduleHost(main).host;
      if (SHARED_CODE_HOSTS.has(host)) continue;
      const signal = this.credentialSignals.find((s) => s.host === undefined || s.host === host);
      if (signal) this.ownPrefixes.push({ prefix: ownerPattern(main), lower: prefixKey(ownerPattern(main)), signal });
    }
    for (const s of this.credentialSignals) {
      // Credentials for a whole shared code host say nothing about any one owner's modules.
      if (!s.prefix || (!s.prefix.includes('/') && SHARED_CODE_HOSTS.has(s.prefix))) continue;
      this.scopedCredentials.push({ lower: prefixKey(s.prefix), signal: s });
    }
  }

  /**
   * Whether any module whose path starts with this first element (its host) may have evidence: false means every
   * such module has none, so a caller with thousands of modules judges only the hosts that may.
   */
  mayHaveEvidence(firstElement: string): boolean {
    if (this.userPatterns.length > 0 || this.globPatterns.length > 0 || this.scopedCredentials.length > 0 || this.ownPrefixes.length > 0) return true;
    const facts = nameFacts(firstElement);
    // A name reason comes from the first element alone (the host); the standard library and the toolchain have none.
    return facts.reason !== undefined || this.patternsByHost.has(facts.host);
  }

  /** Why the workspace says this module is private, or undefined when it does not. */
  evidenceFor(modulePath: string, purpose: EvidencePurpose = 'proxy'): PrivacyEvidence | undefined {
    const cache = purpose === 'proxy' ? this.proxyCache : this.sumdbCache;
    let hit = cache.get(modulePath);
    if (hit === undefined) {
      hit = this.judge(modulePath, purpose) ?? null;
      cache.set(modulePath, hit);
    }
    return hit ?? undefined;
  }

  private judge(modulePath: string, purpose: EvidencePurpose): PrivacyEvidence | undefined {
    if (this.userPatterns.length > 0 && privateReason(modulePath, this.userPatterns) === 'user-pattern')
      return { kind: 'user-pattern', pattern: firstMatchingPattern(this.userPatterns.join(','), modulePath) ?? ownerPattern(modulePath) };
    const facts = nameFacts(modulePath);
    if (facts.reason) return { kind: 'name', reason: facts.reason, pattern: ownerPattern(modulePath) };
    if (facts.builtin) return undefined;
    // The first signal, in file order, with a pattern that matches: candidates by the module's host, and every
    // pattern whose host part is a glob.
    let best: { order: number; pattern: string; signal: BuildSignal } | undefined;
    for (const list of [this.patternsByHost.get(facts.host), this.globPatterns]) {
      if (!list) continue;
      for (const c of list) {
        if (purpose === 'proxy' && c.signal.variable === 'GONOSUMDB') continue;
        if ((!best || c.order < best.order) && matchesPatternList(c.pattern, modulePath)) best = c;
      }
    }
    if (best) return { kind: 'build-pattern', pattern: best.pattern, signal: best.signal };
    if (this.scopedCredentials.length === 0 && this.ownPrefixes.length === 0) return undefined;
    const lower = modulePath.toLowerCase();
    for (const { lower: prefix, signal: s } of this.scopedCredentials) {
      if (underPrefix(lower, prefix)) return { kind: 'credentials', pattern: s.prefix!.includes('/') ? s.prefix! : ownerPattern(modulePath), signal: s };
    }
    for (const own of this.ownPrefixes) {
      if (underPrefix(lower, own.lower)) return { kind: 'credentials', pattern: own.prefix, signal: own.signal };
    }
    return undefined;
  }
}
