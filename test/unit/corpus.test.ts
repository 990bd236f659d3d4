// Corpus test: realistic Dockerfiles (Go and other languages) with the complete list of findings a correct
// analysis must produce, written from the rules' documentation and the go command's behaviour, not snapshotted.
//
// Each folder of test/fixtures/corpus/ holds a Dockerfile and, when its layout needs them, go.mod + go.sum,
// go.work (+ the go.mod of every `use`d module), or vendor/modules.txt (passed as `vendorDir: true`), plus
// expected.json: [{ rule, line, column, severity }], 1-based, sorted by line, column, rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/analysis';
import type { RelatedFiles } from '../../server/src/core/request';
import { DEFAULT_SETTINGS, RULE_IDS, type Finding, type RuleId, type Severity, type SourceFile } from '../../server/src/core/types';
import { analyzeDockerfile, DOCKERFILE_URI, GOMOD_URI, GOSUM_URI } from '../support/analysisHarness';

const CORPUS = path.resolve(__dirname, '..', 'fixtures', 'corpus');
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** Credentials planted in the corpus: no message or fix title may repeat them. */
const SEEDED_CREDENTIALS = ['AKCp8nzqRkT3xUvW9yLmB2', 'ghp_R4nd0mT0k3nF0rT3sts0nly1234567', 'N3xusT0kenSeed42'];

interface Expected {
  rule: RuleId;
  line: number;
  column: number;
  severity: Severity;
}

interface Case {
  name: string;
  dir: string;
  dockerfile: string;
  goMod?: string;
  goSum?: string;
  goWork?: string;
  workModules: SourceFile[];
  vendorDir: boolean;
  expected: Expected[];
}

function readIfExists(p: string): string | undefined {
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
}

/** The directories a go.work `use`s (single-line and block forms). */
function useDirectives(goWork: string): string[] {
  const dirs: string[] = [];
  let inBlock = false;
  for (const raw of goWork.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (inBlock) {
      if (line === ')') inBlock = false;
      else if (line !== '') dirs.push(line);
    } else if (line === 'use (') inBlock = true;
    else if (line.startsWith('use ')) dirs.push(line.slice(4).trim());
  }
  return dirs;
}

