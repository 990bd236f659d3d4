// Hover and completion documentation for the Go environment variables a Dockerfile author sets (en + zh-cn).
// Defaults were checked against the go command (Go 1.26: `go env -json` with GOENV=off and an empty HOME;
// `go help environment`, `go help goauth`, `go help vcs`, `go help telemetry`; cmd/go/internal sources).
// Texts are Markdown: literal values, names and commands are in backticks.
import type { Localized } from '../../core/localize';

export interface VariableDoc {
  name: string;
  /** One or two sentences: what it does for module downloads/builds. */
  summary: Localized;
  /**
   * The go command's default, as Markdown text: literal values are in backticks (`https://proxy.golang.org,direct`),
   * phrases are plain (the value of `GOPRIVATE`). Variables whose default is empty start with "empty" / "空".
   */
  defaultValue: Localized;
  /** Accepted values / syntax, short Markdown (a few bullet lines). */
  values: Localized;
  /** Go version that introduced it, if after 1.13 (e.g. '1.21' for GOTOOLCHAIN, '1.24' for GOAUTH). */
  since?: string;
  /** For typos of real variables: the real name. */
  typoOf?: string;
  /** A link to the official documentation (https://go.dev/ref/mod#…, https://pkg.go.dev/cmd/go#hdr-…). */
  link: string;
}

const text = (en: string, zh: string): Localized => ({ en: () => en, 'zh-cn': () => zh });
const bullets = (...lines: string[]): string => lines.map((l) => `- ${l}`).join('\n');
const values = (en: string[], zh: string[]): Localized => text(bullets(...en), bullets(...zh));

const LINK = {
  env: 'https://go.dev/ref/mod#environment-variables',
  private: 'https://go.dev/ref/mod#private-modules',
  sumdb: 'https://go.dev/ref/mod#checksum-database',
  modCommands: 'https://go.dev/ref/mod#mod-commands',
  moduleCache: 'https://go.dev/ref/mod#module-cache',
  workspaces: 'https://go.dev/ref/mod#workspaces',
  govcs: 'https://go.dev/ref/mod#vcs-govcs',
  toolchain: 'https://go.dev/doc/toolchain',
  goauth: 'https://pkg.go.dev/cmd/go#hdr-GOAUTH_environment_variable',
  gopath: 'https://pkg.go.dev/cmd/go#hdr-GOPATH_environment_variable',
  cache: 'https://pkg.go.dev/cmd/go#hdr-Build_and_test_caching',
  goenv: 'https://pkg.go.dev/cmd/go#hdr-Print_Go_environment_information',
  install: 'https://pkg.go.dev/cmd/go#hdr-Compile_and_install_packages_and_dependencies',
  cmdEnv: 'https://pkg.go.dev/cmd/go#hdr-Environment_variables',
  cgo: 'https://pkg.go.dev/cmd/cgo',
  ports: 'https://go.dev/doc/install/source#environment',
  minReq: 'https://go.dev/wiki/MinimumRequirements',
  godebug: 'https://go.dev/doc/godebug',
  runtimeEnv: 'https://pkg.go.dev/runtime#hdr-Environment_Variables',
  telemetry: 'https://go.dev/doc/telemetry',
} as const;

/** The link of each real variable a typo can point to. */
const TYPO_TARGET_LINK: Record<string, string> = {
  GOPROXY: LINK.env,
  GOPRIVATE: LINK.private,
  GONOSUMDB: LINK.private,
  GOSUMDB: LINK.sumdb,
};

