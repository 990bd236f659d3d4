// Localized explanations for GOPROXY hovers (one entry of the list) and module-route hovers (how one module is fetched
// and verified). Markdown. Arguments are raw values (a URL, an entry, a pattern, a variable name) and are put in
// backticks here — except `proxies` in ROUTE_TEXT.viaProxy, which the caller formats (it may hold several entries).
import type { Localized } from '../../core/localize';
import { backtick as c } from '../../core/text';

// go's HTTP client has no response timeout: a proxy that accepts the request and never answers is no error.
const STALL: Localized = {
  en: () => 'A proxy that accepts the request and never answers stalls the go command: it has no response timeout, so nothing after this entry is tried.',
  'zh-cn': () => '接受请求却一直不应答的代理会让 go 命令卡住：它没有响应超时，因此不会尝试这一项之后的任何条目。',
};

export const ENTRY_TEXT: {
  direct: Localized;
  off: Localized;
  proxy: Localized<[url: string]>;
  fallbackComma: Localized<[next: string]>;
  fallbackPipe: Localized<[next: string]>;
  stopsHere: Localized;
  refusesCredentials: Localized<[goMessage: string]>;
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
    'zh-cn': () => '`off`：禁止下载。模块缓存（或 vendor/）中没有的模块都会让该步骤以 `module lookup disabled by GOPROXY=off` 失败。',
  },
  proxy: {
    en: (url) => `Modules are requested from the proxy ${c(url)}.`,
    'zh-cn': (url) => `从代理 ${c(url)} 请求模块。`,
  },
  fallbackComma: {
    en: (next) =>
      `Followed by \`,\`: ${c(next)} is tried only when this entry answers 404 or 410 (not found). Any other error — refused or reset connection, 5xx, TLS — fails the download right here. ${STALL.en()}`,
    'zh-cn': (next) =>
      `后接 \`,\`：只有当这一项返回 404 或 410（不存在）时才会尝试 ${c(next)}。其他任何错误（连接被拒或被重置、5xx、TLS）都会让下载在这里直接失败。${STALL['zh-cn']()}`,
  },
  fallbackPipe: {
    en: (next) => `Followed by \`|\`: ${c(next)} is tried after any error of this entry — not found, refused or reset connection, 5xx. ${STALL.en()}`,
    'zh-cn': (next) => `后接 \`|\`：这一项出现任何错误（不存在、连接被拒或被重置、5xx）都会接着尝试 ${c(next)}。${STALL['zh-cn']()}`,
  },
  stopsHere: {
    en: () => 'It always fails before sending anything, and that is no 404/410: the download fails here (`,` after it, or nothing).',
    'zh-cn': () => '它总是在发出请求前就失败，且这不是 404/410：下载在这里失败（其后是 `,` 或已无条目）。',
  },
  refusesCredentials: {
    en: (goMessage) =>
      `Never works: the go command sends no credentials over plain http, to any host (this machine included, GOINSECURE or not). Every request through it fails before it is sent: \`${goMessage}…\`.`,
    'zh-cn': (goMessage) =>
      `永远不起作用：go 命令不会通过明文 http 向任何主机（包括本机，无论 GOINSECURE 如何设置）发送凭据。经由它的每个请求都会在发出前失败：\`${goMessage}…\`。`,
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
      "`GOPROXY` is unset or empty, so the default `https://proxy.golang.org,direct` applies: Google's module mirror first, then the version control repository for modules it does not have (404/410).",
    'zh-cn': () =>
      '`GOPROXY` 未设置或为空，因此使用默认值 `https://proxy.golang.org,direct`：先请求 Google 的模块镜像，镜像没有的模块（404/410）再直接从版本控制仓库拉取。',
  },
};

export const ROUTE_TEXT: {
  viaProxy: Localized<[proxies: string]>;
  afterNotFound: Localized<[entry: string]>;
  afterError: Localized<[entry: string]>;
  refusedHop: Localized<[entry: string]>;
  rejected: Localized<[goMessage: string]>;
  fails: Localized<[goMessage: string]>;
  failsAt: Localized<[entry: string]>;
  leaks: Localized<[proxy: string]>;
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
  // The caller writes the entries (backticks included) and joins the hops with ', '.
  afterNotFound: { en: (entry) => `then ${entry} after 404/410`, 'zh-cn': (entry) => `404/410 后再到 ${entry}` },
  afterError: { en: (entry) => `then ${entry} after any error`, 'zh-cn': (entry) => `出现任何错误后再到 ${entry}` },
  refusedHop: {
    en: (entry) => `${entry} (refuses to send credentials over http: never works)`,
    'zh-cn': (entry) => `${entry}（拒绝通过 http 发送凭据：永远不起作用）`,
  },
  rejected: {
    en: (goMessage) => `Not downloaded: the go command rejects this GOPROXY value (${c(goMessage)}), so every download fails, this one included.`,
    'zh-cn': (goMessage) => `不会被下载：go 命令拒绝这个 GOPROXY 值（${c(goMessage)}），所有下载都会失败，包括这一个。`,
  },
  fails: {
    en: (goMessage) => `Not downloaded: every entry go can get to fails before sending anything, and the download fails with ${c(`${goMessage}…`)}.`,
    'zh-cn': (goMessage) => `不会被下载：go 能到达的每个条目都在发出请求前失败，下载以 ${c(`${goMessage}…`)} 失败。`,
  },
  failsAt: {
    en: (entry) => `Not downloaded: go cannot use ${entry}, and no entry it can get to after it serves: the download fails.`,
    'zh-cn': (entry) => `不会被下载：go 无法使用 ${entry}，它之后 go 能到达的条目也都无法提供：下载会失败。`,
  },
  leaks: {
    en: (proxy) => `This build treats it as private, yet its path reaches the public mirror ${proxy} (private-module-proxied).`,
    'zh-cn': (proxy) => `本构建把它视为私有模块，但它的路径会发往公共镜像 ${proxy}（private-module-proxied）。`,
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
    en: (db) =>
      `Versions not yet in go.sum are verified against the checksum database ${c(db)}; if it cannot be reached (directly or through a proxy that relays it), the step fails.`,
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
