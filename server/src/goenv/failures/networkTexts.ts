// Causes and fixes of the failures on the way to a proxy or the checksum database: the network, TLS, and what
// the server answered. English and Simplified Chinese; every value comes from a redacted GoFailure.
import type { Localized } from '../../core/localize';
import type { GoFailure } from './classify';
import { privatePattern } from './classify';

type Text = Localized<[GoFailure]>;
export interface FailureText {
  cause: Text;
  fix: Text;
}

const host = (f: GoFailure) => f.host ?? '?';
const mod = (f: GoFailure) => f.module ?? '?';
const bareHost = (f: GoFailure) => host(f).replace(/:\d+$/, '');

export const NETWORK_TEXTS = {
  dns: {
    cause: {
      en: (f) => `The name ${f.name ?? host(f)} could not be resolved where go ran.`,
      'zh-cn': (f) => `在 go 运行的环境中无法解析域名 ${f.name ?? host(f)}。`,
    },
    fix: {
      en: () =>
        'Check the spelling of the proxy host and the build network (--network, the DNS of the build host); behind a firewall, use a mirror that resolves, e.g. https://goproxy.cn.',
      'zh-cn': () => '请检查代理主机名的拼写和构建网络（--network、构建主机的 DNS）；在防火墙后请使用可解析的镜像，例如 https://goproxy.cn。',
    },
  },
  'tcp-dial-timeout': {
    cause: {
      en: (f) => `Connecting to ${host(f)} timed out: packets are dropped on the way.`,
      'zh-cn': (f) => `连接 ${host(f)} 超时：数据包在途中被丢弃。`,
    },
    fix: {
      en: () => 'The network blocks this host; use a reachable mirror (e.g. https://goproxy.cn) or configure the HTTPS_PROXY of your network.',
      'zh-cn': () => '网络屏蔽了该主机；请使用可访问的镜像（例如 https://goproxy.cn），或配置所在网络的 HTTPS_PROXY。',
    },
  },
  'connection-refused': {
    cause: { en: (f) => `Nothing accepts connections at ${host(f)}.`, 'zh-cn': (f) => `${host(f)} 上没有服务接受连接。` },
    fix: {
      en: () =>
        'Check the proxy address and port, and that the proxy is reachable from the build network (localhost inside a container is the container itself).',
      'zh-cn': () => '请检查代理的地址和端口，并确认构建网络能访问该代理（容器内的 localhost 是容器自身）。',
    },
  },
  'connection-reset': {
    cause: { en: (f) => `The connection to ${host(f)} was reset before an answer arrived.`, 'zh-cn': (f) => `与 ${host(f)} 的连接在收到应答前被重置。` },
    fix: {
      en: () => 'A firewall or an overloaded proxy is cutting connections; use another mirror, or a "|" fallback.',
      'zh-cn': () => '防火墙或过载的代理切断了连接；请换用其他镜像，或用 "|" 设置后备。',
    },
  },
  'tls-handshake-timeout': {
    cause: { en: (f) => `The TLS handshake with ${host(f)} timed out.`, 'zh-cn': (f) => `与 ${host(f)} 的 TLS 握手超时。` },
    fix: {
      en: () => 'The host accepts connections but does not complete TLS (too slow, filtered, or not an https server); use a closer mirror.',
      'zh-cn': () => '该主机接受连接却没有完成 TLS 握手（太慢、被过滤，或不是 https 服务）；请使用更近的镜像。',
    },
  },
  'tls-error': {
    cause: {
      en: (f) => `The TLS connection to ${host(f)} failed: ${f.detail ?? 'certificate error'}`,
      'zh-cn': (f) => `与 ${host(f)} 的 TLS 连接失败：${f.detail ?? '证书错误'}`,
    },
    fix: {
      en: () => "Install the proxy's CA certificate in the image (or set SSL_CERT_FILE); do not disable verification.",
      'zh-cn': () => '请把代理的 CA 证书安装到镜像中（或设置 SSL_CERT_FILE）；不要关闭证书校验。',
    },
  },
  'context-deadline': {
    cause: { en: (f) => `The request to ${host(f)} did not complete in time.`, 'zh-cn': (f) => `对 ${host(f)} 的请求未能按时完成。` },
    fix: {
      en: () => 'The proxy is too slow or stalls; use a faster mirror, or a "|" fallback so the next one is tried.',
      'zh-cn': () => '代理太慢或停滞；请使用更快的镜像，或用 "|" 设置后备，让 go 尝试下一个。',
    },
  },
  'not-found-private': {
    cause: {
      en: (f) => `The proxy ${host(f)} answered ${f.status} for ${mod(f)}: a public proxy cannot see a private module.`,
      'zh-cn': (f) => `代理 ${host(f)} 对 ${mod(f)} 返回了 ${f.status}：公共代理看不到私有模块。`,
    },
    fix: {
      en: (f) =>
        `Add ${privatePattern(mod(f))} to GOPRIVATE so the go command fetches it directly (with credentials), and keep it away from public proxies and the checksum database.`,
      'zh-cn': (f) => `请把 ${privatePattern(mod(f))} 加入 GOPRIVATE，让 go 命令（带凭据）直接获取它，并使其远离公共代理和校验和数据库。`,
    },
  },
  'not-found': {
    cause: {
      en: (f) => `The proxy ${host(f)} answered ${f.status} for ${mod(f)}: it does not have this module version.`,
      'zh-cn': (f) => `代理 ${host(f)} 对 ${mod(f)} 返回了 ${f.status}：它没有这个模块版本。`,
    },
    fix: {
      en: () =>
        'Check that the version exists (tag pushed, path spelled with the right case), or list a proxy that has it; with "," the next entry is only tried after 404/410.',
      'zh-cn': () => '请确认该版本存在（标签已推送、路径大小写正确），或列出拥有它的代理；用 "," 分隔时，只有 404/410 才会尝试下一项。',
    },
  },
  'proxy-auth': {
    cause: {
      en: (f) => `The proxy ${host(f)} answered ${f.status}: it requires credentials the build did not send.`,
      'zh-cn': (f) => `代理 ${host(f)} 返回了 ${f.status}：它需要凭据，而构建没有发送。`,
    },
    fix: {
      en: (f) => `Give the build credentials for ${bareHost(f)}: a netrc secret (machine ${bareHost(f)} login … password …) or GOAUTH, and an https proxy URL.`,
      'zh-cn': (f) => `请为构建提供 ${bareHost(f)} 的凭据：netrc 密钥（machine ${bareHost(f)} login … password …）或 GOAUTH，并使用 https 代理地址。`,
    },
  },
  'insecure-credentials': {
    cause: {
      en: (f) => `The go command refuses to send the credentials in the proxy URL over plain HTTP (${host(f)}).`,
      'zh-cn': (f) => `go 命令拒绝通过明文 HTTP 发送代理地址中的凭据（${host(f)}）。`,
    },
    fix: {
      en: () => 'Serve the proxy over https, or pass credentials through a netrc secret instead of the URL.',
      'zh-cn': () => '请通过 https 提供代理，或改用 netrc 密钥传递凭据，而不是写在地址里。',
    },
  },
  'server-error': {
    cause: { en: (f) => `The proxy ${host(f)} failed with HTTP ${f.status}.`, 'zh-cn': (f) => `代理 ${host(f)} 返回 HTTP ${f.status} 错误。` },
    fix: {
      en: () => 'Retry later, or list a second mirror after "|" (GOPROXY=a|b) so errors fall through to it.',
      'zh-cn': () => '请稍后重试，或在 "|" 之后列出第二个镜像（GOPROXY=a|b），让出错时改用它。',
    },
  },
  'sumdb-unreachable': {
    cause: {
      en: (f) =>
        f.status === '404' || f.status === '410'
          ? `The checksum database does not know ${mod(f)}: it is probably private, and the public database must not be asked about it.`
          : `The checksum database at ${host(f)} could not be reached to verify ${mod(f)}.`,
      'zh-cn': (f) =>
        f.status === '404' || f.status === '410'
          ? `校验和数据库不认识 ${mod(f)}：它很可能是私有模块，不应向公共数据库查询。`
          : `无法访问 ${host(f)} 上的校验和数据库来验证 ${mod(f)}。`,
    },
    fix: {
      en: (f) =>
        f.status === '404' || f.status === '410'
          ? `Add ${privatePattern(mod(f))} to GONOSUMDB (or GOPRIVATE) so its checksums are not looked up.`
          : 'Use a reachable checksum database mirror (GOSUMDB="sum.golang.org https://goproxy.cn/sumdb/sum.golang.org", or a proxy that relays it), commit complete go.sum files, or exempt private modules with GONOSUMDB.',
      'zh-cn': (f) =>
        f.status === '404' || f.status === '410'
          ? `请把 ${privatePattern(mod(f))} 加入 GONOSUMDB（或 GOPRIVATE），不再查询它的校验和。`
          : '请使用可访问的校验和数据库镜像（GOSUMDB="sum.golang.org https://goproxy.cn/sumdb/sum.golang.org"，或转发它的代理），提交完整的 go.sum，或用 GONOSUMDB 豁免私有模块。',
    },
  },
  'proxy-off': {
    cause: {
      en: (f) => `GOPROXY=off forbids downloading ${mod(f)}, and it is not in the module cache.`,
      'zh-cn': (f) => `GOPROXY=off 禁止下载 ${mod(f)}，而模块缓存中没有它。`,
    },
    fix: {
      en: () => 'Set GOPROXY to a proxy list (for example https://proxy.golang.org,direct), or fill the module cache or vendor directory before this step.',
      'zh-cn': () => '请把 GOPROXY 设为代理列表（例如 https://proxy.golang.org,direct），或在此步骤之前填充模块缓存或 vendor 目录。',
    },
  },
} satisfies Record<string, FailureText>;
