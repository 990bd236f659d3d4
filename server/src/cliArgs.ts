// Command-line arguments of the CLI: [paths...] [--format text|json|sarif] [--locale en|zh-cn] [--no-color]
// [--build-arg NAME[=VALUE]]... [--] [paths...]
import { toLocale, localize, type Localized } from './core/localize';
import type { Locale } from './core/types';
import { escapeControls } from './cliFormat';
import { isBuildArgName, type GivenBuildArg } from './core/buildArgs';

export type Format = 'text' | 'json' | 'sarif';

export interface Options {
  paths: string[];
  format: Format;
  locale: Locale;
  color: boolean;
  /** `--build-arg`: the last one of a name wins, as in `docker build`. */
  buildArgs: Record<string, GivenBuildArg>;
}

export class UsageError extends Error {}

export const ARG_TEXT = {
  usage: {
    en: () => 'usage: go-proxy-doctor [--format text|json|sarif] [--locale en|zh-cn] [--no-color] [--build-arg NAME[=VALUE]]... [--] [paths...]',
    'zh-cn': () => '用法：go-proxy-doctor [--format text|json|sarif] [--locale en|zh-cn] [--no-color] [--build-arg 名称[=值]]... [--] [路径...]',
  },
  badFormat: {
    en: (v: string) => `unknown --format "${v}" (text, json or sarif)`,
    'zh-cn': (v: string) => `未知的 --format "${v}"（可选 text、json、sarif）`,
  } satisfies Localized<[string]>,
  badLocale: {
    en: (v: string) => `unknown --locale "${v}" (en or zh-cn)`,
    'zh-cn': (v: string) => `未知的 --locale "${v}"（可选 en、zh-cn）`,
  } satisfies Localized<[string]>,
  needsValue: { en: (v: string) => `${v} needs a value`, 'zh-cn': (v: string) => `${v} 需要一个值` } satisfies Localized<[string]>,
  // The value may hold credentials: the message never repeats the argument.
  badBuildArg: {
    en: () => '--build-arg needs a name: NAME=VALUE, or NAME to take the value from the environment',
    'zh-cn': () => '--build-arg 需要一个名称：NAME=VALUE，或只写 NAME 以从环境变量取值',
  } satisfies Localized,
  unknownOption: { en: (v: string) => `unknown option ${v}`, 'zh-cn': (v: string) => `未知选项 ${v}` } satisfies Localized<[string]>,
};

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
  const o: Options = { paths: [], format: 'text', locale: fallbackLocale, color: isTTY && !noColorEnv, buildArgs: {} };
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
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--version') return 'version';
    if (flag === '--no-color') o.color = false;
    else if (flag === '--color') o.color = true;
    else if (flag === '--format' || flag === '-f') {
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
