// Why a module counts as private, in words (diagnostics and hovers): the evidence the workspace shows.
import type { Localized } from '../../core/localize';
import { localize } from '../../core/localize';
import type { Locale } from '../../core/types';
import { fileName, backtick as c } from '../../core/text';
import type { NameReason, PrivacyEvidence } from '../privacyEvidence';
import type { SignalHow } from '../buildSignals';

const NAME_TEXT: Record<NameReason, Localized> = {
  ip: { en: () => 'its host is an IP address', 'zh-cn': () => '主机是 IP 地址' },
  localhost: { en: () => 'its host is localhost', 'zh-cn': () => '主机是 localhost' },
  'single-label': { en: () => 'its host has no dot', 'zh-cn': () => '主机名不含点' },
  'private-suffix': { en: () => 'its host has an internal-network suffix', 'zh-cn': () => '主机名是内网后缀' },
};

const HOW_TEXT: Record<Exclude<SignalHow, 'GOPROXY'>, Localized<[string]>> = {
  GOPRIVATE: { en: (p) => `GOPRIVATE names ${p}`, 'zh-cn': (p) => `GOPRIVATE 包含 ${p}` },
  GONOPROXY: { en: (p) => `GONOPROXY names ${p}`, 'zh-cn': (p) => `GONOPROXY 包含 ${p}` },
  GONOSUMDB: { en: (p) => `GONOSUMDB names ${p}`, 'zh-cn': (p) => `GONOSUMDB 包含 ${p}` },
  insteadOf: { en: (p) => `a git \`insteadOf\` rewrite supplies credentials for ${p}`, 'zh-cn': (p) => `git \`insteadOf\` 改写为 ${p} 提供了凭据` },
  netrc: { en: (p) => `a .netrc entry holds credentials for ${p}`, 'zh-cn': (p) => `.netrc 条目中有 ${p} 的凭据` },
  'ssh-keyscan': { en: (p) => `ssh-keyscan trusts ${p} for git over SSH`, 'zh-cn': (p) => `ssh-keyscan 为经由 SSH 的 git 信任了 ${p}` },
  'secret-mount': { en: (p) => `a .netrc secret is mounted for the build of ${p}`, 'zh-cn': (p) => `构建 ${p} 时挂载了 .netrc 密钥` },
  'ssh-mount': { en: (p) => `an SSH agent is mounted for the build of ${p}`, 'zh-cn': (p) => `构建 ${p} 时挂载了 SSH 代理` },
  GOAUTH: { en: (p) => `GOAUTH supplies credentials for the build of ${p}`, 'zh-cn': (p) => `GOAUTH 为构建 ${p} 提供了凭据` },
};

const WHERE: Localized<[string, string, number]> = {
  en: (what, file, line) => `${what} (${file} line ${line})`,
  'zh-cn': (what, file, line) => `${what}（${file} 第 ${line} 行）`,
};

const USER_PATTERN: Localized<[string]> = {
  en: (p) => `it matches ${c(p)} in goProxyDoctor.privatePatterns`,
  'zh-cn': (p) => `它匹配 goProxyDoctor.privatePatterns 中的 ${c(p)}`,
};

/** Why a module counts as private, as a clause for a message or hover. */
export function evidenceText(locale: Locale, e: PrivacyEvidence): string {
  switch (e.kind) {
    case 'user-pattern':
      return localize(locale, USER_PATTERN, e.pattern);
    case 'name':
      return localize(locale, NAME_TEXT[e.reason]);
    case 'build-pattern':
    case 'credentials':
      if (e.signal.how === 'GOPROXY') return c(e.pattern);
      return localize(locale, WHERE, localize(locale, HOW_TEXT[e.signal.how], c(e.pattern)), fileName(e.signal.uri), e.signal.line + 1);
  }
}
