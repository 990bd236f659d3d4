// Command-line arguments of the CLI: [--format text|json|sarif] [--locale en|zh-cn] [--no-color] [--build-arg
// NAME[=VALUE]]... [--fail-on error|warning|information|never] [--quiet] [--] [paths...]
import { toLocale, localize, type Localized } from './core/localize';
import type { Locale, Severity } from './core/types';
import { escapeControls } from './cliFormat';
import { isBuildArgName, type GivenBuildArg } from './core/buildArgs';

export type Format = 'text' | 'json' | 'sarif';
/** The least severity that makes the exit status 1; `never`: findings never do. */
export type FailOn = Exclude<Severity, 'hint'> | 'never';
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'information', 'never'];

export interface Options {
  paths: string[];
  format: Format;
  locale: Locale;
  color: boolean;
  /** `--build-arg`: the last one of a name wins, as in `docker build`. */
  buildArgs: Record<string, GivenBuildArg>;
  failOn: FailOn;
  /** `--quiet`: report only the findings at or above the `--fail-on` severity (errors under `never`), and nothing on success. */
  quiet: boolean;
}

export class UsageError extends Error {}

export const ARG_TEXT = {
  usage: {
    en: () =>
      'usage: go-proxy-doctor [--format text|json|sarif] [--locale en|zh-cn] [--no-color] [--build-arg NAME[=VALUE]]... [--fail-on error|warning|information|never] [--quiet] [--] [paths...]',
    'zh-cn': () =>
      '用法：go-proxy-doctor [--format text|json|sarif] [--locale en|zh-cn] [--no-color] [--build-arg 名称[=值]]... [--fail-on error|warning|information|never] [--quiet] [--] [路径...]',
  },
  /** `--help`: the usage line, then every option, then the exit status. */
  help: {
    en: () =>
      [
        'Checks Dockerfiles, go.mod and go.work for Go module proxy mistakes. Folders are scanned; a named file is checked whatever its name.',
        '',
        'options:',
        '  -f, --format text|json|sarif      output format (default text)',
        '      --locale en|zh-cn             language of the messages (default: from LC_ALL, LC_MESSAGES or LANG)',
        '      --color, --no-color           colour the text output (default: on a terminal, unless NO_COLOR is set)',
        '      --build-arg NAME[=VALUE]      a build argument, as docker build takes it (repeatable; NAME alone: from the environment)',
        '      --fail-on SEVERITY            exit 1 when a finding is at least error, warning or information; never: not for findings (default error)',
        '      --quiet                       report only the findings at or above --fail-on (errors under never), and nothing when there are none',
        '  -h, --help                        this help',
        '      --version                     the version',
        '      --                            the arguments after it are paths',
        '',
        'go-proxy-doctor explain [FILE | -]: explain the Go module failures of a docker build or CI log (explain --help).',
        '',
        'settings: goProxyDoctor.* of .vscode/settings.json in the working directory, if there is one.',
        'exit status: 2 on a usage error or input that could not be read, else 1 if a finding reaches --fail-on, else 0.',
      ].join('\n'),
    'zh-cn': () =>
      [
        '检查 Dockerfile、go.mod 和 go.work 中的 Go 模块代理错误。会扫描文件夹；命令行上指定的文件无论名称如何都会检查。',
        '',
        '选项：',
        '  -f, --format text|json|sarif      输出格式（默认 text）',
        '      --locale en|zh-cn             消息语言（默认取自 LC_ALL、LC_MESSAGES 或 LANG）',
        '      --color, --no-color           文本输出是否着色（默认：输出到终端且未设置 NO_COLOR 时着色）',
        '      --build-arg 名称[=值]         构建参数，与 docker build 相同（可重复；只写名称则取环境变量的值）',
        '      --fail-on 严重性              有发现至少为 error、warning 或 information 时退出码为 1；never：发现不影响退出码（默认 error）',
        '      --quiet                       只报告达到 --fail-on 的发现（never 时只报告错误），没有时不输出',
        '  -h, --help                        显示本帮助',
        '      --version                     显示版本',
        '      --                            其后的参数都是路径',
        '',
        'go-proxy-doctor explain [文件 | -]：解释 docker build 或 CI 日志中的 Go 模块失败（explain --help）。',
        '',
        '设置：读取工作目录中 .vscode/settings.json 的 goProxyDoctor.*（如有）。',
        '退出码：用法错误或有输入无法读取时为 2；否则有发现达到 --fail-on 时为 1；否则为 0。',
      ].join('\n'),
  },
  badFormat: {
    en: (v: string) => `unknown --format "${v}" (text, json or sarif)`,
    'zh-cn': (v: string) => `未知的 --format "${v}"（可选 text、json、sarif）`,
  } satisfies Localized<[string]>,
  badLocale: {
    en: (v: string) => `unknown --locale "${v}" (en or zh-cn)`,
    'zh-cn': (v: string) => `未知的 --locale "${v}"（可选 en、zh-cn）`,
  } satisfies Localized<[string]>,
  badFailOn: {
    en: (v: string) => `unknown --fail-on "${v}" (error, warning, information or never)`,
    'zh-cn': (v: string) => `未知的 --fail-on "${v}"（可选 error、warning、information、never）`,
  } satisfies Localized<[string]>,
  takesNoValue: { en: (v: string) => `${v} takes no value`, 'zh-cn': (v: string) => `${v} 不接受值` } satisfies Localized<[string]>,
  needsValue: { en: (v: string) => `${v} needs a value`, 'zh-cn': (v: string) => `${v} 需要一个值` } satisfies Localized<[string]>,
  // The value may hold credentials: the message never repeats the argument.
  badBuildArg: {
    en: () => '--build-arg needs a name: NAME=VALUE, or NAME to take the value from the environment',
    'zh-cn': () => '--build-arg 需要一个名称：NAME=VALUE，或只写 NAME 以从环境变量取值',
  } satisfies Localized,
  unknownOption: { en: (v: string) => `unknown option ${v}`, 'zh-cn': (v: string) => `未知选项 ${v}` } satisfies Localized<[string]>,
};

