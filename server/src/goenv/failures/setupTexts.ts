// Causes and fixes of the failures that come from the build's own setup: settings the go command rejects, a Go
// too old for the go.mod, go.sum, direct fetches from version control, the machine. English and Simplified Chinese.
import type { GoFailure } from './classify';
import { privatePattern } from './classify';
import type { FailureText } from './networkTexts';

const mod = (f: GoFailure) => f.module ?? '?';
const detail = (f: GoFailure) => f.detail ?? '';
const because = (f: GoFailure) => (f.reason ? ` (${f.reason})` : '');
const becauseZh = (f: GoFailure) => (f.reason ? `（${f.reason}）` : '');

export const SETUP_TEXTS = {
  'invalid-proxy': {
    cause: { en: (f) => `The go command rejects the GOPROXY value: ${detail(f)}`, 'zh-cn': (f) => `go 命令拒绝了 GOPROXY 的值：${detail(f)}` },
    fix: {
      en: () => 'Write each GOPROXY entry as a full URL (https://host/path) separated by "," or "|", optionally ending with direct or off.',
      'zh-cn': () => '请把每个 GOPROXY 条目写成完整的地址（https://host/path），用 "," 或 "|" 分隔，可以以 direct 或 off 结尾。',
    },
  },
  'invalid-goflags': {
    cause: { en: (f) => `The go command rejects GOFLAGS: ${detail(f)}`, 'zh-cn': (f) => `go 命令拒绝了 GOFLAGS：${detail(f)}` },
    fix: {
      en: () => 'Write GOFLAGS as space-separated flags, each starting with "-" (for example GOFLAGS=-mod=mod), with only flags every go command knows.',
      'zh-cn': () => '请把 GOFLAGS 写成以空格分隔、以 "-" 开头的标志（例如 GOFLAGS=-mod=mod），且只用所有 go 命令都认识的标志。',
    },
  },
  'invalid-gosumdb': {
    cause: { en: (f) => `The go command rejects GOSUMDB: ${detail(f)}`, 'zh-cn': (f) => `go 命令拒绝了 GOSUMDB：${detail(f)}` },
    fix: {
      en: () =>
        'Write GOSUMDB as a database name (sum.golang.org), optionally followed by one URL to reach it (GOSUMDB="sum.golang.org https://goproxy.cn/sumdb/sum.golang.org"), or off.',
      'zh-cn': () =>
        '请把 GOSUMDB 写成数据库名称（sum.golang.org），后面可以跟一个访问它的地址（GOSUMDB="sum.golang.org https://goproxy.cn/sumdb/sum.golang.org"），或写 off。',
    },
  },
  'unrecognized-import-path': {
    cause: {
      en: (f) => `go fetched ${mod(f)} directly from its own server ${f.host ?? ''} and got no answer it could use${because(f)}.`,
      'zh-cn': (f) => `go 直接从 ${mod(f)} 自己的服务器 ${f.host ?? ''} 获取它，但没有得到可用的应答${becauseZh(f)}。`,
    },
    fix: {
      en: (f) =>
        `A private module needs its server reachable from the build (network, DNS, credentials in a netrc secret); a public one should come through a proxy: check that ${privatePattern(mod(f))} is not in GOPRIVATE or GONOPROXY and that GOPROXY is not just direct.`,
      'zh-cn': (f) =>
        `私有模块需要构建环境能访问它的服务器（网络、DNS、netrc 密钥中的凭据）；公共模块应通过代理获取：请确认 ${privatePattern(mod(f))} 不在 GOPRIVATE 或 GONOPROXY 中，且 GOPROXY 不只是 direct。`,
    },
  },
  'vcs-auth': {
    cause: {
      en: (f) => `Fetching ${mod(f)} directly from its repository needs credentials the build does not have.`,
      'zh-cn': (f) => `直接从仓库获取 ${mod(f)} 需要凭据，而构建环境没有。`,
    },
    fix: {
      en: (f) =>
        `Mount a netrc with a token for ${f.host ?? privatePattern(mod(f))} (machine … login … password …) as a build secret, or configure GOAUTH; for proxies, use a URL the go command can authenticate to.`,
      'zh-cn': (f) =>
        `请以构建密钥挂载包含 ${f.host ?? privatePattern(mod(f))} 令牌的 netrc（machine … login … password …），或配置 GOAUTH；对代理，请使用 go 命令能认证的地址。`,
    },
  },
  'git-fetch': {
    cause: {
      en: (f) => `git could not fetch ${mod(f)} from its repository (git exited with status 128)${because(f)}.`,
      'zh-cn': (f) => `git 无法从仓库获取 ${mod(f)}（git 以状态 128 退出）${becauseZh(f)}。`,
    },
    fix: {
      en: (f) =>
        `Make the repository reachable from the build (network, credentials in a netrc secret, git in the image), or fetch ${privatePattern(mod(f))} through a proxy that has it instead of directly.`,
      'zh-cn': (f) =>
        `请让构建环境能访问该仓库（网络、netrc 密钥中的凭据、镜像中有 git），或改为通过拥有它的代理获取 ${privatePattern(mod(f))}，而不是直接获取。`,
    },
  },
  'ssh-host-key': {
    cause: {
      en: (f) => `ssh does not know the host key of ${f.host ?? 'the git server'}, so git refused to connect (Host key verification failed).`,
      'zh-cn': (f) => `ssh 不认识 ${f.host ?? 'git 服务器'} 的主机密钥，所以 git 拒绝连接（Host key verification failed）。`,
    },
    fix: {
      en: () =>
        "Add the server's key to known_hosts in the image (RUN ssh-keyscan HOST >> /etc/ssh/ssh_known_hosts, checked against a fingerprint you trust) and use RUN --mount=type=ssh, or fetch over https with a netrc secret.",
      'zh-cn': () =>
        '请在镜像中把服务器密钥加入 known_hosts（RUN ssh-keyscan HOST >> /etc/ssh/ssh_known_hosts，并核对可信的指纹），并使用 RUN --mount=type=ssh；或改用 https 加 netrc 密钥。',
    },
  },
  'go-too-old': {
    cause: {
      en: (f) =>
        f.running
          ? `The go.mod needs Go ${f.goVersion ?? '?'}, but the image has Go ${f.running} and GOTOOLCHAIN forbids switching.`
          : `The Go in the image is older than the go.mod${f.goVersion ? ` (go ${f.goVersion})` : ''} and cannot read it: ${detail(f)}`,
      'zh-cn': (f) =>
        f.running
          ? `go.mod 需要 Go ${f.goVersion ?? '?'}，但镜像中是 Go ${f.running}，而 GOTOOLCHAIN 禁止切换。`
          : `镜像中的 Go 比 go.mod${f.goVersion ? `（go ${f.goVersion}）` : ''}旧，无法读取它：${detail(f)}`,
    },
    fix: {
      en: (f) =>
        `Build with an image of Go ${f.goVersion ?? 'the go.mod asks for'} or newer (golang:${f.goVersion ? f.goVersion.split('.').slice(0, 2).join('.') : 'X.Y'}); with Go 1.21 or newer in the image, GOTOOLCHAIN=auto can also download the toolchain.`,
      'zh-cn': (f) =>
        `请使用 Go ${f.goVersion ?? 'go.mod 要求的版本'}或更新的镜像（golang:${f.goVersion ? f.goVersion.split('.').slice(0, 2).join('.') : 'X.Y'}）构建；镜像中的 Go 为 1.21 或更新时，也可以用 GOTOOLCHAIN=auto 下载工具链。`,
    },
  },
  'toolchain-download': {
    cause: {
      en: (f) => `The module needs Go ${f.goVersion ?? '?'}, newer than the image, and the toolchain could not be downloaded.`,
      'zh-cn': (f) => `模块需要 Go ${f.goVersion ?? '?'}，比镜像中的新，而工具链无法下载。`,
    },
    fix: {
      en: (f) =>
        `Use an image with that Go version (golang:${f.goVersion ?? 'X.Y'}), or let GOTOOLCHAIN download it through a proxy that serves golang.org/toolchain.`,
      'zh-cn': (f) => `请使用带该 Go 版本的镜像（golang:${f.goVersion ?? 'X.Y'}），或让 GOTOOLCHAIN 通过提供 golang.org/toolchain 的代理下载。`,
    },
  },
  'missing-go-sum': {
    cause: {
      en: (f) => `go.sum has no checksum for ${mod(f)}, and the go command may not add one in this mode.`,
      'zh-cn': (f) => `go.sum 中没有 ${mod(f)} 的校验和，而 go 命令在此模式下不能自行添加。`,
    },
    fix: {
      en: () => 'Run go mod tidy and commit go.sum, and copy go.sum into the image together with go.mod (COPY go.mod go.sum ./) before go mod download.',
      'zh-cn': () => '请运行 go mod tidy 并提交 go.sum，并在 go mod download 之前把 go.sum 与 go.mod 一起复制进镜像（COPY go.mod go.sum ./）。',
    },
  },
  'checksum-mismatch': {
    cause: {
      en: (f) => `The downloaded module ${mod(f)} does not match the hash recorded in go.sum.`,
      'zh-cn': (f) => `下载到的模块 ${mod(f)} 与 go.sum 中记录的哈希不一致。`,
    },
    fix: {
      en: (f) =>
        `Check where the proxy gets ${mod(f)} (a republished tag or a tampering mirror). If the go.sum line is wrong, remove it and run go mod tidy against a trusted proxy.`,
      'zh-cn': (f) => `请检查代理从哪里获取 ${mod(f)}（标签被重新发布，或镜像篡改了内容）。如果 go.sum 中的记录有误，请删除它并通过可信代理运行 go mod tidy。`,
    },
  },
  'no-space': {
    cause: {
      en: (f) => `The disk filled up while go wrote to the module or build cache: ${detail(f)}`,
      'zh-cn': (f) => `go 写入模块缓存或构建缓存时磁盘已满：${detail(f)}`,
    },
    fix: {
      en: () =>
        'Free space on the build host (docker builder prune, docker system df), or keep the module cache in a cache mount (RUN --mount=type=cache,target=/go/pkg/mod) that can be pruned.',
      'zh-cn': () =>
        '请释放构建主机的空间（docker builder prune、docker system df），或把模块缓存放在可清理的缓存挂载中（RUN --mount=type=cache,target=/go/pkg/mod）。',
    },
  },
  'go-missing': {
    cause: { en: () => 'The image has no go command on its PATH.', 'zh-cn': () => '镜像的 PATH 中没有 go 命令。' },
    fix: {
      en: () => 'Use a Go image (for example golang:1.26) for the stage that downloads modules.',
      'zh-cn': () => '请为下载模块的阶段使用 Go 镜像（例如 golang:1.26）。',
    },
  },
  other: {
    cause: { en: (f) => `go failed: ${detail(f)}`, 'zh-cn': (f) => `go 执行失败：${detail(f)}` },
    fix: { en: () => 'Read the log around this line for details.', 'zh-cn': () => '请查看日志中这一行附近的详细信息。' },
  },
} satisfies Record<string, FailureText>;
