// Fixes → LSP code actions. Each action names the diagnostic it fixes; with resolve support the edit is
// computed only when the editor asks for it (the action carries where to find the fix again).
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { Finding, Fix } from '../core/types';
import { redactCredentials } from '../core/redact';
import { toDiagnostic } from './diagnostics';

export interface FixRef {
  uri: string;
  version: number;
  finding: number;
  fix: number;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function workspaceEdit(fix: Fix): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const de of fix.edits) changes[de.uri] = [...(changes[de.uri] ?? []), ...de.edits];
  return { changes };
}

/** Quick fixes for the findings that touch `range`; `lazy` leaves the edit to codeAction/resolve. */
export function codeActionsFor(findings: Finding[], range: Range, ref: Omit<FixRef, 'finding' | 'fix'>, docsBase: string, lazy: boolean, only?: string[]): CodeAction[] {
  if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
  const out: CodeAction[] = [];
  findings.forEach((f, fi) => {
    if (f.uri !== ref.uri || !overlaps(f.range, range)) return;
    const diagnostic: Diagnostic = toDiagnostic(f, docsBase);
    f.fixes.forEach((fix, xi) => {
      const action: CodeAction = { title: redactCredentials(fix.title), kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred };
      if (lazy) action.data = { ...ref, finding: fi, fix: xi } satisfies FixRef;
      else action.edit = workspaceEdit(fix);
      out.push(action);
    });
  });
  return out;
}
