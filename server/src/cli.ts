// The command-line front end over the same analysis, for CI:
//   go-proxy-doctor [--format text|json|sarif] [--locale en|zh-cn] [--no-color] [--build-arg NAME[=VALUE]]...
//                   [--fail-on error|warning|information|never] [--quiet] [--] [paths...]
//   go-proxy-doctor explain [FILE | -] [...]: a build log explained (cliExplain.ts)
// Exit status: 2 on a usage error or input that could not be read, else 1 if a finding reaches --fail-on (default:
// an error), else 0.
import * as path from 'node:path';
import { analyze } from './analysis';
import { toLocale, localize, type Localized } from './core/localize';
import type { Finding, Locale } from './core/types';
import { parseJsonc, parseSettings, sectionFromSettingsJson } from './core/settings';
import { documentKind } from './host/fileKinds';
import { Workspace } from './host/workspace';
import { pathToUri, uriToPath } from './core/uri';
import { escapeControls, stringifySafe, toJson, toSarif, toText, type FileFindings } from './cliFormat';
import { ARG_TEXT, parseArgs, UsageError, type Options } from './cliArgs';
import { failsOn, isReported } from './cliThreshold';
import { collect, readRegular, REASONS, type Unreadable } from './host/cliFiles';
import { settingsBuildArgs } from './core/buildArgs';
import { loadHclParser } from './host/hclParserLoader';
import { PRODUCT_VERSION } from './version';
import { explainMain } from './cliExplain';

const VERSION = PRODUCT_VERSION;

const CLI_MESSAGES = {
  cannotRead: { en: (f: string, why: string) => `cannot read ${f}: ${why}`, 'zh-cn': (f: string, why: string) => `无法读取 ${f}：${why}` } satisfies Localized<
    [string, string]
  >,
  ignoring: { en: (f: string, why: string) => `ignoring ${f}: ${why}`, 'zh-cn': (f: string, why: string) => `忽略 ${f}：${why}` } satisfies Localized<
    [string, string]
  >,
  badJson: { en: () => 'not valid JSON', 'zh-cn': () => '不是合法的 JSON' },
  noHclParser: {
    en: (why: string) => `cannot read docker-bake.hcl: the HCL parser did not load (${why})`,
    'zh-cn': (why: string) => `无法读取 docker-bake.hcl：HCL 解析器未能加载（${why}）`,
  } satisfies Localized<[string]>,
};

/** Streams whose reader has gone away (`| head`): nothing more is written to them. */
const closed = new Set<NodeJS.WritableStream>();

/** A reader that stops early is not an error: stop writing to that stream, keep the exit status, print no trace. */
function toleratePipeClose(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
      closed.add(stream);
    });
  }
}

function write(stream: NodeJS.WriteStream, text: string): void {
  if (!closed.has(stream) && !stream.destroyed) stream.write(text);
}

function envLocale(): Locale {
  return toLocale(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG);
}

function why(u: Pick<Unreadable, 'reason' | 'code'>, locale: Locale): string {
  return localize(locale, REASONS[u.reason], u.code ?? '');
}

/** `.vscode/settings.json` of the working directory; none is fine, one that cannot be read or parsed is reported. */
function readSettings(cwd: string, locale: Locale): { settings: ReturnType<typeof parseSettings>; unreadable: boolean } {
  const shown = '.vscode/settings.json';
  const r = readRegular(path.join(cwd, '.vscode', 'settings.json'));
  if ('reason' in r) {
    if (r.reason !== 'missing') write(process.stderr, escapeControls(localize(locale, CLI_MESSAGES.ignoring, shown, why(r, locale))) + '\n');
    return { settings: parseSettings({}), unreadable: r.reason !== 'missing' };
  }
  try {
    return { settings: parseSettings(sectionFromSettingsJson(parseJsonc(r.text))), unreadable: false };
  } catch {
    write(process.stderr, localize(locale, CLI_MESSAGES.ignoring, shown, localize(locale, CLI_MESSAGES.badJson)) + '\n');
    return { settings: parseSettings({}), unreadable: false };
  }
}

/**
 * Findings a Dockerfile's analysis reports in another file: a build argument's value where a compose file, a
 * workflow or a Makefile writes it. Printed under that file, once even when several Dockerfiles report the value.
 * A Dockerfile, go.mod or go.work the findings point to is analysed on its own, so those are left to it.
 */
class Elsewhere {
  private byUri = new Map<string, Map<string, Finding>>();
  constructor(private readonly cwd: string) {}

