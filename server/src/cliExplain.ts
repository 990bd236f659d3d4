// `go-proxy-doctor explain [FILE | -] [--dockerfile PATH] [--format text|json] [--locale en|zh-cn] [--no-color]`:
// a build log in (a file, or standard input), each Go module failure out, tied to its Dockerfile line.
// Exit status: 2 on a usage error or a file that cannot be read, 1 when a Go module failure was found, else 0.
import * as path from 'node:path';
import { analyzeContext } from './analysis';
import { AnalysisContext } from './model/context';
import { localize, toLocale, type Localized } from './core/localize';
import { redactCredentials } from './core/redact';
import type { Locale } from './core/types';
import { pathToUri } from './core/uri';
import { explainLog, readBuildLog, type Explanation, type ExplainedLog } from './explain';
import { isRegularFile, readRegular, readStdin, REASONS } from './host/cliFiles';
import { Workspace } from './host/workspace';
import { escapeControls, stringifySafe } from './cliFormat';
import { parseSettings } from './core/settings';

export interface ExplainOptions {
  log: string;
  dockerfile?: string;
  format: 'text' | 'json';
  locale: Locale;
  color: boolean;
}

/** One failure as `--format json` prints it. */
export interface JsonExplanation {
  class: string;
  message: string;
  fix: string;
  module?: string;
  host?: string;
  logLine: number;
  file?: string;
  line?: number;
}

const MESSAGES = {
  usage: {
    en: () => 'usage: go-proxy-doctor explain [FILE | -] [--dockerfile PATH] [--format text|json] [--locale en|zh-cn] [--no-color]',
    'zh-cn': () => '用法：go-proxy-doctor explain [文件 | -] [--dockerfile 路径] [--format text|json] [--locale en|zh-cn] [--no-color]',
  },
  badFormat: {
    en: (v: string) => `unknown --format "${v}" (text or json)`,
    'zh-cn': (v: string) => `未知的 --format "${v}"（可选 text、json）`,
  } satisfies Localized<[string]>,
  badLocale: {
    en: (v: string) => `unknown --locale "${v}" (en or zh-cn)`,
    'zh-cn': (v: string) => `未知的 --locale "${v}"（可选 en、zh-cn）`,
  } satisfies Localized<[string]>,
  needsValue: { en: (v: string) => `${v} needs a value`, 'zh-cn': (v: string) => `${v} 需要一个值` } satisfies Localized<[string]>,
  unknownOption: { en: (v: string) => `unknown option ${v}`, 'zh-cn': (v: string) => `未知选项 ${v}` } satisfies Localized<[string]>,
  oneLog: { en: () => 'give one log file (or - for standard input)', 'zh-cn': () => '请只给出一个日志文件（或用 - 表示标准输入）' },
  cannotRead: { en: (f: string, why: string) => `cannot read ${f}: ${why}`, 'zh-cn': (f: string, why: string) => `无法读取 ${f}：${why}` } satisfies Localized<
    [string, string]
  >,
  none: { en: () => 'No Go module failure found in this log.', 'zh-cn': () => '此日志中未发现 Go 模块失败。' },
  found: {
    en: (n: number) => `${n} Go module failure${n === 1 ? '' : 's'} found.`,
    'zh-cn': (n: number) => `发现 ${n} 个 Go 模块失败。`,
  } satisfies Localized<[number]>,
  logLine: { en: (n: number) => `log line ${n}`, 'zh-cn': (n: number) => `日志第 ${n} 行` } satisfies Localized<[number]>,
  fix: { en: (s: string) => `Fix: ${s}`, 'zh-cn': (s: string) => `修复：${s}` } satisfies Localized<[string]>,
  noDockerfile: {
    en: () => 'No Dockerfile was found for this log (pass --dockerfile PATH): failures are not tied to Dockerfile lines.',
    'zh-cn': () => '没有找到此日志对应的 Dockerfile（请用 --dockerfile 路径 指定）：失败无法对应到 Dockerfile 行。',
  },
};

class UsageError extends Error {}

export function parseExplainArgs(argv: string[], fallback: Locale, isTTY: boolean, noColorEnv: boolean): ExplainOptions | 'help' {
  const o: ExplainOptions = { log: '-', format: 'text', locale: fallback, color: isTTY && !noColorEnv };
  const fail = <A extends unknown[]>(text: Localized<A>, ...args: A) => new UsageError(escapeControls(localize(fallback, text, ...args)));
  const logs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[i + 1];
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('-'))) throw fail(MESSAGES.needsValue, flag);
      if (inline === undefined) i++;
      return v;
    };
    if (flag === '--help' || flag === '-h') return 'help';
    else if (flag === '--no-color') o.color = false;
    else if (flag === '--color') o.color = true;
    else if (flag === '--dockerfile') o.dockerfile = value();
    else if (flag === '--format' || flag === '-f') {
      const v = value();
      if (v !== 'text' && v !== 'json') throw fail(MESSAGES.badFormat, v);
      o.format = v;
    } else if (flag === '--locale') {
      const v = value();
      if (!/^(en|zh-cn)$/i.test(v)) throw fail(MESSAGES.badLocale, v);
      o.locale = toLocale(v);
    } else if (a === '--') (logs.push(...argv.slice(i + 1)), (i = argv.length));
    else if (a.startsWith('-') && a !== '-') throw fail(MESSAGES.unknownOption, a);
    else logs.push(a);
  }
  if (logs.length > 1) throw fail(MESSAGES.oneLog);
  if (logs[0] !== undefined) o.log = logs[0];
  return o;
}

