// How messages name a build argument and the source that passes it: "build argument GOPROXY (command line)".
import type { GivenBuildArg } from './buildArgs';
import { localize, type Localized } from './localize';
import type { Locale } from './types';

const T = {
  cli: { en: () => 'command line', 'zh-cn': () => '命令行' } satisfies Localized,
  settings: { en: () => 'setting goProxyDoctor.buildArgs', 'zh-cn': () => '设置 goProxyDoctor.buildArgs' } satisfies Localized,
  phrase: {
    en: (name: string, source: string) => `build argument ${name} (${source})`,
    'zh-cn': (name: string, source: string) => `构建参数 ${name}（${source}）`,
  } satisfies Localized<[string, string]>,
};

/** Where a build argument comes from, in words: `command line`, `compose.yaml service api`. */
export function buildArgSourceText(locale: Locale, given: Pick<GivenBuildArg, 'source' | 'label'>): string {
  if (given.source === 'cli') return localize(locale, T.cli);
  if (given.source === 'settings') return localize(locale, T.settings);
  return given.label;
}

/** `build argument GOPROXY (command line)`. */
export function buildArgPhrase(locale: Locale, name: string, given: Pick<GivenBuildArg, 'source' | 'label'>): string {
  return localize(locale, T.phrase, name, buildArgSourceText(locale, given));
}
