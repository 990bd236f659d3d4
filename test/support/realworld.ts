// The real-world corpus (test/fixtures/realworld): Dockerfiles with their go.mod/go.sum/go.work and CI files,
// taken unedited from public Go repositories (sources.json records repository, commit and files), and the
// verdict on every finding the CLI reports on them (verdicts.tsv).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

export const REALWORLD = path.resolve(__dirname, '..', 'fixtures', 'realworld');
const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

export type Verdict = 'true' | 'false' | 'noise';

export interface CorpusFinding {
  case: string;
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: string;
  message: string;
}

export interface VerdictRow {
  key: string;
  verdict: Verdict;
  reason: string;
}

export interface Source {
  case: string;
  repo: string;
  commit: string;
  files: string[];
  categories: string[];
  goImage?: string;
  note?: string;
}

export function findingKey(f: Pick<CorpusFinding, 'case' | 'file' | 'line' | 'column' | 'rule' | 'severity'>): string {
  return [f.case, f.file, f.line, f.column, f.rule, f.severity].join('\t');
}

export function caseNames(): string[] {
  return fs
    .readdirSync(REALWORLD, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export function sources(): Source[] {
  return JSON.parse(fs.readFileSync(path.join(REALWORLD, 'sources.json'), 'utf8')) as Source[];
}

/** Every file of a case, relative to its folder, with `/` separators. */
export function caseFiles(name: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
      else out.push(r);
    }
  };
  walk(path.join(REALWORLD, name), '');
  return out.sort();
}

/** What the built CLI reports on one case, run in the case's folder as a user would run it in their repository. */
export function lintCase(name: string): CorpusFinding[] {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', '--locale', 'en'], {
    cwd: path.join(REALWORLD, name),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`the CLI exited ${r.status} on ${name}: ${r.stderr}`);
  const rows = JSON.parse(r.stdout) as { file: string; line: number; column: number; severity: string; rule: string; message: string }[];
  return rows.map((f) => ({ case: name, file: f.file, line: f.line, column: f.column, rule: f.rule, severity: f.severity, message: f.message }));
}

/** verdicts.tsv: case, file, line, column, rule, severity, verdict, reason (one line each; `#` lines are comments). */
export function readVerdicts(): Map<string, VerdictRow> {
  const out = new Map<string, VerdictRow>();
  const file = path.join(REALWORLD, 'verdicts.tsv');
  if (!fs.existsSync(file)) return out;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const cols = line.split('\t');
    if (cols.length < 8) throw new Error(`verdicts.tsv: a line needs 8 tab-separated columns: ${line}`);
    const key = cols.slice(0, 6).join('\t');
    const verdict = cols[6] as Verdict;
    if (!['true', 'false', 'noise'].includes(verdict)) throw new Error(`verdicts.tsv: unknown verdict "${cols[6]}": ${line}`);
    if (cols[7].trim() === '') throw new Error(`verdicts.tsv: a verdict needs a reason: ${line}`);
    if (out.has(key)) throw new Error(`verdicts.tsv: two verdicts for ${key}`);
    out.set(key, { key, verdict, reason: cols[7] });
  }
  return out;
}
