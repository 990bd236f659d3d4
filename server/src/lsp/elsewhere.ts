// Findings a Dockerfile's analysis reports in another file: a build argument's value where a compose file, a workflow or
// a Makefile writes it. Diagnostics are published per file, so each such file gets what every analysed Dockerfile
// reports in it now; a Dockerfile that stops reporting there (or is no longer analysed) takes its findings away.
// Each report remembers the text of the file it was made against: once that file's text is another (edited, or
// closed and read from disk again), the report is left out until its Dockerfile is analysed again, so no range
// published points into text that is no longer there.
import type { Finding } from '../core/types';
import { documentKind } from '../host/fileKinds';

interface Report {
  findings: Finding[];
  /** The text of the file the findings are in, as the analysis read it. */
  text: string | undefined;
}

export class ElsewhereFindings {
  /** Dockerfile analysed -> file it reports in -> the findings. */
  private bySource = new Map<string, Map<string, Report>>();

  constructor(
    /** The text of a file now, as analyses read it (the editor's when open, else the disk's). */
    private readonly textOf: (uri: string) => string | undefined = () => undefined,
  ) {}

  /**
   * Records what `source`'s analysis reports outside it; returns every file whose findings may have changed, with all
   * of them (empty: clear). A Dockerfile, go.mod or go.work publishes its own diagnostics, so none is returned.
   */
  update(source: string, findings: readonly Finding[]): Map<string, Finding[]> {
    const next = new Map<string, Report>();
    for (const f of findings) {
      if (f.uri === source || documentKind(f.uri)) continue;
      let report = next.get(f.uri);
      if (!report) next.set(f.uri, (report = { findings: [], text: this.textOf(f.uri) }));
      report.findings.push(f);
    }
    const before = this.bySource.get(source);
    const touched = new Set([...(before?.keys() ?? []), ...next.keys()]);
    if (next.size > 0) this.bySource.set(source, next);
    else this.bySource.delete(source);
    return new Map([...touched].map((uri) => [uri, this.findingsIn(uri)]));
  }

  /** The Dockerfile is no longer analysed: what it reported elsewhere goes. */
  forget(source: string): Map<string, Finding[]> {
    return this.update(source, []);
  }

  /** Whether any analysis has reported in this file (so diagnostics may have been published there). */
  reportsIn(uri: string): boolean {
    for (const reported of this.bySource.values()) if (reported.has(uri)) return true;
    return false;
  }

  /** Everything reported in a file against its text now, once even when several Dockerfiles report the same value. */
  findingsIn(uri: string): Finding[] {
    const seen = new Map<string, Finding>();
    const text = this.textOf(uri);
    for (const reported of this.bySource.values()) {
      const report = reported.get(uri);
      if (!report || report.text !== text) continue;
      for (const f of report.findings) {
        const key = JSON.stringify([f.rule, f.range, f.message, f.severity]);
        if (!seen.has(key)) seen.set(key, f);
      }
    }
    return [...seen.values()].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }
}
