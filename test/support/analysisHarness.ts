// Drives the analysis core the way the server does, on in-memory files, and applies quick fixes.
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis';
import type { DocumentKind, RelatedFiles } from '../../server/src/core/request';
import {
  DEFAULT_SETTINGS,
  type AnalysisSettings,
  type Finding,
  type Fix,
  type Locale,
  type RuleId,
  type SourceFile,
  type TextEdit,
} from '../../server/src/core/types';
import { LineIndex } from '../../server/src/core/text';
import type { BuildArgs, GivenBuildArg } from '../../server/src/core/buildArgs';

export const DOCKERFILE_URI = 'file:///ws/Dockerfile';
export const GOMOD_URI = 'file:///ws/go.mod';
export const GOSUM_URI = 'file:///ws/go.sum';

export interface Files {
  dockerfile?: string;
  goMod?: string;
  goSum?: string;
  settings?: Partial<AnalysisSettings>;
  locale?: Locale;
  vendorDir?: boolean;
  /** The workspace's other Dockerfiles and CI files. */
  buildFiles?: SourceFile[];
  /** URIs (among buildFiles) of other Dockerfiles that build the same go.mod. */
  siblingDockerfiles?: string[];
  /** Build files of the context the RUN commands run (Makefiles, scripts …), by context-relative path. */
  scripts?: Record<string, string>;
  /** Build arguments of the build: NAME -> value as the command line passes them, or given with their source. */
  buildArgs?: Record<string, string | GivenBuildArg>;
}

function buildArgsOf(f: Files): BuildArgs | undefined {
  if (!f.buildArgs) return undefined;
  const out: Record<string, GivenBuildArg> = {};
  for (const [name, v] of Object.entries(f.buildArgs)) out[name] = typeof v === 'string' ? { value: v, known: true, source: 'cli', label: '' } : v;
  return out;
}

function settingsOf(f: Files): AnalysisSettings {
  return { ...DEFAULT_SETTINGS, ...f.settings };
}

export function analyzeDockerfile(f: Files): Finding[] {
  const related: RelatedFiles = {
    goMod: f.goMod !== undefined ? { uri: GOMOD_URI, text: f.goMod } : undefined,
    goSum: f.goSum !== undefined ? { uri: GOSUM_URI, text: f.goSum } : undefined,
    vendorDir: f.vendorDir,
    buildFiles: f.buildFiles,
    siblingDockerfiles: f.siblingDockerfiles && (() => f.siblingDockerfiles!),
    buildScripts: f.scripts && Object.entries(f.scripts).map(([contextPath, text]) => ({ uri: `file:///ws/${contextPath}`, contextPath, text })),
  };
  return analyze({
    file: { uri: DOCKERFILE_URI, text: f.dockerfile ?? '' },
    kind: 'dockerfile',
    related,
    settings: settingsOf(f),
    locale: f.locale ?? 'en',
    buildArgs: buildArgsOf(f),
  });
}

export function analyzeGoMod(f: Files, kind: DocumentKind = 'gomod'): Finding[] {
  const related: RelatedFiles = {
    dockerfiles: f.dockerfile !== undefined ? [{ uri: DOCKERFILE_URI, text: f.dockerfile }] : [],
    goSum: f.goSum !== undefined ? { uri: GOSUM_URI, text: f.goSum } : undefined,
    vendorDir: f.vendorDir,
    buildFiles: f.buildFiles,
  };
  return analyze({
    file: { uri: GOMOD_URI, text: f.goMod ?? '' },
    kind,
    related,
    settings: settingsOf(f),
    locale: f.locale ?? 'en',
    buildArgs: buildArgsOf(f),
  });
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  const sorted = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Applies a fix to the in-memory files (Dockerfile and/or go.mod). */
export function applyFix(f: Files, fix: Fix): Files {
  const next = { ...f };
  for (const de of fix.edits) {
    if (de.uri === DOCKERFILE_URI) next.dockerfile = applyEdits(next.dockerfile ?? '', de.edits);
    else if (de.uri === GOMOD_URI) next.goMod = applyEdits(next.goMod ?? '', de.edits);
    else assert.fail(`fix edits an unexpected document ${de.uri}`);
  }
  return next;
}

export function only(findings: Finding[], rule: RuleId): Finding[] {
  return findings.filter((x) => x.rule === rule);
}

/**
 * Applies the first (preferred) fix of the first finding of `rule`, re-analyses, and checks that this finding
 * is gone and that no new error-level finding appeared. Returns the fixed files.
 */
export function assertFixRoundTrip(f: Files, rule: RuleId, on: 'dockerfile' | 'gomod' = 'dockerfile', fixIndex = 0): Files {
  const run = (x: Files) => (on === 'dockerfile' ? analyzeDockerfile(x) : analyzeGoMod(x));
  const before = run(f);
  const target = only(before, rule)[0];
  assert.ok(target, `expected a ${rule} finding before the fix`);
  const fix = target.fixes[fixIndex];
  assert.ok(fix, `expected a fix #${fixIndex} on ${rule}`);
  const fixed = applyFix(f, fix);
  const after = run(fixed);
  const sameSpot = (x: Finding) => x.uri === target.uri && JSON.stringify(x.range) === JSON.stringify(target.range);
  assert.ok(
    only(after, rule).length < only(before, rule).length && !only(after, rule).some(sameSpot),
    `${rule} still reported after "${fix.title}":\n${fixed.dockerfile ?? ''}`,
  );
  const errorsBefore = before.filter((x) => x.severity === 'error').length;
  const newErrors = after.filter((x) => x.severity === 'error');
  assert.ok(
    newErrors.length <= errorsBefore - (target.severity === 'error' ? 1 : 0),
    `new errors after the fix: ${JSON.stringify(newErrors.map((x) => x.rule))}`,
  );
  // Applying the fix again from the new state must not find the same fix (no loops).
  return fixed;
}

export function at(line: number, character: number, endLine: number, endCharacter: number) {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}