const SWITCHES = new Set(['--help', '--version', '--no-color', '--color', '--quiet']);

/**
 * @param env the CLI's environment: `--build-arg NAME` takes NAME's value from it, as `docker build` does (and passes
 * nothing when NAME is not set there).
 */
export function parseArgs(
  argv: string[],
  fallbackLocale: Locale,
  isTTY: boolean,
  noColorEnv: boolean,
  env: Readonly<Record<string, string | undefined>> = {},
): Options | 'help' | 'version' {
  const o: Options = { paths: [], format: 'text', locale: fallbackLocale, color: isTTY && !noColorEnv, buildArgs: {}, failOn: 'error', quiet: false };
  // Arguments are echoed in messages: escaped, like everything else that reaches the terminal.
  const fail = <A extends unknown[]>(text: Localized<A>, ...args: A) => new UsageError(escapeControls(localize(fallbackLocale, text, ...args)));
  const value = (i: number, name: string, inline: string | undefined) => {
    const v = inline ?? argv[i + 1];
    // No format or locale starts with "-": `--format --no-color` lacks a value rather than naming a format.
    if (v === undefined || v === '' || (inline === undefined && v.startsWith('-'))) throw fail(ARG_TEXT.needsValue, name);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      o.paths.push(...argv.slice(i + 1));
      break;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    // A switch written with a value (`--quiet=false`) would be read as something it does not say.
    if (inline !== undefined && SWITCHES.has(flag)) throw fail(ARG_TEXT.takesNoValue, flag);
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--version') return 'version';
    if (flag === '--no-color') o.color = false;
    else if (flag === '--color') o.color = true;
    else if (flag === '--quiet') o.quiet = true;
    else if (flag === '--fail-on') {
      const v = value(i, flag, inline);
      if (inline === undefined) i++;
      if (!FAIL_ON.includes(v as FailOn)) throw fail(ARG_TEXT.badFailOn, v);
      o.failOn = v as FailOn;
    } else if (flag === '--format' || flag === '-f') {
      const v = value(i, flag, inline);
      if (inline === undefined) i++;
      if (v !== 'text' && v !== 'json' && v !== 'sarif') throw fail(ARG_TEXT.badFormat, v);
      o.format = v;
    } else if (flag === '--locale') {
      const v = value(i, flag, inline);
      if (inline === undefined) i++;
      if (!/^(en|zh-cn)$/i.test(v)) throw fail(ARG_TEXT.badLocale, v);
      o.locale = toLocale(v);
    } else if (flag === '--build-arg') {
      const v = value(i, flag, inline);
      if (inline === undefined) i++;
      const eq = v.indexOf('=');
      const name = eq < 0 ? v : v.slice(0, eq);
      if (!isBuildArgName(name)) throw fail(ARG_TEXT.badBuildArg);
      if (eq >= 0) o.buildArgs[name] = { value: v.slice(eq + 1), known: true, source: 'cli', label: '' };
      else if (env[name] !== undefined) o.buildArgs[name] = { value: env[name]!, known: true, source: 'cli', label: '' };
      else delete o.buildArgs[name];
    } else if (a.startsWith('-') && a !== '-') throw fail(ARG_TEXT.unknownOption, a);
    else o.paths.push(a);
  }
  if (o.paths.length === 0) o.paths.push('.');
  return o;
}
