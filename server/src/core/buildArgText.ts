// How messages name a build argument and the source that passes it: "build argument GOPROXY (command line)".
import type { GivenBuildArg } from './buildArgs';
import { localize, type Localized } from './localize';
import type { Locale } from './types';

const BUILD_ARG_PHRASES = {
  cli: { en: () => 'command line', 'zh-cn': () => '命令行' } satisfies Localized,
  settings: { en: () => 'setting goProxyDoctor.buildArgs', 'zh-cn': () => '设置 goProxyDoctor.buildArgs' } satisfies Localized,
  withArgsOf: {
    en: (list: string) => ` (with the build args of ${list})`,
    'zh-cn': (list: string) => `（使用 ${list} 的构建参数时）`,
  } satisfies Localized<[string]>,
  two: { en: (a: string, b: string) => `${a} and ${b}`, 'zh-cn': (a: string, b: string) => `${a} 和 ${b}` } satisfies Localized<[string, string]>,
  more: {
    en: (a: string, b: string, n: number) => `${a}, ${b} and ${n} more`,
    'zh-cn': (a: string, b: string, n: number) => `${a}、${b} 及另外 ${n} 处`,
  } satisfies Localized<[string, string, number]>,
  phrase: {
    en: (name: string, source: string) => `build argument ${name} (${source})`,
    'zh-cn': (name: string, source: string) => `构建参数 ${name}（${source}）`,
  } satisfies Localized<[string, string]>,
};

/** Where a build argument comes from, in words: `command line`, `compose.yaml service api`. */
export function buildArgSourceText(locale: Locale, given: Pick<GivenBuildArg, 'source' | 'label'>): string {
  if (given.source === 'cli') return localize(locale, BUILD_ARG_PHRASES.cli);
  if (given.source === 'settings') return localize(locale, BUILD_ARG_PHRASES.settings);
  return given.label;
}

/** `build argument GOPROXY (command line)`. */
export function buildArgPhrase(locale: Locale, name: string, given: Pick<GivenBuildArg, 'source' | 'label'>): string {
  return localize(locale, BUILD_ARG_PHRASES.phrase, name, buildArgSourceText(locale, given));
}

/** Builds named in a message: `a`, `a and b`, `a, b and 3 more`. */
export function buildsList(locale: Locale, labels: readonly string[]): string {
  const [a, b] = labels;
  return labels.length === 1
    ? a
    : labels.length === 2
      ? localize(locale, BUILD_ARG_PHRASES.two, a, b)
      : localize(locale, BUILD_ARG_PHRASES.more, a, b, labels.length - 2);
}

/** What a finding found with only some of a Dockerfile's builds adds: ` (with the build args of compose.yaml service api)`. */
export function withBuildArgsOf(locale: Locale, labels: readonly string[]): string {
  return localize(locale, BUILD_ARG_PHRASES.withArgsOf, buildsList(locale, labels));
}
