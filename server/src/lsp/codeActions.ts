// Fixes → LSP code actions. Each action names the diagnostic it fixes; with resolve support the edit is
// computed only when the editor asks for it (the action carries where to find the fix again).
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { Finding, Fix } from '../core/types';
import { redactCredentials } from '../core/redact';
import { toDiagnostic } from './diagnostics';
import { clampRange, type Lines } from './positions';

export interface FixRef {
  uri: string;
  version: number;
  finding: number;
  fix: number;
}

function before(p: Range['start'], q: Range['start']): boolean {
  return p.line < q.line || (p.line === q.line && p.character < q.character);
}

function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** The fix's edits; those in `doc` (the document asked about) kept inside it. */
export function workspaceEdit(fix: Fix, doc?: Lines & { uri: string }): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const de of fix.edits) {
    const edits = doc && de.uri === doc.uri ? de.edits.map((e) => ({ ...e, range: clampRange(doc, e.range) })) : de.edits;
    (changes[de.uri] ??= []).push(...edits);
  }
  return { changes };
}

/**
 * Quick fixes for the findings that touch `range`, among the first `limit` findings of the document (those
 * published as diagnostics); `lazy` leaves the edit to codeAction/resolve.
 */
export function codeActionsFor(
  findings: Finding[],
  range: Range,
  ref: Omit<FixRef, 'finding' | 'fix'>,
  docsBase: string,
  lazy: boolean,
  only?: string[],
  limit = Infinity,
  doc?: Lines & { uri: string },
): CodeAction[] {
  if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
  const out: CodeAction[] = [];
  let seen = 0;
  for (let fi = 0; fi < findings.length && seen < limit; fi++) {
    const f = findings[fi];
    if (f.uri !== ref.uri) continue;
    seen++;
    // Findings are sorted by start: none after this one can touch the range.
    if (before(range.end, f.range.start)) break;
    if (!overlaps(f.range, range) || f.fixes.length === 0) continue;
    const diagnostic: Diagnostic = toDiagnostic(f, docsBase);
    f.fixes.forEach((fix, xi) => {
      const action: CodeAction = { title: redactCredentials(fix.title), kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred };
      if (lazy) action.data = { ...ref, finding: fi, fix: xi } satisfies FixRef;
      else action.edit = workspaceEdit(fix, doc);
      out.push(action);
    });
  }
  return out;
}
