// Data types shared by the analysis core, the LSP layer and the CLI.
// The core may use LSP *data* types (Range, TextEdit) but nothing from the transport.
import type { Range, TextEdit } from 'vscode-languageserver-types';

export type { Range, TextEdit };

export type Locale = 'en' | 'zh-cn';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/**
 * Stable rule ids. Never rename one: users reference them in settings and CI. Each is the id of one rule of ALL_RULES
 * (server/src/rules/index.ts), in the same order: the compiler checks that every id has its rule, and
 * test/unit/rule-registry.test.ts the order (the core imports nothing from the rules, so the list is written here).
 */
export const RULE_IDS = [
  'goproxy-unset',
  'goproxy-invalid',
  'goproxy-unreachable-entry',
  'goproxy-off',
  'goproxy-insecure',
  'goproxy-credentials',
  'goproxy-credentials-http',
  'goproxy-no-direct',
  'goproxy-unhealthy',
  'go111module-redundant',
  'go111module-off',
  'private-module-proxied',
  'private-module-sumdb',
  'pattern-invalid',
  'gosumdb-off',
  'gosumdb-invalid',
  'goflags-insecure',
  'goflags-invalid',
  'arg-out-of-scope',
  'build-arg-overridden',
  'build-arg-unused',
  'env-set-after-use',
  'env-legacy-form',
  'modfiles-copy-order',
  'mod-cache-mount',
  'network-none',
  'cross-compile-emulated',
  'gomod-in-gopath',
  'go-install-outside-module',
  'go-install-latest',
  'gobin-empty',
  'toolchain-download',
  'toolchain-unverifiable',
  'from-arg-image',
  'credentials-in-image',
  'credentials-in-env',
  'credentials-in-build-arg',
  'secret-mount-target',
  'secret-in-build-log',
  'gomod-syntax',
  'gomod-private-module',
  'gomod-replace-outside-context',
  'dockerfile-syntax',
  'dockerfile-swallowed-instruction',
  'file-too-large',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** Edits to one document, addressed by URI (file:// for files on disk). */
export interface DocumentEdit {
  uri: string;
  edits: TextEdit[];
}

export interface Fix {
  title: string;
  edits: DocumentEdit[];
  /** The fix an editor may apply with "auto fix" (at most one per finding). */
  preferred?: boolean;
}

export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  uri: string;
  range: Range;
  /** Already localised and with credentials redacted. */
  message: string;
  fixes: Fix[];
  related?: RelatedLocation[];
  /** `unnecessary` renders faded in editors (e.g. a redundant GO111MODULE=on). */
  tags?: ('unnecessary' | 'deprecated')[];
}

/** Live health of one mirror, as measured by the client (protocol/'s health notification). */
export interface MirrorHealth {
  /** The URL as the mirrors request gave it (credentials redacted). */
  url: string;
  ok: boolean;
  latencyMs?: number;
  error?: string;
  checkedAt: string;
}

export type SeverityOverride = Severity | 'off';

export interface AnalysisSettings {
  /** GOPROXY value proposed by quick fixes; '' means "choose by locale and measured health". */
  defaultProxy: string;
  /** Extra module path patterns (GOPRIVATE syntax) the user says are private. */
  privatePatterns: string[];
  /** Per-rule severity overrides; 'off' disables the rule. */
  severity: Partial<Record<RuleId, SeverityOverride>>;
  /** Rules switched off (same effect as severity 'off'). */
  rulesOff: RuleId[];
  /** Latest health per mirror, from the client. */
  health: MirrorHealth[];
  /** Mirrors to monitor when the active document does not choose any (`goProxyDoctor.mirrors`). */
  mirrors: string[];
  /**
   * `goProxyDoctor.buildArgs`: build arguments (NAME -> value) the user says the builds pass. The analysis takes its
   * arguments from the request (AnalysisRequest.buildArgs); these apply when the request names none.
   */
  buildArgs: Record<string, string>;
}

export const DEFAULT_SETTINGS: AnalysisSettings = {
  defaultProxy: '',
  privatePatterns: [],
  severity: {},
  rulesOff: [],
  health: [],
  mirrors: [],
  buildArgs: {},
};

/** A text file the analysis reads: the document itself or one it depends on. */
export interface SourceFile {
  uri: string;
  text: string;
}