function compareExpected(a: Expected, b: Expected): number {
  return a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

function loadCase(name: string): Case {
  const dir = path.join(CORPUS, name);
  const goWork = readIfExists(path.join(dir, 'go.work'));
  const workModules: SourceFile[] = [];
  for (const use of goWork ? useDirectives(goWork) : []) {
    const p = path.join(dir, use, 'go.mod');
    const text = readIfExists(p);
    if (text !== undefined) workModules.push({ uri: `file:///ws/${path.posix.join(use.replace(/^\.\//, ''), 'go.mod')}`, text });
  }
  return {
    name,
    dir,
    dockerfile: fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'),
    goMod: readIfExists(path.join(dir, 'go.mod')),
    goSum: readIfExists(path.join(dir, 'go.sum')),
    goWork,
    workModules,
    vendorDir: fs.existsSync(path.join(dir, 'vendor', 'modules.txt')),
    expected: JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected[],
  };
}

/** Runs the analysis as the server does for a Dockerfile whose build context is its folder. */
function run(c: Case): Finding[] {
  if (c.goWork === undefined) {
    return analyzeDockerfile({ dockerfile: c.dockerfile, goMod: c.goMod, goSum: c.goSum, vendorDir: c.vendorDir });
  }
  // A go.work workspace: the harness has no slot for it, so build the request the way host/workspace.ts does.
  const related: RelatedFiles = {
    goMod: c.goMod !== undefined ? { uri: GOMOD_URI, text: c.goMod } : undefined,
    goSum: c.goSum !== undefined ? { uri: GOSUM_URI, text: c.goSum } : undefined,
    goWork: { uri: 'file:///ws/go.work', text: c.goWork },
    workModules: c.workModules,
    vendorDir: c.vendorDir,
  };
  return analyze({ file: { uri: DOCKERFILE_URI, text: c.dockerfile }, kind: 'dockerfile', related, settings: { ...DEFAULT_SETTINGS }, locale: 'en' });
}

function shape(f: Finding): Expected {
  return { rule: f.rule, line: f.range.start.line + 1, column: f.range.start.character + 1, severity: f.severity };
}

function show(c: Case, list: Expected[]): string {
  const lines = c.dockerfile.split(/\r\n|\r|\n/);
  return list.map((e) => `  ${e.rule} ${e.line}:${e.column} ${e.severity}   | ${(lines[e.line - 1] ?? '').trim()}`).join('\n') || '  (none)';
}

const names = fs
  .readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const cases = names.map(loadCase);

test('corpus: layout and coverage', () => {
  assert.ok(cases.length >= 40, `at least 40 corpus folders, found ${cases.length}`);
  for (const c of cases) {
    assert.match(c.name, /^\d{2}-[a-z0-9-]+$/, `folder name ${c.name}`);
    const lineCount = c.dockerfile.split(/\r\n|\r|\n/).length;
    assert.ok(lineCount >= 5 && lineCount <= 61, `${c.name}: ${lineCount} lines`);
    assert.ok(Array.isArray(c.expected), `${c.name}: expected.json is an array`);
    for (const e of c.expected) {
      assert.deepEqual(Object.keys(e).sort(), ['column', 'line', 'rule', 'severity'], `${c.name}: expected entry keys`);
      assert.ok((RULE_IDS as readonly string[]).includes(e.rule), `${c.name}: unknown rule ${e.rule}`);
      assert.ok(SEVERITIES.includes(e.severity), `${c.name}: unknown severity ${e.severity}`);
      assert.ok(Number.isInteger(e.line) && e.line >= 1 && Number.isInteger(e.column) && e.column >= 1, `${c.name}: 1-based position`);
    }
    assert.deepEqual([...c.expected].sort(compareExpected), c.expected, `${c.name}: expected.json is sorted by line, column, rule`);
    if (c.goWork !== undefined) assert.ok(c.workModules.length === useDirectives(c.goWork).length, `${c.name}: every go.work module has a go.mod`);
  }
  const nonGo = cases.filter((c) => /-nongo-/.test(c.name));
  assert.ok(nonGo.length >= 8, 'at least 8 Dockerfiles of other languages');
  for (const c of nonGo) {
    assert.deepEqual(c.expected, [], `${c.name}: a non-Go Dockerfile expects no findings`);
    assert.equal(c.goMod, undefined, `${c.name}: a non-Go folder has no go.mod`);
  }
  const cleanGo = cases.filter((c) => /-clean-/.test(c.name));
  assert.ok(cleanGo.length >= 10, 'at least 10 clean Go Dockerfiles');
  for (const c of cleanGo) assert.deepEqual(c.expected, [], `${c.name}: a clean Go Dockerfile expects no findings`);
  assert.ok(cases.filter((c) => c.dockerfile.includes('\r\n')).length >= 2, 'at least two Dockerfiles with CRLF line endings');
  assert.ok(
    cases.some((c) => /^# escape=`/.test(c.dockerfile)),
    'a Dockerfile with the backtick escape directive',
  );
  assert.ok(
    cases.some((c) => c.goWork !== undefined),
    'a go.work monorepo',
  );
  assert.ok(
    cases.some((c) => c.vendorDir),
    'a vendored module',
  );
});

for (const c of cases) {
  test(`corpus: ${c.name}`, () => {
    const findings = run(c);
    const actual = findings.map(shape).sort(compareExpected);
    assert.deepEqual(actual, c.expected, `${c.name}: findings differ from expected.json\nexpected:\n${show(c, c.expected)}\nactual:\n${show(c, actual)}`);
  });

  test(`corpus: ${c.name}: ranges inside the document, no credentials in messages`, () => {
    const lines = c.dockerfile.split(/\r\n|\r|\n/);
    const planted = SEEDED_CREDENTIALS.filter((s) => c.dockerfile.includes(s));
    for (const f of run(c)) {
      assert.equal(f.uri, DOCKERFILE_URI, `${c.name}: ${f.rule} reported on ${f.uri}`);
      const { start, end } = f.range;
      for (const p of [start, end]) {
        assert.ok(p.line >= 0 && p.line < lines.length, `${c.name}: ${f.rule} line ${p.line} outside the document`);
        assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `${c.name}: ${f.rule} character ${p.character} outside line ${p.line + 1}`);
      }
      assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${c.name}: ${f.rule} range ends before it starts`);
      for (const secret of planted) {
        assert.ok(!f.message.includes(secret), `${c.name}: ${f.rule} message leaks a credential: ${f.message}`);
        for (const fix of f.fixes) assert.ok(!fix.title.includes(secret), `${c.name}: ${f.rule} fix title leaks a credential: ${fix.title}`);
      }
    }
  });
}
