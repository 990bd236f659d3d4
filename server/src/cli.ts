// The command-line front end over the same analysis, for CI:
//   node dist/cli.js [paths...] [--format text|json|sarif] [--locale en|zh-cn]
// Exit status: 1 if any finding is an error, 2 on a usage error, else 0.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from './analysis';
import type { DocumentKind } from './core/request';
import { toLocale, localize, type Localized } from './core/localize';
import type { Locale } from './core/types';
import { parseJsonc, parseSettings, sectionFromSettingsJson } from './settings';
import { documentKind, pathToUri, Workspace } from './workspace';
import { toJson, toSarif, toText, type FileFindings } from './cliFormat';

const VERSION = '0.1.0';
const SKIPPED = new Set(['node_modules', '.git', 'vendor', '.hg', '.svn']);
type Format = 'text' | 'json' | 'sarif';

const T = {
  usage: {
    en: () => 'usage: go-proxy-doctor [paths...] [--format text|json|sarif] [--locale en|zh-cn] [--no-color]',
    'zh-cn': () => '用法：go-proxy-doctor [路径...] [--format text|json|sarif] [--locale en|zh-cn] [--no-color]',
  },
  badFormat: { en: (v: string) => `unknown --format "${v}" (text, json or sarif)`, 'zh-cn': (v: string) => `未知的 --format "${v}"（可选 text、json、sarif）` } satisfies Localized<[string]>,
  badLocale: { en: (v: string) => `unknown --locale "${v}" (en or zh-cn)`, 'zh-cn': (v: string) => `未知的 --locale "${v}"（可选 en、zh-cn）` } satisfies Localized<[string]>,
  unknownOption: { en: (v: string) => `unknown option ${v}`, 'zh-cn': (v: string) => `未知选项 ${v}` } satisfies Localized<[string]>,
  missing: { en: (v: string) => `no such file or directory: ${v}`, 'zh-cn': (v: string) => `文件或目录不存在：${v}` } satisfies Localized<[string]>,
  badSettings: { en: (v: string) => `ignoring ${v}: not valid JSON`, 'zh-cn': (v: string) => `忽略 ${v}：不是合法的 JSON` } satisfies Localized<[string]>,
};

interface Options {
  paths: string[];
  format: Format;
  locale: Locale;
  color: boolean;
}

class UsageError extends Error {}

function envLocale(): Locale {
  return toLocale(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG);
}

function parseArgs(argv: string[], fallbackLocale: Locale): Options | 'help' | 'version' {
  const o: Options = { paths: [], format: 'text', locale: fallbackLocale, color: !!process.stdout.isTTY && !process.env.NO_COLOR };
  const value = (i: number, name: string) => {
    const v = argv[i + 1];
    if (v === undefined) throw new UsageError(localize(fallbackLocale, T.unknownOption, name));
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--version') return 'version';
    if (flag === '--no-color') o.color = false;
    else if (flag === '--color') o.color = true;
    else if (flag === '--format' || flag === '-f') {
      const v = inline ?? value(i++, flag);
      if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(localize(fallbackLocale, T.badFormat, v));
      o.format = v;
    } else if (flag === '--locale') {
      const v = inline ?? value(i++, flag);
      if (!/^(en|zh-cn)$/i.test(v)) throw new UsageError(localize(fallbackLocale, T.badLocale, v));
      o.locale = toLocale(v);
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(localize(fallbackLocale, T.unknownOption, a));
    else o.paths.push(a);
  }
  if (o.paths.length === 0) o.paths.push('.');
  return o;
}

function collect(p: string, out: Map<string, DocumentKind>): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    throw new UsageError(p);
  }
  if (st.isFile()) {
    out.set(path.resolve(p), documentKind(p) ?? 'dockerfile');
    return;
  }
  const walk = (dir: string, depth: number) => {
    if (depth > 20) return;
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED.has(e.name)) walk(full, depth + 1);
      } else if (e.isFile()) {
        const kind = documentKind(full);
        if (kind) out.set(full, kind);
      }
    }
  };
  walk(path.resolve(p), 0);
}

function readSettings(cwd: string, locale: Locale) {
  const file = path.join(cwd, '.vscode', 'settings.json');
  if (!fs.existsSync(file)) return parseSettings({});
  try {
    return parseSettings(sectionFromSettingsJson(parseJsonc(fs.readFileSync(file, 'utf8'))));
  } catch {
    process.stderr.write(localize(locale, T.badSettings, path.relative(cwd, file)) + '\n');
    return parseSettings({});
  }
}

export function main(argv: string[], cwd = process.cwd()): number {
  const fallback = envLocale();
  let opts: Options | 'help' | 'version';
  try {
    opts = parseArgs(argv, fallback);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${localize(fallback, T.usage)}\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(localize(fallback, T.usage) + '\n');
    return 0;
  }
  if (opts === 'version') {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const files = new Map<string, DocumentKind>();
  for (const p of opts.paths) {
    try {
      collect(path.resolve(cwd, p), files);
    } catch {
      process.stderr.write(localize(opts.locale, T.missing, p) + '\n');
      return 2;
    }
  }
  const roots = [cwd, ...opts.paths.map((p) => path.resolve(cwd, p)).filter((p) => path.relative(cwd, p).startsWith('..'))];
  const workspace = new Workspace(roots.map((r) => (fs.statSync(r).isDirectory() ? r : path.dirname(r))));
  const settings = readSettings(cwd, opts.locale);
  const results: FileFindings[] = [];
  for (const [file, kind] of files) {
    const text = workspace.read(file);
    if (text === undefined) continue;
    const uri = pathToUri(file);
    const findings = analyze(workspace.request({ uri, text }, kind, settings, opts.locale)).filter((f) => f.uri === uri);
    results.push({ file: path.relative(cwd, file).split(path.sep).join('/') || path.basename(file), findings });
  }
  const docs = pathToUri(path.join(__dirname, '..', 'README.md'));
  if (opts.format === 'json') process.stdout.write(JSON.stringify(toJson(results), null, 2) + '\n');
  else if (opts.format === 'sarif') process.stdout.write(JSON.stringify(toSarif(results, opts.locale, VERSION, docs), null, 2) + '\n');
  else process.stdout.write(toText(results, opts.locale, opts.color, files.size));
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
