// Findings a document's analysis reports in another file: a build argument's value where a compose file, a workflow or
// a Makefile writes it. Diagnostics are published per file, so each such file gets what every analysed document
// reports in it now; a document that stops reporting there (or is closed) takes its findings away.
import type { Finding } from '../core/types';
import { documentKind } from '../workspace';

export class ElsewhereFindings {
  /** Document analysed -> file it reports in -> the findings. */
  private bySource = new Map<string, Map<string, Finding[]>>();

  /**
   * Records what `source`'s analysis reports outside it; returns every file whose findings may have changed, with all
   * of them (empty: clear). A Dockerfile, go.mod or go.work publishes its own diagnostics, so none is returned.
   */
  update(source: string, findings: readonly Finding[]): Map<string, Finding[]> {
    const next = new Map<string, Finding[]>();
    for (const f of findings) {
      if (f.uri === source || documentKind(f.uri)) continue;
      (next.get(f.uri) ?? next.set(f.uri, []).get(f.uri)!).push(f);
    }
    const before = this.bySource.get(source);
    const touched = new Set([...(before?.keys() ?? []), ...next.keys()]);
    if (next.size > 0) this.bySource.set(source, next);
    else this.bySource.delete(source);
    return new Map([...touched].map((uri) => [uri, this.findingsIn(uri)]));
  }

  /** The document is closed: what it reported elsewhere goes. */
  forget(source: string): Map<string, Finding[]> {
    return this.update(source, []);
  }

  /** Everything reported in a file, once even when several documents report the same value. */
  findingsIn(uri: string): Finding[] {
    const seen = new Map<string, Finding>();
    for (const reported of this.bySource.values()) {
      for (const f of reported.get(uri) ?? []) {
        const key = JSON.stringify([f.rule, f.range, f.message, f.severity]);
        if (!seen.has(key)) seen.set(key, f);
      }
    }
    return [...seen.values()].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }
}
