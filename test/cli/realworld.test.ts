// The real-world corpus as a test: every finding the CLI reports on real Dockerfiles from public Go repositories
// needs a verdict in verdicts.tsv, and only true findings may remain. Prints precision per rule and severity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REALWORLD, caseFiles, caseNames, findingKey, lintCase, readVerdicts, sources, type CorpusFinding } from '../support/realworld';

const names = caseNames();
const findings: CorpusFinding[] = names.flatMap(lintCase);
const verdicts = readVerdicts();

function precisionTable(by: (f: CorpusFinding) => string): string[] {
  const groups = new Map<string, { all: number; ok: number }>();
  for (const f of findings) {
    const g = groups.get(by(f)) ?? { all: 0, ok: 0 };
    g.all++;
    if (verdicts.get(findingKey(f))?.verdict === 'true') g.ok++;
    groups.set(by(f), g);
  }
  return [...groups]
    .sort((a, b) => b[1].all - a[1].all)
    .map(([k, g]) => `  ${k.padEnd(32)} ${String(g.ok).padStart(4)} / ${String(g.all).padEnd(4)} ${((100 * g.ok) / g.all).toFixed(1)} %`);
}

test('the corpus is real: at least 100 cases, each with its repository, commit and every file recorded', () => {
  assert.ok(names.length >= 100, `only ${names.length} cases`);
  const byCase = new Map(sources().map((s) => [s.case, s]));
  for (const name of names) {
    const s = byCase.get(name);
    assert.ok(s, `${name} has no entry in sources.json`);
    assert.match(s.repo, /^[\w.-]+\/[\w.-]+$/, `${name}: repository`);
    assert.match(s.commit, /^[0-9a-f]{40}$/, `${name}: commit`);
    const listed = new Set(s.files);
    for (const f of caseFiles(name)) assert.ok(listed.has(f), `${name}/${f} is not listed in sources.json`);
    for (const f of s.files) assert.ok(fs.existsSync(path.join(REALWORLD, name, f)), `${name}/${f} is listed but missing`);
  }
  for (const s of byCase.values()) assert.ok(names.includes(s.case), `sources.json lists ${s.case}, which has no folder`);
});

test('every finding on the corpus has a verdict, and every verdict is true', () => {
  const missing = findings.filter((f) => !verdicts.has(findingKey(f)));
  const bad = findings.filter((f) => ['false', 'noise'].includes(verdicts.get(findingKey(f))?.verdict ?? ''));
  const reported = new Set(findings.map(findingKey));
  const stale = [...verdicts.keys()].filter((k) => !reported.has(k));
  const ok = findings.filter((f) => verdicts.get(findingKey(f))?.verdict === 'true').length;
  const errors = findings.filter((f) => f.severity === 'error');
  console.log(
    [
      `real-world corpus: ${names.length} cases, ${findings.length} findings, ${ok} true: precision ${findings.length ? ((100 * ok) / findings.length).toFixed(1) : '100.0'} %`,
      `errors: ${errors.length}, of them true: ${errors.filter((f) => verdicts.get(findingKey(f))?.verdict === 'true').length}`,
      'per rule:',
      ...precisionTable((f) => f.rule),
      'per severity:',
      ...precisionTable((f) => f.severity),
    ].join('\n'),
  );
  const show = (fs: CorpusFinding[]) => fs.map((f) => `${findingKey(f)}  # ${f.message}`).join('\n');
  assert.equal(missing.length, 0, `findings without a verdict (add them to verdicts.tsv):\n${show(missing)}`);
  assert.equal(bad.length, 0, `findings judged false or noise:\n${show(bad)}`);
  assert.equal(stale.length, 0, `verdicts for findings no longer reported (remove them):\n${stale.join('\n')}`);
});