/** The Dockerfile the log built: the one given, else the one the log names, else ./Dockerfile. */
function dockerfilePath(opts: ExplainOptions, named: string | undefined, cwd: string): string | undefined {
  if (opts.dockerfile !== undefined) return path.resolve(cwd, opts.dockerfile);
  for (const candidate of [named, 'Dockerfile']) {
    if (!candidate) continue;
    const p = path.resolve(cwd, candidate);
    if (isRegularFile(p)) return p;
  }
  return undefined;
}

export function toJsonExplanations(explained: ExplainedLog, shownFile: string | undefined): JsonExplanation[] {
  return explained.explanations.map((e) => ({
    class: e.kind,
    message: e.message,
    fix: e.fix,
    ...(e.module ? { module: e.module } : {}),
    ...(e.host ? { host: e.host } : {}),
    logLine: e.logLine,
    ...(e.location && shownFile ? { file: shownFile, line: e.location.line } : {}),
  }));
}

function toText(explanations: readonly Explanation[], shownFile: string | undefined, locale: Locale, color: boolean, noDockerfile: boolean): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  for (const e of explanations) {
    const where = e.location && shownFile ? `${shownFile}:${e.location.line}` : localize(locale, MESSAGES.logLine, e.logLine);
    const context = [e.location && shownFile ? localize(locale, MESSAGES.logLine, e.logLine) : undefined, e.step]
      .filter(Boolean)
      .join(locale === 'zh-cn' ? '，' : ', ');
    lines.push(`${paint('1', escapeControls(where))}  ${paint('31', e.kind)}${context ? paint('2', `  (${escapeControls(context)})`) : ''}`);
    lines.push(`  ${escapeControls(e.message)}`, `  ${escapeControls(localize(locale, MESSAGES.fix, e.fix))}`, '');
  }
  if (explanations.length > 0 && noDockerfile) lines.push(paint('2', localize(locale, MESSAGES.noDockerfile)));
  lines.push(explanations.length === 0 ? localize(locale, MESSAGES.none) : paint('1;31', localize(locale, MESSAGES.found, explanations.length)));
  return lines.join('\n') + '\n';
}

export function explainMain(
  argv: string[],
  cwd: string,
  fallback: Locale,
  write: (stream: NodeJS.WriteStream, text: string) => void,
  isTTY: boolean,
  noColorEnv: boolean,
): number {
  let opts: ExplainOptions | 'help';
  try {
    opts = parseExplainArgs(argv, fallback, isTTY, noColorEnv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    write(process.stderr, `${err.message}\n${localize(fallback, MESSAGES.usage)}\n`);
    return 2;
  }
  if (opts === 'help') {
    write(process.stdout, localize(fallback, MESSAGES.usage) + '\n');
    return 0;
  }
  const locale = opts.locale;
  let text: string;
  if (opts.log === '-') text = readStdin();
  else {
    const r = readRegular(path.resolve(cwd, opts.log));
    if ('reason' in r) {
      write(process.stderr, escapeControls(localize(locale, MESSAGES.cannotRead, opts.log, localize(locale, REASONS[r.reason], r.code ?? ''))) + '\n');
      return 2;
    }
    text = r.text;
  }
  const log = readBuildLog(text);
  const settings = parseSettings({});
  const file = dockerfilePath(opts, log.dockerfileName, cwd);
  let explained: ExplainedLog;
  let shown: string | undefined;
  if (file) {
    const r = readRegular(file);
    if ('reason' in r) {
      write(
        process.stderr,
        escapeControls(localize(locale, MESSAGES.cannotRead, opts.dockerfile ?? file, localize(locale, REASONS[r.reason], r.code ?? ''))) + '\n',
      );
      return 2;
    }
    const workspace = new Workspace([cwd]);
    const context = new AnalysisContext(workspace.request({ uri: pathToUri(file), text: r.text }, 'dockerfile', settings, locale));
    const findings = analyzeContext(context);
    explained = explainLog(log, { ...(context.dockerfile ? { dockerfile: context.dockerfile } : {}), findings, settings, locale });
    shown = path.relative(cwd, file).split(path.sep).join('/') || file;
  } else explained = explainLog(log, { settings, locale });
  const found = explained.explanations;
  if (opts.format === 'json') write(process.stdout, redactCredentials(stringifySafe(toJsonExplanations(explained, shown))) + '\n');
  else write(process.stdout, toText(found, shown, locale, opts.color, !file && found.some((e) => e.step !== undefined)));
  return found.length > 0 ? 1 : 0;
}
