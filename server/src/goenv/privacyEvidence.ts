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
import { detached, sameElements } from '../core/memo';
import { firstMatchingPattern, matchesPatternList } from './patterns';
import { moduleHost, nameFacts, privateReason, type PrivateReason } from './privacy';
import { buildSignals, type BuildSignal } from './buildSignals';
import { filesSignals, keyed, type KeyedSignals } from './keyedSignals';

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

/**
 * How a judge decided a module, without the signal: judges whose inputs say the same things in the same order (the
 * Dockerfiles of one workspace, each analysed with the others as its build configuration) decide alike, and share
 * these. The signal a finding cites comes from each judge's own entries.
 */
type Decision =
  | { kind: 'user-pattern'; pattern: string }
  | { kind: 'name'; reason: NameReason; pattern: string }
  | { kind: 'build-pattern'; entry: number }
  | { kind: 'scoped-credentials'; index: number; pattern: string }
  | { kind: 'own-prefix'; index: number };

interface SharedDecisions {
  proxy: Map<string, Decision | null>;
  sumdb: Map<string, Decision | null>;
}

// Decision key → module path → decision. Bounded: a key's maps, and all keys, are dropped whole when they grow large.
const MAX_SHARED_KEYS = 16;
const MAX_SHARED_PATHS = 50_000;
let sharedDecisions = new Map<string, SharedDecisions>();

function decisionsFor(key: string): SharedDecisions {
  let d = sharedDecisions.get(key);
  if (!d) {
    if (sharedDecisions.size >= MAX_SHARED_KEYS) sharedDecisions = new Map();
    sharedDecisions.set(key, (d = { proxy: new Map(), sumdb: new Map() }));
  }
  if (d.proxy.size + d.sumdb.size > MAX_SHARED_PATHS) (d.proxy.clear(), d.sumdb.clear());
  return d;
}

interface PatternEntry {
  order: number;
  pattern: string;
  signal: BuildSignal;
  /** Its index in the judge's entries (what a shared decision names). */
  index: number;
}

export class PrivacyJudge {
  private readonly patternSignals: BuildSignal[] = [];
  private readonly credentialSignals: BuildSignal[] = [];
  private readonly ownPrefixes: { prefix: string; lower: string; signal: BuildSignal }[] = [];
  /** Credential signals scoped to a path prefix (never a whole shared code host), with the prefix lower-cased. */
  private readonly scopedCredentials: { lower: string; signal: BuildSignal }[] = [];
  // The patterns of patternSignals, indexed by their literal first element (a module's host), and those whose first
  // element is a glob: a file may set hundreds of lists, and the judge runs for every required module.
  private readonly entries: PatternEntry[] = [];
  private readonly patternsByHost = new Map<string, PatternEntry[]>();
  private readonly globPatterns: PatternEntry[] = [];
  private readonly shared: SharedDecisions;
  /** Equal for judges that decide every module alike (they may cite different signals). */
  readonly decisionKey: string;

  /**
   * Made by privacyJudge (below), from the signals keyed per file:
   * @param analysed the document(s) being analysed, first in file order
   * @param listed the other files of the build configuration (the workspace's Dockerfiles and CI files), each with
   *   only what it says first among them
   * @param mainModules the module paths the build compiles (go.mod and go.work modules)
   */
  constructor(
    private readonly userPatterns: string[],
    analysed: readonly [string, KeyedSignals][],
    listed: readonly [string, KeyedSignals][],
    mainModules: readonly string[],
  ) {
    const seen = new Set<string>();
    // A file may set the same pattern list many times: the first place stands for all (the judge runs per module).
    const patterns = new Set<string>();
    const credentials = new Set<string>();
    const take = (uri: string, { patternKeys, credentialKeys }: KeyedSignals) => {
      if (seen.has(uri)) return;
      for (const [key, s] of patternKeys) if (!patterns.has(key)) (patterns.add(key), this.patternSignals.push(s));
      for (const [key, s] of credentialKeys) if (!credentials.has(key)) (credentials.add(key), this.credentialSignals.push(s));
    };
    for (const [uri, signals] of analysed) {
      take(uri, signals);
      seen.add(uri);
    }
    // The other files' signals; a file analysed above was read from its own text and is skipped here.
    for (const [uri, signals] of listed) take(uri, signals);
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
        const entry = { order, pattern, signal, index: this.entries.length };
        this.entries.push(entry);
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
    // Everything a decision depends on: the user's patterns, the pattern entries in order (with the variable kind
    // that decides their purpose), and the credential prefixes in order.
    const key = [
      this.userPatterns.join(','),
      ...this.entries.map((e) => `${e.signal.variable === 'GONOSUMDB' ? 's' : 'p'}${e.order}\u0001${e.pattern}`),
      ...this.scopedCredentials.map((c) => `c${c.signal.prefix!}`),
      ...this.ownPrefixes.map((o) => `o${o.prefix}`),
    ].join('\u0000');
    this.decisionKey = key;
    this.shared = decisionsFor(key);
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
    // Built from the shared decision on each call, not kept: an open document's analysis stays in memory, and for a
    // go.mod of thousands of requirements a per-analysis map would be most of it.
    const decision = this.decision(modulePath, purpose);
    return decision ? this.evidence(decision) : undefined;
  }

