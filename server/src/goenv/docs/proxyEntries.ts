// Localized explanations for GOPROXY hovers (one entry of the list) and module-route hovers (how one module is fetched
// and verified). Markdown. Arguments are raw values (a URL, an entry, a pattern, a variable name) and are put in
// backticks here — except `proxies` in ROUTE_TEXT.viaProxy, which the caller formats (it may hold several entries).
import type { Localized } from '../../core/localize';

const c = (s: string): string => `\`${s}\``;

export const ENTRY_TEXT: {
  direct: Localized;
  off: Localized;
  proxy: Localized<[url: string]>;
  fallbackComma: Localized<[next: string]>;
  fallbackPipe: Localized<[next: string]>;
  last: Localized;
  ignored: Localized<[stopper: string]>;
  defaultValue: Localized;
} = {
  direct: {
    en: () =>
      '`direct`: the module is fetched from its version control repository (git, hg, …) instead of a proxy. The build stage needs the VCS tool, network access to the code host and, for private repositories, credentials.',
    'zh-cn': () =>
      '`direct`：不经过代理，直接从模块的版本控制仓库（git、hg 等）拉取。构建阶段需要安装对应的版本控制工具、能访问代码托管主机，私有仓库还需要凭据。',
  },
  off: {
    en: () =>
      '`off`: downloading is disabled. Any module missing from the module cache (or vendor/) fails the step with `module lookup disabled by GOPROXY=off`.',
    'zh-cn': () =>
      '`off`：禁止下载。模块缓存（或 vendor/）中没有的模块都会让该步骤以 `module lookup disabled by GOPROXY=off` 失败。',
  },
  proxy: {
    en: (url) => `Modules are requested from the proxy ${c(url)}.`,
    'zh-cn': (url) => `从代理 ${c(url)} 请求模块。`,
  },
  fallbackComma: {
    en: (next) =>
      `Followed by \`,\`: ${c(next)} is tried only when this entry answers 404 or 410 (not found). Any other failure — timeout, refused connection, 5xx — fails the download right here.`,
    'zh-cn': (next) =>
      `后接 \`,\`：只有当这一项返回 404 或 410（不存在）时才会尝试 ${c(next)}。其他任何失败（超时、连接被拒、5xx）都会让下载在这里直接失败。`,
  },
  fallbackPipe: {
    en: (next) => `Followed by \`|\`: ${c(next)} is tried after any failure of this entry — not found, timeout, refused connection or 5xx.`,
    'zh-cn': (next) => `后接 \`|\`：这一项出现任何失败（不存在、超时、连接被拒或 5xx）都会接着尝试 ${c(next)}。`,
  },
  last: {
    en: () => 'Last entry: if it fails, the download fails.',
    'zh-cn': () => '这是最后一项：它失败，下载就失败。',
  },
  ignored: {
    en: (stopper) => `Never used: the go command stops at ${c(stopper)} and silently ignores every entry after it.`,
    'zh-cn': (stopper) => `永远不会被使用：go 命令到 ${c(stopper)} 就停止，之后的条目都会被静默忽略。`,
  },
  defaultValue: {
    en: () =>
      '`GOPROXY` is unset or empty, so the default `https://proxy.golang.org,direct` applies: Google\'s module mirror first, then the version control repository for modules it does not have (404/410).',
    'zh-cn': () =>
      '`GOPROXY` 未设置或为空，因此使用默认值 `https://proxy.golang.org,direct`：先请求 Google 的模块镜像，镜像没有的模块（404/410）再直接从版本控制仓库拉取。',
  },
};

export const ROUTE_TEXT: {
  viaProxy: Localized<[proxies: string]>;
  direct: Localized<[pattern: string, variable: string]>;
  off: Localized;
  sumdbChecked: Localized<[db: string]>;
  sumdbSkipped: Localized<[pattern: string, variable: string]>;
  sumdbOff: Localized;
  inGoSum: Localized;
} = {
  viaProxy: {
    en: (proxies) => `Downloaded through ${proxies}.`,
    'zh-cn': (proxies) => `通过 ${proxies} 下载。`,
  },
  direct: {
    en: (pattern, variable) =>
      `Fetched directly from its version control repository, skipping the proxies, because the pattern ${c(pattern)} in ${c(variable)} matches it.`,
    'zh-cn': (pattern, variable) => `绕过代理，直接从版本控制仓库拉取，因为 ${c(variable)} 中的模式 ${c(pattern)} 匹配了它。`,
  },
  off: {
    en: () => 'Not downloadable: `GOPROXY=off`. It must already be in the module cache (or vendor/), otherwise the step fails.',
    'zh-cn': () => '无法下载：`GOPROXY=off`。它必须已经在模块缓存（或 vendor/）中，否则该步骤会失败。',
  },
  sumdbChecked: {
    en: (db) => `Versions not yet in go.sum are verified against the checksum database ${c(db)}; if it cannot be reached (directly or through a proxy that relays it), the step fails.`,
    'zh-cn': (db) => `go.sum 中还没有的版本会到校验和数据库 ${c(db)} 核对；如果直连和经代理中转都访问不到该数据库，该步骤会失败。`,
  },
  sumdbSkipped: {
    en: (pattern, variable) =>
      `Not looked up in the checksum database, because the pattern ${c(pattern)} in ${c(variable)} matches it: only go.sum protects it.`,
    'zh-cn': (pattern, variable) => `不查询校验和数据库，因为 ${c(variable)} 中的模式 ${c(pattern)} 匹配了它：只由 go.sum 保护。`,
  },
  sumdbOff: {
    en: () => '`GOSUMDB=off`: no checksum database is consulted. Hashes already in go.sum are still checked; new versions are trusted as downloaded.',
    'zh-cn': () => '`GOSUMDB=off`：不查询任何校验和数据库。go.sum 中已有的哈希仍会校验；新版本则按下载到的内容直接信任。',
  },
  inGoSum: {
    en: () => 'go.sum already holds the hashes of this version: the download is checked against them, with no checksum database lookup.',
    'zh-cn': () => 'go.sum 中已有这个版本的哈希：下载内容直接与之比对，无需查询校验和数据库。',
  },
};
