// One line per rule, in every language we ship: SARIF rule descriptions, CLI listings and settings docs.
import type { Localized } from '../core/localize';
import type { RuleId } from '../core/types';

type Title = Localized;
const t = (en: string, zh: string): Title => ({ en: () => en, 'zh-cn': () => zh });

export const RULE_TITLES: Record<RuleId, Title> = {
  'goproxy-unset': t('A download step runs with no GOPROXY: the default proxy.golang.org is used', '下载步骤未设置 GOPROXY：将使用默认的 proxy.golang.org'),
  'goproxy-invalid': t('A GOPROXY entry the go command rejects or cannot fetch', 'go 命令会拒绝或无法访问的 GOPROXY 条目'),
  'goproxy-unreachable-entry': t('GOPROXY entries after direct or off are never used', 'direct 或 off 之后的 GOPROXY 条目永远不会被使用'),
  'goproxy-off': t('GOPROXY=off while a step must download modules', '需要下载模块的步骤设置了 GOPROXY=off'),
  'goproxy-insecure': t('Plain http:// proxy to a host other than this machine', '使用明文 http:// 访问非本机代理'),
  'goproxy-credentials': t('Credentials in a GOPROXY URL stay in the image history', 'GOPROXY URL 中的凭据会留在镜像历史中'),
  'goproxy-credentials-http': t('Credentials in an http:// proxy URL: the go command refuses every request through it', 'http:// 代理 URL 中带有凭据：go 命令会拒绝经由它的所有请求'),
  'goproxy-no-direct': t('No direct fallback after the mirrors', '镜像之后没有 direct 兜底'),
  'goproxy-unhealthy': t('A mirror failing live probes from this machine', '从本机探测失败的镜像'),
  'go111module-redundant': t('GO111MODULE=on is the default since Go 1.16', '自 Go 1.16 起 GO111MODULE=on 已是默认值'),
  'go111module-off': t('GO111MODULE=off ignores go.mod (GOPATH mode)', 'GO111MODULE=off 会忽略 go.mod（GOPATH 模式）'),
  'private-module-proxied': t('A private module is requested from a public proxy', '私有模块被发往公共代理'),
  'private-module-sumdb': t('A private module is checked against the public checksum database', '私有模块被发往公共校验和数据库校验'),
  'pattern-invalid': t('A GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE pattern that never matches, or misses the build\'s module that a sibling form would match', '永远匹配不到的 GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE 模式，或漏掉了构建所需、换一种写法即可匹配的模块'),
  'gosumdb-off': t('GOSUMDB=off disables verification for every module', 'GOSUMDB=off 关闭了所有模块的校验'),
  'gosumdb-invalid': t('A GOSUMDB value the go command cannot use', 'go 命令无法使用的 GOSUMDB 值'),
  'goflags-insecure': t('-insecure in GOFLAGS is no longer supported', 'GOFLAGS 中的 -insecure 已不再受支持'),
  'goflags-invalid': t('A GOFLAGS value every go command rejects', '所有 go 命令都会拒绝的 GOFLAGS 值'),
  'arg-out-of-scope': t('A global ARG used in a stage that does not re-declare it expands empty', '阶段内使用了未重新声明的全局 ARG，会展开为空'),
  'env-set-after-use': t('A Go variable set after the step that needed it', 'Go 变量设置在需要它的步骤之后'),
  'build-arg-overridden': t('An ENV of the same name overrides an ARG: the build argument has no effect', '同名的 ENV 覆盖了 ARG：构建参数不起作用'),
  'build-arg-unused': t('A build argument that no ARG of the stages built declares: the build ignores it', '所构建的阶段中没有 ARG 声明的构建参数：构建会忽略它'),
  'modfiles-copy-order': t('Modules are downloaded after copying all sources: no layer caching', '复制全部源码后才下载模块：无法利用层缓存'),
  'mod-cache-mount': t('A download step without a BuildKit cache mount', '下载步骤没有 BuildKit 缓存挂载'),
  'network-none': t('A step with --network=none must download modules', '使用 --network=none 的步骤需要下载模块'),
  'toolchain-download': t('The image Go is older than go.mod requires', '镜像中的 Go 版本低于 go.mod 的要求'),
  'toolchain-unverifiable': t('A toolchain download with GOSUMDB=off or GOPROXY=off', '在 GOSUMDB=off 或 GOPROXY=off 下下载工具链'),
  'credentials-in-image': t('Credentials copied or written into an image layer', '凭据被复制或写入镜像层'),
  'secret-mount-target': t('A secret mounted where go and git never read it (`~` or a relative target)', 'secret 挂载到了 go 和 git 不会读取的位置（`~` 或相对路径目标）'),
  'secret-in-build-log': t('A RUN prints a secret into the build log', 'RUN 把机密打印到了构建日志中'),
  'gomod-syntax': t('go.mod / go.work syntax error', 'go.mod / go.work 语法错误'),
  'gomod-private-module': t('A private requirement that a Dockerfile sends to a public proxy', 'Dockerfile 会把这个私有依赖发往公共代理'),
  'gomod-replace-outside-context': t('A local replace outside the Docker build context', '本地 replace 路径位于 Docker 构建上下文之外'),
  'file-too-large': t('The file is larger than the analysis accepts: nothing in it is checked', '文件超过分析的大小上限：其中的内容都不会被检查'),
};