const DOCS: VariableDoc[] = [
  // ---- Module downloads -------------------------------------------------------------------------
  {
    name: 'GOPROXY',
    summary: text(
      'The module proxies the go command asks, in order, for modules that are not in the module cache yet. Every `go mod download`, `go build` or `go get` step that needs such a module goes through this list.',
      'go 命令按顺序向这些代理请求模块缓存中还没有的模块。凡是需要下载模块的 `go mod download`、`go build`、`go get` 等步骤，都会按这个列表来取。',
    ),
    defaultValue: text(
      '`https://proxy.golang.org,direct` — also when the variable is set but empty (`ENV GOPROXY=`)',
      '`https://proxy.golang.org,direct`——变量设为空值（`ENV GOPROXY=`）时也是如此',
    ),
    values: values(
      [
        'proxy URLs with `https://`, `http://` or `file://`; a host without a scheme gets `https://` (`goproxy.cn`)',
        '`,` between entries: the next one is tried only after 404/410 (not found); `|`: after any error (a proxy that accepts the request and never answers is none: go has no response timeout and waits)',
        '`direct`: fetch from the version control repository; `off`: no downloads at all',
        'entries after `direct` or `off` are ignored; `;` is not a separator',
      ],
      [
        '代理 URL，协议可为 `https://`、`http://` 或 `file://`；不写协议的主机名会自动加上 `https://`（如 `goproxy.cn`）',
        '条目间用 `,`：仅在返回 404/410（不存在）时才尝试下一个；用 `|`：任何错误都会尝试下一个（接受请求却一直不应答的代理不算错误：go 没有响应超时，会一直等待）',
        '`direct`：直接从版本控制仓库拉取；`off`：禁止任何下载',
        '`direct` 或 `off` 之后的条目会被忽略；`;` 不是分隔符',
      ],
    ),
    link: LINK.env,
  },
  {
    name: 'GOPRIVATE',
    summary: text(
      'Glob patterns naming your private modules. Matching modules skip the proxies (fetched straight from their repositories) and the public checksum database, which could not serve them anyway.',
      '用通配符模式声明哪些是私有模块。匹配的模块不走代理（直接从代码仓库拉取），也不查询校验和数据库——公共代理和数据库本来也提供不了这些模块。',
    ),
    defaultValue: text('empty (no module is treated as private)', '空（没有模块被视为私有模块）'),
    values: values(
      [
        'comma-separated `path.Match` globs matched against the leading elements of the module path: `*.corp.example.com`, `github.com/acme`',
        'no spaces after the commas: in `a.com, b.com` the second pattern is ` b.com` and never matches',
        'no scheme (`https://…` never matches) and no `**`',
        'the default for `GONOPROXY` and `GONOSUMDB`',
      ],
      [
        '逗号分隔的 `path.Match` 通配符，匹配模块路径开头的若干段：`*.corp.example.com`、`github.com/acme`',
        '逗号后不要加空格：`a.com, b.com` 中第二个模式是 ` b.com`，永远匹配不上',
        '不要带协议（`https://…` 永远不匹配），也不支持 `**`',
        '它是 `GONOPROXY` 和 `GONOSUMDB` 的默认值',
      ],
    ),
    link: LINK.private,
  },
  {
    name: 'GONOPROXY',
    summary: text(
      'Glob patterns of modules fetched directly from version control, bypassing every proxy in `GOPROXY` (unless `GOPROXY=off`). The build stage then needs git and credentials for those hosts.',
      '匹配这些通配符模式的模块绕过 `GOPROXY` 中的所有代理，直接从版本控制仓库拉取（`GOPROXY=off` 时除外）。构建阶段因此需要 git 以及访问这些主机的凭据。',
    ),
    defaultValue: text('the value of `GOPRIVATE`', '与 `GOPRIVATE` 的值相同'),
    values: values(
      [
        'same pattern syntax as `GOPRIVATE`',
        'a value set here replaces `GOPRIVATE` for this decision; it is not merged with it',
        'a pattern matching nothing (e.g. `none`) sends even private modules through `GOPROXY` — for a company proxy that serves them',
      ],
      [
        '模式语法与 `GOPRIVATE` 相同',
        '在这里设置的值会在“是否走代理”这件事上取代 `GOPRIVATE`，而不是与之合并',
        '写一个什么都不匹配的模式（如 `none`），私有模块也会走 `GOPROXY`——适合能提供私有模块的公司内部代理',
      ],
    ),
    link: LINK.private,
  },
  {
    name: 'GONOSUMDB',
    summary: text(
      'Glob patterns of modules not checked against the checksum database. Private modules must be excluded, here or through `GOPRIVATE`: the public database does not know them, so the lookup fails the build — and the database learns the module path.',
      '匹配这些通配符模式的模块不会到校验和数据库核对。私有模块必须被排除在外（在这里或通过 `GOPRIVATE`）：公共数据库里没有它们，查询失败会导致构建失败，而且数据库会因此得知模块路径。',
    ),
    defaultValue: text('the value of `GOPRIVATE`', '与 `GOPRIVATE` 的值相同'),
    values: values(
      [
        'same pattern syntax as `GOPRIVATE`',
        'a value set here replaces `GOPRIVATE` for this decision; it is not merged with it',
        'hashes already in go.sum are still verified',
      ],
      ['模式语法与 `GOPRIVATE` 相同', '在这里设置的值会在“是否查校验和数据库”这件事上取代 `GOPRIVATE`，而不是与之合并', 'go.sum 中已有的哈希仍然会被校验'],
    ),
    link: LINK.private,
  },
  {
    name: 'GOSUMDB',
    summary: text(
      'The checksum database that vouches for module versions not yet recorded in go.sum. If it cannot be reached (directly or relayed by a proxy), a build that downloads such a version fails with `verifying …`.',
      '为 go.sum 中尚未记录的模块版本提供校验的校验和数据库。如果无法访问它（直连或经代理中转都不行），下载这类版本的构建会以 `verifying …` 报错失败。',
    ),
    defaultValue: text('`sum.golang.org`', '`sum.golang.org`'),
    values: values(
      [
        '`sum.golang.org`; `sum.golang.google.cn` is the same database served from a host reachable in mainland China',
        '`NAME+HASH+KEY`: another database, given with its public key',
        'either one, a space, and a URL to reach it through: `sum.golang.org https://goproxy.cn/sumdb/sum.golang.org`; more fields are an error',
        '`off`: no database check for any module (go.sum is still enforced)',
      ],
      [
        '`sum.golang.org`；`sum.golang.google.cn` 是同一个数据库，只是由中国大陆可访问的主机提供',
        '`NAME+HASH+KEY`：其他数据库，需带上它的公钥',
        '以上任一形式后加一个空格和访问地址：`sum.golang.org https://goproxy.cn/sumdb/sum.golang.org`；字段再多就会报错',
        '`off`：所有模块都不查数据库（go.sum 仍然生效）',
      ],
    ),
    link: LINK.sumdb,
  },
  {
    name: 'GOINSECURE',
    summary: text(
      'Glob patterns of modules that may be fetched over plain HTTP or with an unverified TLS certificate when fetched directly. Checksums are still verified.',
      '匹配这些通配符模式的模块在直接拉取时允许使用明文 HTTP 或不校验 TLS 证书。校验和仍会照常验证。',
    ),
    defaultValue: text('empty (every direct fetch uses verified HTTPS)', '空（所有直接拉取都使用经过校验的 HTTPS）'),
    values: values(
      [
        'same pattern syntax as `GOPRIVATE`',
        'only affects direct fetches; for a proxy, write its `http://` URL in `GOPROXY`',
        'replaces the removed `-insecure` flag',
      ],
      ['模式语法与 `GOPRIVATE` 相同', '只影响直接拉取；代理要用 HTTP 的话，直接在 `GOPROXY` 里写 `http://` 地址', '取代了已移除的 `-insecure` 标志'],
    ),
    since: '1.14',
    link: LINK.env,
  },
  {
    name: 'GOAUTH',
    summary: text(
      'How the go command authenticates to proxies and to code hosts it fetches from directly. By default it reads `.netrc`, so a BuildKit secret mounted at `/root/.netrc` can carry the credentials instead of the proxy URL.',
      '决定 go 命令访问代理和直接拉取的代码主机时如何认证。默认读取 `.netrc`，因此可以用挂载到 `/root/.netrc` 的 BuildKit secret 传递凭据，而不必写进代理 URL。',
    ),
    defaultValue: text('`netrc`', '`netrc`'),
    values: values(
      [
        '`netrc`: credentials from `$NETRC` or `~/.netrc`',
        '`git DIR`: runs `git credential fill` in DIR',
        'any other command: it prints the URLs and HTTP headers to send',
        '`off`: no authentication; several methods are separated by `;`',
      ],
      [
        '`netrc`：从 `$NETRC` 或 `~/.netrc` 读取凭据',
        '`git DIR`：在 DIR 中运行 `git credential fill`',
        '其他命令：由它输出 URL 及要附加的 HTTP 头',
        '`off`：不认证；多种方式用 `;` 分隔',
      ],
    ),
    since: '1.24',
    link: LINK.goauth,
  },
  {
    name: 'GOVCS',
    summary: text(
      'Which version control tools direct fetches may run, per module path pattern. It only matters for modules fetched directly (`direct`, `GONOPROXY`/`GOPRIVATE`).',
      '按模块路径模式限定直接拉取时可以使用哪些版本控制工具。只对直接拉取的模块（`direct`、`GONOPROXY`/`GOPRIVATE`）生效。',
    ),
    defaultValue: text('`public:git|hg,private:all` (`go env` shows it as empty)', '`public:git|hg,private:all`（`go env` 中显示为空）'),
    values: values(
      [
        'comma-separated `pattern:tool|tool` rules; the first matching rule wins',
        '`public` and `private` patterns: decided by `GOPRIVATE`',
        '`all` allows every tool, `off` none: `*:off` forbids VCS access entirely',
      ],
      [
        '逗号分隔的 `模式:工具|工具` 规则，按第一条匹配的规则生效',
        '特殊模式 `public`、`private`：由 `GOPRIVATE` 区分',
        '`all` 允许所有工具，`off` 全部禁止：`*:off` 完全禁用版本控制访问',
      ],
    ),
    since: '1.16',
    link: LINK.govcs,
  },
  {
    name: 'GOFLAGS',
    summary: text(
      'Flags added to every go command that knows them, such as `-mod=mod` or `-trimpath`. A flag that no go command knows makes every go step fail with `go: parsing $GOFLAGS: unknown flag`.',
      '为每个认识这些标志的 go 命令自动附加的标志，如 `-mod=mod`、`-trimpath`。如果某个标志没有任何 go 命令认识，所有 go 步骤都会以 `go: parsing $GOFLAGS: unknown flag` 失败。',
    ),
    defaultValue: text('empty (no extra flags)', '空（不附加任何标志）'),
    values: values(
      [
        'space-separated `-flag` or `-flag=value`; values cannot contain spaces',
        '`-mod=readonly|vendor|mod` decides whether builds may download modules and update go.mod',
        '`-insecure` is rejected by `go get` (use `GOINSECURE`)',
        'flags on the command line override these',
      ],
      [
        '空格分隔的 `-flag` 或 `-flag=value`；值里不能有空格',
        '`-mod=readonly|vendor|mod` 决定构建能否下载模块、能否修改 go.mod',
        '`go get` 会拒绝 `-insecure`（请改用 `GOINSECURE`）',
        '命令行上的同名标志优先',
      ],
    ),
    link: LINK.cmdEnv,
  },
  {
    name: 'GO111MODULE',
    summary: text(
      'Chooses between module mode and the old GOPATH mode. Module mode is the default since Go 1.16, so `on` changes nothing; `off` ignores go.mod and makes module commands fail.',
      '在模块模式和旧的 GOPATH 模式之间切换。自 Go 1.16 起默认就是模块模式，设为 `on` 没有任何作用；设为 `off` 会忽略 go.mod，模块相关命令直接失败。',
    ),
    defaultValue: text('empty: module mode (same as `on` since Go 1.16)', '空，即模块模式（自 Go 1.16 起等同于 `on`）'),
    values: values(
      [
        '`on`: module mode, even without go.mod',
        '`auto`: module mode only when a go.mod is found in the working directory or above',
        '`off`: GOPATH mode; `go mod …` fails with `modules disabled by GO111MODULE=off`',
      ],
      [
        '`on`：模块模式，即使没有 go.mod',
        '`auto`：只有在当前目录或上级目录找到 go.mod 时才用模块模式',
        '`off`：GOPATH 模式；`go mod …` 会以 `modules disabled by GO111MODULE=off` 失败',
      ],
    ),
    link: LINK.modCommands,
  },
  {
    name: 'GOTOOLCHAIN',
    summary: text(
      "Which Go toolchain runs. When go.mod's `go` or `toolchain` line asks for a newer Go than the image has and this allows switching, the build downloads `golang.org/toolchain` through `GOPROXY`; with `local` it fails instead.",
      '决定实际运行哪个 Go 工具链。当 go.mod 的 `go` 或 `toolchain` 行要求比镜像里更新的 Go，且此变量允许切换时，构建会经由 `GOPROXY` 下载 `golang.org/toolchain`；设为 `local` 时则直接报错。',
    ),
    defaultValue: text(
      "`auto` in Go's own distribution (set in `$GOROOT/go.env`); the official `golang` Docker images set `ENV GOTOOLCHAIN=local`, and some distribution packages change go.env to `local`",
      'Go 官方发行版为 `auto`（写在 `$GOROOT/go.env` 中）；官方 `golang` Docker 镜像设置了 `ENV GOTOOLCHAIN=local`，部分发行版的软件包也把 go.env 改成了 `local`',
    ),
    values: values(
      [
        '`local`: always the installed toolchain; a too-new go.mod is an error',
        '`auto` (= `local+auto`): switch to the newer version go.mod asks for, downloading it',
        '`go1.22.3`: always that version; `go1.22.3+auto`: at least that one',
        '`path`, `go1.22.3+path`: like `auto`, but only look for `goX.Y.Z` binaries on PATH, never download',
      ],
      [
        '`local`：始终使用已安装的工具链；go.mod 要求更新版本时报错',
        '`auto`（即 `local+auto`）：按 go.mod 的要求切换到更新的版本，必要时下载',
        '`go1.22.3`：始终使用该版本；`go1.22.3+auto`：至少使用该版本',
        '`path`、`go1.22.3+path`：与 `auto` 类似，但只在 PATH 中查找 `goX.Y.Z`，从不下载',
      ],
    ),
    since: '1.21',
    link: LINK.toolchain,
  },

  // ---- Where things are stored ------------------------------------------------------------------
  {
    name: 'GOMODCACHE',
    summary: text(
      'Where downloaded modules are kept. Mount a BuildKit cache on this directory (`RUN --mount=type=cache,target=/go/pkg/mod`) so later builds do not download them again.',
      '已下载模块的存放目录。在这个目录上挂载 BuildKit 缓存（`RUN --mount=type=cache,target=/go/pkg/mod`），之后的构建就不必重新下载。',
    ),
    defaultValue: text('`$GOPATH/pkg/mod` — `/go/pkg/mod` in the official `golang` images', '`$GOPATH/pkg/mod`——官方 `golang` 镜像中为 `/go/pkg/mod`'),
    values: values(
      ['an absolute directory', 'files in it are read-only: remove it with `go clean -modcache`, or download with `-modcacherw`'],
      ['绝对路径', '其中的文件是只读的：用 `go clean -modcache` 清理，或下载时加 `-modcacherw`'],
    ),
    since: '1.15',
    link: LINK.moduleCache,
  },
  {
    name: 'GOCACHE',
    summary: text(
      'The build cache: compiled packages and test results, not modules. A BuildKit cache mount on it (`--mount=type=cache,target=/root/.cache/go-build`) makes rebuilds much faster.',
      '构建缓存：保存编译好的包和测试结果，不包含模块。在它上面挂载 BuildKit 缓存（`--mount=type=cache,target=/root/.cache/go-build`）能大幅加快重复构建。',
    ),
    defaultValue: text(
      '`$HOME/.cache/go-build` (`/root/.cache/go-build` when building as root; `$XDG_CACHE_HOME/go-build` if that is set)',
      '`$HOME/.cache/go-build`（以 root 构建时为 `/root/.cache/go-build`；设置了 `$XDG_CACHE_HOME` 时为 `$XDG_CACHE_HOME/go-build`）',
    ),
    values: values(
      ['an absolute directory', '`off` is not accepted: builds fail, the cache has been required since Go 1.12'],
      ['绝对路径', '不接受 `off`：自 Go 1.12 起构建缓存是必需的，设为 `off` 会导致构建失败'],
    ),
    link: LINK.cache,
  },
  {
    name: 'GOPATH',
    summary: text(
      'The Go workspace root. In module mode it only decides default locations: the module cache (`$GOPATH/pkg/mod`) and installed commands (`$GOPATH/bin`).',
      'Go 工作区的根目录。在模块模式下它只决定默认位置：模块缓存（`$GOPATH/pkg/mod`）和安装的命令（`$GOPATH/bin`）。',
    ),
    defaultValue: text('`$HOME/go` — `/go` in the official `golang` images', '`$HOME/go`——官方 `golang` 镜像中为 `/go`'),
    values: values(
      ['absolute directories separated by `:`; the first one holds `pkg/mod` and `bin`', 'a relative path makes go commands fail'],
      ['用 `:` 分隔的绝对路径；`pkg/mod` 和 `bin` 位于第一个目录下', '相对路径会导致 go 命令报错'],
    ),
    link: LINK.gopath,
  },
  {
    name: 'GOBIN',
    summary: text(
      'Where `go install` puts the commands it builds. Later steps find them only if this directory is on PATH.',
      '`go install` 安装命令的目录。只有该目录在 PATH 中，后续步骤才能直接调用这些命令。',
    ),
    defaultValue: text('empty: `$GOPATH/bin` (`/go/bin` in the official `golang` images)', '空，即 `$GOPATH/bin`（官方 `golang` 镜像中为 `/go/bin`）'),
    values: values(['an absolute directory'], ['绝对路径']),
    link: LINK.install,
  },
  {
    name: 'GOENV',
    summary: text(
      'The file `go env -w` writes to. Values in it apply to later go commands in the same stage (and stages built from it), unless a real environment variable overrides them.',
      '`go env -w` 写入的配置文件。其中的值对同一阶段（以及基于它的阶段）后续的 go 命令生效，除非被真正的环境变量覆盖。',
    ),
    defaultValue: text(
      '`$HOME/.config/go/env` (`$XDG_CONFIG_HOME/go/env` if that is set)',
      '`$HOME/.config/go/env`（设置了 `$XDG_CONFIG_HOME` 时为 `$XDG_CONFIG_HOME/go/env`）',
    ),
    values: values(
      ['a file path', '`off`: go commands do not read the file (`go env -w` still writes the default one)', 'cannot itself be set with `go env -w`'],
      ['文件路径', '`off`：go 命令不读取该文件（`go env -w` 仍会写入默认位置的文件）', '它本身不能用 `go env -w` 设置'],
    ),
    link: LINK.goenv,
  },
  {
    name: 'GOWORK',
    summary: text(
      "Which go.work workspace file to use. By default the go command looks for go.work in the working directory and its parents: if `COPY` brings one into the image, the build uses the workspace's modules, not just go.mod.",
      '指定使用哪个 go.work 工作区文件。默认情况下 go 命令会在当前目录及上级目录中查找 go.work：如果 `COPY` 把它带进了镜像，构建就会使用工作区里的模块，而不只是 go.mod。',
    ),
    defaultValue: text('empty: search for go.work from the working directory upwards', '空，即从当前目录逐级向上查找 go.work'),
    values: values(
      ['`off`: ignore any go.work', 'a path to a go.work file', '`auto`: same as empty'],
      ['`off`：忽略所有 go.work', 'go.work 文件的路径', '`auto`：与空值相同'],
    ),
    since: '1.18',
    link: LINK.workspaces,
  },
  {
    name: 'GOROOT',
    summary: text(
      'The Go installation that provides the standard library and tools. The go command finds it by itself; a wrong value (e.g. left over after moving Go) breaks every build.',
      '提供标准库和工具的 Go 安装目录。go 命令会自行找到它；设错（比如移动 Go 安装目录后遗留的旧值）会让所有构建失败。',
    ),
    defaultValue: text(
      'the installation the `go` binary belongs to (`/usr/local/go` in the official `golang` images)',
      '`go` 可执行文件所在的安装目录（官方 `golang` 镜像中为 `/usr/local/go`）',
    ),
    values: values(['the absolute path of a Go installation; normally leave it unset'], ['Go 安装目录的绝对路径；一般不需要设置']),
    link: LINK.cmdEnv,
  },

  // ---- What is built ----------------------------------------------------------------------------
  {
    name: 'CGO_ENABLED',
    summary: text(
      'Whether cgo is used. `0` gives pure-Go, statically linked binaries that run on `scratch`, `distroless/static` or Alpine; `1` needs a C compiler in the build stage and a matching libc in the runtime image.',
      '是否启用 cgo。设为 `0` 得到纯 Go 的静态链接二进制，可直接运行在 `scratch`、`distroless/static` 或 Alpine 上；设为 `1` 则构建阶段需要 C 编译器，运行镜像需要匹配的 libc。',
    ),
    defaultValue: text(
      '`1` for native builds when a C compiler (`$CC`, gcc or clang) is on PATH; `0` when cross-compiling or when there is none (e.g. `golang:alpine`)',
      '本机构建且 PATH 中有 C 编译器（`$CC`、gcc 或 clang）时为 `1`；交叉编译或没有 C 编译器时（如 `golang:alpine`）为 `0`',
    ),
    values: values(['`0` or `1`'], ['`0` 或 `1`']),
    link: LINK.cgo,
  },
  {
    name: 'GOOS',
    summary: text('The operating system the binary is built for, not the one the build runs on.', '二进制文件的目标操作系统，而不是执行构建的系统。'),
    defaultValue: text("the go command's own OS (`linux` inside a Linux image)", 'go 命令自身所在的操作系统（Linux 镜像中为 `linux`）'),
    values: values(
      [
        '`linux`, `windows`, `darwin`, `freebsd`, … (`go tool dist list` prints all pairs)',
        'multi-platform builds: `ARG TARGETOS` then `GOOS=$TARGETOS go build`',
      ],
      ['`linux`、`windows`、`darwin`、`freebsd` 等（`go tool dist list` 可列出所有组合）', '多平台构建：先 `ARG TARGETOS`，再 `GOOS=$TARGETOS go build`'],
    ),
    link: LINK.ports,
  },
  {
    name: 'GOARCH',
    summary: text(
      'The processor architecture the binary is built for. With `FROM --platform=$BUILDPLATFORM` and `GOARCH=$TARGETARCH`, Go cross-compiles natively instead of running the whole build under emulation.',
      '二进制文件的目标处理器架构。配合 `FROM --platform=$BUILDPLATFORM` 和 `GOARCH=$TARGETARCH`，Go 会直接交叉编译，而不是在模拟器中跑完整个构建。',
    ),
    defaultValue: text(
      "the go command's own architecture (the image's platform: `amd64`, `arm64`, …)",
      'go 命令自身的架构（即镜像的平台：`amd64`、`arm64` 等）',
    ),
    values: values(
      ['`amd64`, `arm64`, `arm`, `386`, `riscv64`, `ppc64le`, `s390x`, …', 'multi-platform builds: `ARG TARGETARCH` then `GOARCH=$TARGETARCH go build`'],
      ['`amd64`、`arm64`、`arm`、`386`、`riscv64`、`ppc64le`、`s390x` 等', '多平台构建：先 `ARG TARGETARCH`，再 `GOARCH=$TARGETARCH go build`'],
    ),
    link: LINK.ports,
  },
  {
    name: 'GOAMD64',
    summary: text(
      'For `GOARCH=amd64`: the oldest x86-64 level the compiled code must run on. A higher level may be faster, but the binary refuses to start on older CPUs.',
      '仅对 `GOARCH=amd64` 有效：编译产物要兼容的最低 x86-64 指令级别。级别越高可能越快，但二进制在较老的 CPU 上无法启动。',
    ),
    defaultValue: text('`v1`', '`v1`'),
    values: values(['`v1` (every x86-64 CPU), `v2`, `v3` (AVX2 etc.), `v4`'], ['`v1`（所有 x86-64 CPU）、`v2`、`v3`（AVX2 等）、`v4`']),
    since: '1.18',
    link: LINK.minReq,
  },
  {
    name: 'GOARM',
    summary: text(
      'For `GOARCH=arm` (32-bit): the ARM version to compile for and how floating point is done.',
      '仅对 `GOARCH=arm`（32 位）有效：目标 ARM 版本以及浮点运算方式。',
    ),
    defaultValue: text(
      '`7` when cross-compiling; on an ARM machine, what the machine that built the toolchain supports',
      '交叉编译时为 `7`；在 ARM 机器上则取决于构建该工具链的机器所支持的版本',
    ),
    values: values(
      ['`5`, `6`, `7`', 'optionally followed by `,softfloat` or `,hardfloat` (Go 1.22+)'],
      ['`5`、`6`、`7`', '可在后面加 `,softfloat` 或 `,hardfloat`（Go 1.22 起）'],
    ),
    link: LINK.minReq,
  },
  {
    name: 'GOEXPERIMENT',
    summary: text(
      'Turns toolchain experiments on or off for the build, changing the compiler and runtime. An unknown name fails every build with `unknown GOEXPERIMENT`.',
      '为本次构建开启或关闭工具链实验特性，会改变编译器和运行时的行为。未知的名称会让所有构建以 `unknown GOEXPERIMENT` 失败。',
    ),
    defaultValue: text('empty: the experiments this Go release enables by default', '空，即使用当前 Go 版本默认开启的实验特性'),
    values: values(
      ['comma-separated names; `noNAME` turns one off', 'meant for testing the toolchain: the names change between releases'],
      ['逗号分隔的名称；`noNAME` 表示关闭', '主要用于测试工具链本身：名称会随版本变化'],
    ),
    link: LINK.cmdEnv,
  },
  {
    name: 'GODEBUG',
    summary: text(
      'Compatibility and debugging settings read by running Go programs — in a build stage, by the go command itself. It is not compiled into the binary you build: use `//go:debug` lines or a `godebug` block in go.mod for that.',
      '由运行中的 Go 程序读取的兼容性和调试设置——在构建阶段读取它的就是 go 命令本身。它不会被编译进你构建的二进制；要固定这些设置，请用 `//go:debug` 注释或 go.mod 中的 `godebug` 块。',
    ),
    defaultValue: text("empty: each program's defaults follow its main module's `go` line", '空，即程序的默认行为取决于其主模块 go.mod 中的 `go` 版本'),
    values: values(
      ['comma-separated `name=value`, e.g. `netdns=go`, `http2client=0`', 'cannot be set with `go env -w`'],
      ['逗号分隔的 `name=value`，如 `netdns=go`、`http2client=0`', '不能用 `go env -w` 设置'],
    ),
    link: LINK.godebug,
  },
  {
    name: 'GOMAXPROCS',
    summary: text(
      "A runtime setting: how many OS threads may run Go code at once. In a build stage it limits the go command's parallelism; in the final image it limits your program.",
      '运行时设置：同时执行 Go 代码的操作系统线程数上限。在构建阶段它限制 go 命令的并行度；在最终镜像中它限制你的程序。',
    ),
    defaultValue: text(
      "the number of usable CPUs; since Go 1.25 also capped by the container's cgroup CPU limit (for programs whose go.mod says `go 1.25` or later)",
      '可用 CPU 数；自 Go 1.25 起还会受容器 cgroup CPU 限额约束（适用于 go.mod 声明 `go 1.25` 及以上的程序）',
    ),
    values: values(['a positive integer; setting it turns off automatic adjustment'], ['正整数；设置后运行时不再自动调整']),
    link: LINK.runtimeEnv,
  },
  {
    name: 'GOTELEMETRY',
    summary: text(
      'Shown by `go env`, but not read from the environment: `ENV GOTELEMETRY=off` has no effect. By default telemetry only keeps counters on disk and uploads nothing; `RUN go telemetry off` stops even that.',
      '`go env` 会显示它，但 go 命令不会从环境变量读取它：`ENV GOTELEMETRY=off` 没有任何效果。遥测默认只在本地磁盘记录计数、不上传；`RUN go telemetry off` 可以连本地记录也关掉。',
    ),
    defaultValue: text('`local` (counters kept on disk, not uploaded)', '`local`（计数只保存在本地，不上传）'),
    values: values(
      ['`off`, `local`, `on` — chosen with `go telemetry MODE`, which writes a file in the user config directory'],
      ['`off`、`local`、`on`——用 `go telemetry MODE` 设置，结果写入用户配置目录中的文件'],
    ),
    since: '1.23',
    link: LINK.telemetry,
  },

  // ---- Misspellings: the go command never reads these ---------------------------------------------
  typo(
    'GONOSUMCHECK',
    'GONOSUMDB',
    'Not a Go variable: the go command ignores it. It is usually meant as `GONOSUMDB`, so the modules listed here are still looked up in the checksum database.',
    '并不存在这个 Go 变量，go 命令会忽略它。通常本意是 `GONOSUMDB`，所以这里列出的模块依然会去校验和数据库查询。',
  ),
  typo(
    'GONOVERIFY',
    'GONOSUMDB',
    "A name from Go 1.13's development that no released go command reads. Its released successor is `GONOSUMDB`.",
    'Go 1.13 开发期间用过的名称，正式发布的 go 命令都不读取它。对应的正式变量是 `GONOSUMDB`。',
  ),
  typo(
    'GO_PROXY',
    'GOPROXY',
    'Not read by the go command, which only knows `GOPROXY`. If it is your own build argument, pass it on with `ENV GOPROXY=$GO_PROXY`.',
    'go 命令不读取它，只认 `GOPROXY`。如果这是你自定义的构建参数，请用 `ENV GOPROXY=$GO_PROXY` 传递下去。',
  ),
  typo(
    'GO_PRIVATE',
    'GOPRIVATE',
    'Not read by the go command, which only knows `GOPRIVATE`: private modules still go to the public proxy and checksum database.',
    'go 命令不读取它，只认 `GOPRIVATE`：私有模块仍会被发往公共代理和校验和数据库。',
  ),
  typo(
    'GOPRIVATES',
    'GOPRIVATE',
    'Not read by the go command, which only knows `GOPRIVATE` (no plural): private modules still go to the public proxy and checksum database.',
    'go 命令不读取它，只认 `GOPRIVATE`（没有复数形式）：私有模块仍会被发往公共代理和校验和数据库。',
  ),
  typo(
    'GO_SUMDB',
    'GOSUMDB',
    'Not read by the go command, which only knows `GOSUMDB`: the default checksum database `sum.golang.org` stays in use.',
    'go 命令不读取它，只认 `GOSUMDB`：仍会使用默认的校验和数据库 `sum.golang.org`。',
  ),
];