  add(findings: Finding[]): void {
    for (const f of findings) {
      if (documentKind(f.uri) || !uriToPath(f.uri)) continue;
      const file = this.byUri.get(f.uri) ?? this.byUri.set(f.uri, new Map()).get(f.uri)!;
      const key = JSON.stringify([f.rule, f.range, f.message, f.severity]);
      if (!file.has(key)) file.set(key, f);
    }
  }

  files(): FileFindings[] {
    const out = [...this.byUri].map(([uri, found]) => {
      const shown = path.relative(this.cwd, uriToPath(uri)!).split(path.sep).join('/');
      const findings = [...found.values()].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
      return { file: shown, uri: shown.split('/').map(encodeURIComponent).join('/'), findings };
    });
    return out.sort((a, b) => a.file.localeCompare(b.file));
  }
}

export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  const fallback = envLocale();
  if (argv[0] === 'explain') return explainMain(argv.slice(1), cwd, fallback, write, !!process.stdout.isTTY, !!process.env.NO_COLOR);
  let opts: Options | 'help' | 'version';
  try {
    opts = parseArgs(argv, fallback, !!process.stdout.isTTY, !!process.env.NO_COLOR, process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    write(process.stderr, `${err.message}\n${localize(fallback, ARG_TEXT.usage)}\n`);
    return 2;
  }
  if (opts === 'help') {
    write(process.stdout, `${localize(fallback, ARG_TEXT.usage)}\n\n${localize(fallback, ARG_TEXT.help)}\n`);
    return 0;
  }
  if (opts === 'version') {
    write(process.stdout, VERSION + '\n');
    return 0;
  }
  const locale = opts.locale;
  const { files, unreadable, roots } = collect(opts.paths, cwd);
  const outside = roots.filter((r) => path.relative(cwd, r).startsWith('..'));
  const workspace = new Workspace([cwd, ...outside]);
  const { settings, unreadable: badSettings } = readSettings(cwd, locale);
  // The builds of a docker-bake.hcl are read with the HCL parser, loaded only for a workspace that has one.
  let noHclParser = false;
  if (files.length > 0 && workspace.hasBakeHcl()) {
    try {
      await loadHclParser();
    } catch (err) {
      noHclParser = true;
      write(process.stderr, escapeControls(localize(locale, CLI_MESSAGES.noHclParser, String((err as Error)?.message ?? err).split('\n')[0])) + '\n');
    }
  }
  // The command line's build arguments over those of the settings, name by name.
  const buildArgs = { ...settingsBuildArgs(settings.buildArgs), ...opts.buildArgs };
  const results: FileFindings[] = [];
  const elsewhere = new Elsewhere(cwd);
  for (const file of files) {
    const r = readRegular(file.real);
    if ('reason' in r) {
      unreadable.push({ shown: file.shown, ...r });
      continue;
    }
    const uri = pathToUri(file.lossy);
    const all = analyze({ ...workspace.request({ uri, text: r.text }, file.kind, settings, locale), buildArgs });
    results.push({ file: file.shown, uri: file.uri, findings: all.filter((f) => f.uri === uri) });
    elsewhere.add(all.filter((f) => f.uri !== uri));
  }
  const scanned = results.length;
  results.push(...elsewhere.files());
  const reported = results.map((r) => ({ ...r, findings: r.findings.filter((f) => isReported(f.severity, opts.failOn, opts.quiet)) }));
  for (const u of unreadable) write(process.stderr, escapeControls(localize(locale, CLI_MESSAGES.cannotRead, u.shown, why(u, locale))) + '\n');
  const docs = pathToUri(path.join(__dirname, '..', 'README.md'));
  const problems = unreadable.length + (badSettings ? 1 : 0) + (noHclParser ? 1 : 0);
  if (opts.format === 'json') write(process.stdout, stringifySafe(toJson(reported)) + '\n');
  else if (opts.format === 'sarif') write(process.stdout, stringifySafe(toSarif(reported, locale, VERSION, docs)) + '\n');
  // --quiet: nothing at all when nothing is reported and everything was read.
  else if (!opts.quiet || problems > 0 || reported.some((r) => r.findings.length > 0))
    write(process.stdout, toText(reported, locale, opts.color, scanned, problems));
  if (problems > 0) return 2;
  return results.some((r) => r.findings.some((f) => failsOn(f.severity, opts.failOn))) ? 1 : 0;
}

if (require.main === module) {
  toleratePipeClose();
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
