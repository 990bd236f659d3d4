// Messages of the GOPROXY rules, in every language we ship. Values passed in are already redacted.
import type { Localized } from '../../core/localize';
import { backtick as c } from '../../core/text';

export const GOPROXY_MESSAGES = {
  semicolonHost: {
    en: (entry: string) =>
      `\`;\` is not a GOPROXY separator: the go command reads ${c(entry)} as one URL whose host name contains \`;\`, which no lookup resolves.`,
    'zh-cn': (entry: string) => `\`;\` 不是 GOPROXY 的分隔符：go 命令会把 ${c(entry)} 当成一个主机名里带 \`;\` 的 URL，这样的主机名永远解析不到。`,
  } satisfies Localized<[string]>,
  semicolonPath: {
    en: (entry: string) =>
      `\`;\` is not a GOPROXY separator: the go command reads ${c(entry)} as one URL with \`;\` in its path, so what follows the \`;\` is never an entry of its own.`,
    'zh-cn': (entry: string) => `\`;\` 不是 GOPROXY 的分隔符：go 命令会把 ${c(entry)} 当成一个路径里带 \`;\` 的 URL，\`;\` 后面的内容不会成为单独的条目。`,
  } satisfies Localized<[string]>,
  whitespace: {
    en: (entry: string) =>
      `White space inside the GOPROXY entry ${c(entry)}: the go command reads it as one URL with the space in its path, so what follows the space is never an entry of its own.`,
    'zh-cn': (entry: string) => `GOPROXY 条目 ${c(entry)} 中间有空白：go 命令会把它当成一个路径里带空格的 URL，空格后面的内容不会成为单独的条目。`,
  } satisfies Localized<[string]>,
  noHost: {
    en: (entry: string, goMessage: string) => `${c(entry)} has no host: the go command fails every request through it with ${c(goMessage)}.`,
    'zh-cn': (entry: string, goMessage: string) => `${c(entry)} 没有主机名：go 命令经由它的每个请求都会以 ${c(goMessage)} 失败。`,
  } satisfies Localized<[string, string]>,
  /** What follows from an entry whose requests always fail (or that a server may not understand). */
  consequence: {
    en: (kind: 'fatal' | 'skip' | 'deadEnd' | 'server', value: string) =>
      (kind === 'fatal'
        ? ' Every download fails: after such an error go moves on only through `|` to a usable entry (`,` moves on only after a 404 or 410).'
        : kind === 'skip'
          ? ' This entry never works: go fails it and moves on to the next entry (`|`).'
          : kind === 'deadEnd'
            ? ' This entry never works: a module the entries before it do not serve fails here, and go does not go on (`,` moves on only after a 404 or 410).'
            : ' What the server makes of that URL decides what happens.') +
      ` Separate entries with \`,\` (next on 404/410) or \`|\` (next on any error). Value: ${c(value)}.`,
    'zh-cn': (kind: 'fatal' | 'skip' | 'deadEnd' | 'server', value: string) =>
      (kind === 'fatal'
        ? '所有下载都会失败：遇到这类错误，go 只会经由 `|` 改用后面可用的条目（`,` 只在 404 或 410 时才尝试下一个）。'
        : kind === 'skip'
          ? '这个条目永远不会成功：go 每次都会在它这里失败，然后改用下一个条目（`|`）。'
          : kind === 'deadEnd'
            ? '这个条目永远不会成功：前面的条目不提供的模块会在这里失败，go 不会继续往下尝试（`,` 只在 404 或 410 时才尝试下一个）。'
            : '会发生什么取决于服务器如何处理这个 URL。') +
      `条目之间请用 \`,\`（404/410 时才尝试下一个）或 \`|\`（任何错误都尝试下一个）分隔。当前值：${c(value)}。`,
  } satisfies Localized<['fatal' | 'skip' | 'deadEnd' | 'server', string]>,
  rejected: {
    en: (goMessage: string) =>
      `The go command rejects the whole GOPROXY value because of this entry (${c(goMessage)}): every go command that downloads modules fails at once, whatever the other entries.`,
    'zh-cn': (goMessage: string) => `go 命令因为这个条目拒绝整个 GOPROXY 值（${c(goMessage)}）：无论其他条目如何，所有需要下载模块的 go 命令都会立即失败。`,
  } satisfies Localized<[string]>,
  rejectedValue: {
    en: (goMessage: string) => `The go command rejects this GOPROXY value (${c(goMessage)}): every go command that downloads modules fails at once.`,
    'zh-cn': (goMessage: string) => `go 命令不接受这个 GOPROXY 值（${c(goMessage)}）：所有需要下载模块的 go 命令都会立即失败。`,
  } satisfies Localized<[string]>,
  notSeparator: {
    en: (sep: string, value: string) => ` \`${sep}\` is not a GOPROXY separator: use \`,\` (next on 404/410) or \`|\` (next on any error). Value: ${c(value)}.`,
    'zh-cn': (sep: string, value: string) =>
      `\`${sep}\` 不是 GOPROXY 的分隔符：请用 \`,\`（404/410 时才尝试下一个）或 \`|\`（任何错误都尝试下一个）。当前值：${c(value)}。`,
  } satisfies Localized<[string, string]>,
  rewriteTitle: {
    en: (value: string) => `Rewrite GOPROXY as ${value}`,
    'zh-cn': (value: string) => `将 GOPROXY 改为 ${value}`,
  } satisfies Localized<[string]>,
  unreachable: {
    en: (stopper: string, ignored: string) =>
      `Never used: the go command stops at \`${stopper}\`, so ${ignored} ${ignored.includes(',') ? 'are' : 'is'} silently ignored.`,
    'zh-cn': (stopper: string, ignored: string) => `永远不会用到：go 命令在 \`${stopper}\` 处就结束了，${ignored} 会被静默忽略。`,
  } satisfies Localized<[string, string]>,
  moveDirectTitle: {
    en: (value: string) => `Move direct to the end: ${value}`,
    'zh-cn': (value: string) => `把 direct 移到末尾：${value}`,
  } satisfies Localized<[string]>,
  dropIgnoredTitle: {
    en: (value: string) => `Remove the ignored entries: ${value}`,
    'zh-cn': (value: string) => `删除被忽略的条目：${value}`,
  } satisfies Localized<[string]>,
  insecure: {
    en: (url: string) =>
      `${c(url)} is plain HTTP to a host that is not this machine: module downloads can be read and altered on the way (go.sum still catches altered modules it already knows).`,
    'zh-cn': (url: string) => `${c(url)} 使用明文 HTTP 访问非本机主机：模块下载在传输途中可被窃听和篡改（go.sum 只能发现它已记录的模块被篡改）。`,
  } satisfies Localized<[string]>,
  credentialsHttp: {
    en: (entry: string, goMessage: string, then: string) =>
      `The go command never sends credentials over plain http, to any host (this machine included, GOINSECURE or not): every request through ${c(entry)} fails before anything is sent, with "${goMessage}…". ${then}`,
    'zh-cn': (entry: string, goMessage: string, then: string) =>
      `go 命令从不通过明文 http 发送凭据，对任何主机都是如此（包括本机，无论 GOINSECURE 如何设置）：经由 ${c(entry)} 的每个请求都会在发出前失败，报错 "${goMessage}…"。${then}`,
  } satisfies Localized<[string, string, string]>,
  credentialsHttpFails: {
    en: () => 'No entry go can move on to serves a module: every download through the proxies fails. Use https://.',
    'zh-cn': () => 'go 之后能转去的条目都无法提供模块：经由代理的每次下载都会失败。请改用 https://。',
  } satisfies Localized,
  credentialsHttpPipe: {
    en: (next: string) => `go moves on to ${c(next)} (\`|\`): this entry never works.`,
    'zh-cn': (next: string) => `go 会接着尝试 ${c(next)}（\`|\`）：这一项永远不起作用。`,
  } satisfies Localized<[string]>,
  credentialsHttpStops: {
    en: () => 'This entry never works, and a module the entries before it answer 404/410 for fails here: go does not move past it (`,` after it, or nothing).',
    'zh-cn': () => '这一项永远不起作用；前面条目返回 404/410 的模块会在这里失败：go 不会越过它（其后是 `,` 或已无条目）。',
  } satisfies Localized,
  credentialsHttpNever: {
    en: () => 'This entry never works (and go never gets to it either: the entry before it always fails, with `,` after it).',
    'zh-cn': () => '这一项永远不起作用（go 也根本到不了这里：它前面的条目总是失败，且后接 `,`）。',
  } satisfies Localized,
  httpsTitle: { en: () => 'Use https://', 'zh-cn': () => '改用 https://' } satisfies Localized,
  credentials: {
    en: (entry: string, where: string) =>
      `Credentials in the proxy URL ${c(entry)}: a value set by ${where} stays readable in the image history (\`docker history\`) of every image built from this stage. Pass them with a BuildKit secret (.netrc) instead.`,
    'zh-cn': (entry: string, where: string) =>
      `代理 URL ${c(entry)} 中带有凭据：通过 ${where} 设置的值会留在由此阶段构建的每个镜像的历史（\`docker history\`）中，任何人都能读到。请改用 BuildKit secret（.netrc）传递。`,
  } satisfies Localized<[string, string]>,
  secretTitle: {
    en: () => 'Remove the credentials and read them from a BuildKit secret (docker build --secret id=netrc,src=$HOME/.netrc)',
    'zh-cn': () => '删除凭据，改为从 BuildKit secret 读取（docker build --secret id=netrc,src=$HOME/.netrc）',
  } satisfies Localized,
  noDirect: {
    en: (mod: string, why: string) =>
      `No \`direct\` fallback: ${mod}, which this build treats as private (${why}), can only come from these proxies; if they do not serve it (404/410), the build fails instead of fetching it from its source. Fine for air-gapped builds; otherwise append \`,direct\` or add it to GOPRIVATE.`,
    'zh-cn': (mod: string, why: string) =>
      `没有 \`direct\` 兜底：本构建视为私有的 ${mod}（${why}）只能从这些代理获取；如果代理不提供它（404/410），构建会直接失败，而不会回源下载。离线构建可以忽略；否则请在末尾加上 \`,direct\` 或把它加入 GOPRIVATE。`,
  } satisfies Localized<[string, string]>,
  appendDirectTitle: { en: () => 'Append ,direct', 'zh-cn': () => '在末尾加上 ,direct' } satisfies Localized,
  unhealthy: {
    en: (url: string, error: string, pipe: boolean) =>
      `${c(url)} is failing from this machine (${error}). ${pipe ? 'With `|` after it, the go command moves on to the next entry when a request fails with an error; but if the proxy accepts the request and never answers, go waits: it has no response timeout.' : 'With `,` after it, the go command does not fall back on such errors: downloads through it fail.'}`,
    'zh-cn': (url: string, error: string, pipe: boolean) =>
      `从本机访问 ${c(url)} 失败（${error}）。${pipe ? '后面是 `|`：请求以错误失败时，go 命令会改用下一个条目；但如果代理接受请求后一直不应答，go 会一直等待：它没有响应超时。' : '后面是 `,`，go 命令遇到这类错误不会改用下一个条目：经由它的下载都会失败。'}`,
  } satisfies Localized<[string, string, boolean]>,
  switchMirrorTitle: {
    en: (url: string) => `Switch to ${url}`,
    'zh-cn': (url: string) => `改用 ${url}`,
  } satisfies Localized<[string]>,
};