  /** Whether the workspace shows this module to be private (the evidence itself is not built). */
  hasEvidence(modulePath: string, purpose: EvidencePurpose = 'proxy'): boolean {
    return this.decision(modulePath, purpose) !== null;
  }

  private decision(modulePath: string, purpose: EvidencePurpose): Decision | null {
    const decided = purpose === 'proxy' ? this.shared.proxy : this.shared.sumdb;
    let decision = decided.get(modulePath);
    if (decision === undefined) decided.set(detached(modulePath), (decision = this.judge(modulePath, purpose) ?? null));
    return decision;
  }

  private evidence(d: Decision): PrivacyEvidence {
    switch (d.kind) {
      case 'user-pattern':
      case 'name':
        return d;
      case 'build-pattern': {
        const e = this.entries[d.entry];
        return { kind: 'build-pattern', pattern: e.pattern, signal: e.signal };
      }
      case 'scoped-credentials':
        return { kind: 'credentials', pattern: d.pattern, signal: this.scopedCredentials[d.index].signal };
      case 'own-prefix': {
        const own = this.ownPrefixes[d.index];
        return { kind: 'credentials', pattern: own.prefix, signal: own.signal };
      }
    }
  }

  private judge(modulePath: string, purpose: EvidencePurpose): Decision | undefined {
    if (this.userPatterns.length > 0 && privateReason(modulePath, this.userPatterns) === 'user-pattern')
      return { kind: 'user-pattern', pattern: firstMatchingPattern(this.userPatterns.join(','), modulePath) ?? ownerPattern(modulePath) };
    const facts = nameFacts(modulePath);
    if (facts.reason) return { kind: 'name', reason: facts.reason, pattern: ownerPattern(modulePath) };
    if (facts.builtin) return undefined;
    // The first signal, in file order, with a pattern that matches: candidates by the module's host, and every
    // pattern whose host part is a glob.
    let best: PatternEntry | undefined;
    for (const list of [this.patternsByHost.get(facts.host), this.globPatterns]) {
      if (!list) continue;
      for (const c of list) {
        if (purpose === 'proxy' && c.signal.variable === 'GONOSUMDB') continue;
        if ((!best || c.order < best.order) && matchesPatternList(c.pattern, modulePath)) best = c;
      }
    }
    if (best) return { kind: 'build-pattern', entry: best.index };
    if (this.scopedCredentials.length === 0 && this.ownPrefixes.length === 0) return undefined;
    const lower = modulePath.toLowerCase();
    for (const [index, { lower: prefix, signal: s }] of this.scopedCredentials.entries()) {
      if (underPrefix(lower, prefix)) return { kind: 'scoped-credentials', index, pattern: s.prefix!.includes('/') ? s.prefix! : ownerPattern(modulePath) };
    }
    for (const [index, own] of this.ownPrefixes.entries()) {
      if (underPrefix(lower, own.lower)) return { kind: 'own-prefix', index };
    }
    return undefined;
  }
}

// The judges made last, by what they were made of: a keystroke that changes no signal (most do not) gets the judge
// of the analysis before, its index and key made once.
const JUDGES_KEPT = 8;
const judges: { patterns: string; mains: string; analysed: [string, KeyedSignals][]; listed: [string, KeyedSignals][]; judge: PrivacyJudge }[] = [];

// A list of files made again (the workspace's files moved) keys the same signals with the same objects.
const sameKeyed = (a: KeyedSignals, b: KeyedSignals) =>
  a === b || (sameElements(a.patternKeys, b.patternKeys) && sameElements(a.credentialKeys, b.credentialKeys));

const sameList = (a: readonly [string, KeyedSignals][], b: readonly [string, KeyedSignals][]) =>
  a === b || (a.length === b.length && a.every(([uri, k], i) => uri === b[i][0] && sameKeyed(k, b[i][1])));

/**
 * The judge for a build configuration, the one made last for the same signals if there is one.
 * @param files the texts of the build configuration: the Dockerfile(s) in play and the workspace's other
 *   Dockerfiles and CI files (their signals kept per list: the workspace hands the same list again while nothing
 *   changed)
 * @param mainModules the module paths the build compiles (go.mod and go.work modules)
 * @param analysed the document(s) being analysed, first in file order: their scans kept apart (see buildSignals)
 */
export function privacyJudge(
  userPatterns: string[],
  files: readonly SourceFile[],
  mainModules: readonly string[],
  analysed: readonly SourceFile[] = [],
): PrivacyJudge {
  const patterns = userPatterns.join(',');
  const mains = mainModules.join('\n');
  const own = analysed.map((f): [string, KeyedSignals] => [f.uri, keyed(buildSignals(f, true))]);
  const listed = filesSignals(files);
  const kept = judges.find((j) => j.patterns === patterns && j.mains === mains && sameList(j.analysed, own) && sameList(j.listed, listed));
  if (kept) return kept.judge;
  const judge = new PrivacyJudge(userPatterns, own, listed, mainModules);
  judges.unshift({ patterns, mains, analysed: own, listed, judge });
  if (judges.length > JUDGES_KEPT) judges.pop();
  return judge;
}
