// Findings → LSP diagnostics: severity, rule id as code with a link to its documentation, tags, related
// locations. Messages are redacted once more here: nothing with credentials leaves the server.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import type { Finding, Severity } from '../core/types';
import { redactCredentials } from '../core/redact';

export const SOURCE = 'go-proxy-doctor';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The diagnostic of each finding: an analysis after a keystroke gives most findings again as they were (see
 * judgeStages), and their diagnostics with them.
 */
const made = new WeakMap<Finding, { docsBase: string; diagnostic: Diagnostic }>();

export function toDiagnostic(f: Finding, docsBase: string): Diagnostic {
  const kept = made.get(f);
  if (kept?.docsBase === docsBase) return kept.diagnostic;
  const diagnostic = diagnosticOf(f, docsBase);
  made.set(f, { docsBase, diagnostic });
  return diagnostic;
}

function diagnosticOf(f: Finding, docsBase: string): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.rule,
    codeDescription: { href: `${docsBase}#${f.rule}` },
    message: redactCredentials(f.message),
  };
  const tags = (f.tags ?? []).map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  if (tags.length) d.tags = tags;
  if (f.related?.length) d.relatedInformation = f.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: redactCredentials(r.message) }));
  return d;
}