function typo(name: string, real: string, summaryEn: string, summaryZh: string): VariableDoc {
  return {
    name,
    summary: text(summaryEn, summaryZh),
    defaultValue: text('none — the go command never reads it', '无——go 命令从不读取它'),
    values: values([`rename it to \`${real}\` (same syntax)`], [`改名为 \`${real}\`（语法相同）`]),
    typoOf: real,
    link: TYPO_TARGET_LINK[real] ?? LINK.env,
  };
}

export const VARIABLE_DOCS: ReadonlyMap<string, VariableDoc> = new Map(DOCS.map((d) => [d.name, d]));

export function variableDoc(name: string): VariableDoc | undefined {
  return VARIABLE_DOCS.get(name);
}

/**
 * Names to offer in completions after ENV/ARG, most useful first. Typos are never offered, nor GOTELEMETRY
 * (the go command does not read it from the environment).
 */
export const COMPLETION_ORDER: readonly string[] = [
  'GOPROXY',
  'GOPRIVATE',
  'GONOSUMDB',
  'GONOPROXY',
  'GOSUMDB',
  'GOFLAGS',
  'GOTOOLCHAIN',
  'CGO_ENABLED',
  'GOOS',
  'GOARCH',
  'GOINSECURE',
  'GOAUTH',
  'GOMODCACHE',
  'GOCACHE',
  'GOPATH',
  'GOWORK',
  'GOVCS',
  'GO111MODULE',
  'GOAMD64',
  'GOARM',
  'GOBIN',
  'GOEXPERIMENT',
  'GODEBUG',
  'GOMAXPROCS',
  'GOENV',
  'GOROOT',
];
