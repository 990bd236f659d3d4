// Sorting failures into kinds a person can act on, each with a cause and a fix. Texts are English source
// strings with `{0}` placeholders, passed through a translator (VS Code's l10n.t in the extension).
import { redactCredentials } from '../../../server/src/core/redact';
import { isKnownPublicHost, privateReason } from '../../../server/src/goenv/privacy';
import { ownerPattern } from '../../../server/src/goenv/privacyEvidence';
import type { Translate } from '../translate';

/** What went wrong in a container run, from the go command's or the runtime's output; also the code of its go.mod diagnostic. */
export type RunFailureKind =
  | 'dns'
  | 'tcp-dial-timeout'
  | 'connection-refused'
  | 'connection-reset'
  | 'tls-handshake-timeout'
  | 'tls-error'
  | 'context-deadline'
  | 'not-found-private'
  | 'not-found'
  | 'proxy-auth'
  | 'insecure-credentials'
  | 'vcs-auth'
  | 'server-error'
  | 'checksum-mismatch'
  | 'sumdb-unreachable'
  | 'proxy-off'
  | 'invalid-proxy'
  | 'toolchain-download'
  | 'image-pull'
  | 'runtime-missing'
  | 'daemon-down'
  | 'permission-denied'
  | 'timeout'
  | 'cancelled'
  | 'other';

export interface Classified {
  kind: RunFailureKind;
  cause: string;
  fix: string;
}

/** Company code hosts by name (git.acme.com): an otherwise unknown host that answers 404 is then most likely private. */
const VCS_HOST_PREFIX = /^(git|gitlab|gitea|gerrit|code|scm|svn|bitbucket|stash|source|repo|vcs)\./i;

/**
 * Whether a failed module looks private, from the analysis core's judgement (so the report and the diagnostics
 * agree). A host that is merely unknown counts only when its name is a company VCS server's: a 404 for a
 * vanity path like example.com/x is more likely a public module the proxy lacks.
 */
export function looksPrivate(modulePath: string): boolean {
  return privateReason(modulePath, []) !== undefined || (!isKnownPublicHost(modulePath) && VCS_HOST_PREFIX.test(modulePath));
}

/** The GOPRIVATE entry we suggest (the host, or the owner on shared code hosts), as the quick fixes do. */
export function privatePattern(modulePath: string): string {
  return ownerPattern(modulePath);
}

export interface FailureContext {
  module?: string;
  /** The URL of the failed request, when known (for which host, and whether it was the checksum database). */
  url?: string;
}

function hostOf(text: string): string {
  const m = /https?:\/\/(?:[^\s/@]+@)?([^\s/"]+)/.exec(text);
  return m?.[1] ?? '';
}

/** Classifies one go failure message (a `go:` line, a JSON `Error`, or a `# get` error). */
export function classifyGoFailure(rawMessage: string, t: Translate, ctx: FailureContext = {}): Classified {
  const message = redactCredentials(rawMessage);
  const mod = ctx.module ?? /([^\s:@]+)@v[^\s:/@]+/.exec(message)?.[1] ?? '';
  const host = hostOf(ctx.url ?? message) || hostOf(message);
  const sumdb = /verifying (go\.mod|module)|\/lookup\/|\/sumdb\//.test(message) || /\/lookup\/|\/sumdb\//.test(ctx.url ?? '');
  const status = /: (\d{3}) [A-Z][A-Za-z ]*$/m.exec(message)?.[1] ?? /reading \S+: (\d{3})/.exec(message)?.[1];
  const k = (kind: RunFailureKind, cause: string, fix: string): Classified => ({ kind, cause, fix });

  if (/checksum mismatch|SECURITY ERROR/.test(message)) {
    return k(
      'checksum-mismatch',
      t('The downloaded module {0} does not match the hash recorded in go.sum.', mod),
      t(
        'Check where the proxy gets {0} (a republished tag or a tampering mirror). If the go.sum line is wrong, remove it and run go mod tidy against a trusted proxy.',
        mod,
      ),
    );
  }
  if (/module lookup disabled by GOPROXY=off/.test(message)) {
    return k(
      'proxy-off',
      t('GOPROXY=off forbids downloading {0}, and it is not in the module cache.', mod),
      t('Set GOPROXY to a proxy list (for example https://proxy.golang.org,direct), or fill the module cache or vendor directory before this step.'),
    );
  }
  if (/invalid proxy URL|invalid GOPROXY/.test(message)) {
    return k(
      'invalid-proxy',
      t('The go command rejects the GOPROXY value: {0}', message.split('\n')[0]!),
      t('Write each GOPROXY entry as a full URL (https://host/path) separated by "," or "|", optionally ending with direct or off.'),
    );
  }
  // Go 1.21+: a toolchain switch that failed; Go 1.20 and older cannot even parse newer go lines.
  if (
    /toolchain not available|download go[\d.]+\S* for|golang\.org\/toolchain|requires go >= .*GOTOOLCHAIN|switching to go\d|invalid go version '|unknown directive: toolchain/.test(
      message,
    )
  ) {
    const m = /go ?>= ?([\d.]+)|invalid go version '([\d.]+)'|go(1\.[\d.]+)/.exec(message);
    const version = m?.[1] ?? m?.[2] ?? m?.[3];
    return k(
      'toolchain-download',
      t('The module needs Go {0}, newer than the image, and the toolchain could not be used or downloaded.', version ?? '?'),
      t('Use an image with that Go version (golang:{0}), or let GOTOOLCHAIN download it through a proxy that serves golang.org/toolchain.', version ?? 'X.Y'),
    );
  }
  if (/refusing to pass credentials to insecure URL|insecure credentials/.test(message)) {
    return k(
      'insecure-credentials',
      t('The go command refuses to send the credentials in the proxy URL over plain HTTP ({0}).', host),
      t('Serve the proxy over https, or pass credentials through a netrc secret instead of the URL.'),
    );
  }
  if (
    /terminal prompts disabled|could not read Username|could not read Password|Authentication failed|authentication required|Permission denied \(publickey\)|HTTP Basic: Access denied/i.test(
      message,
    )
  ) {
    return k(
      'vcs-auth',
      t('Fetching {0} directly from its repository needs credentials the container does not have.', mod),
      t(
        'Mount a netrc with a token for {0} (machine {0} login … password …) as a build secret, or configure GOAUTH; for proxies, use a URL the go command can authenticate to.',
        hostOf(message) || privatePattern(mod),
      ),
    );
  }
  if (sumdb && /Get "|dial tcp|lookup |timeout|deadline|refused|reset|: [45]\d\d /.test(message)) {
    if (status === '404' || status === '410') {
      return k(
        'sumdb-unreachable',
        t('The checksum database does not know {0}: it is probably private, and the public database must not be asked about it.', mod),
        t('Add {0} to GONOSUMDB (or GOPRIVATE) so its checksums are not looked up.', privatePattern(mod)),
      );
    }
    return k(
      'sumdb-unreachable',
      t('The checksum database at {0} could not be reached to verify {1}.', host, mod),
      t(
        'Use a reachable checksum database mirror (GOSUMDB="sum.golang.org https://goproxy.cn/sumdb/sum.golang.org", or a proxy that relays it), commit complete go.sum files, or exempt private modules with GONOSUMDB.',
      ),
    );
  }
  if (status === '401' || status === '403' || status === '407') {
    return k(
      'proxy-auth',
      t('The proxy {0} answered {1}: it requires credentials the container did not send.', host, status),
      t(
        'Give the container credentials for {0}: a netrc secret (machine {0} login … password …) or GOAUTH, and an https proxy URL.',
        host.replace(/:\d+$/, ''),
      ),
    );
  }
  if (status === '404' || status === '410') {
    if (mod && looksPrivate(mod)) {
      return k(
        'not-found-private',
        t('The proxy {0} answered {1} for {2}: a public proxy cannot see a private module.', host, status, mod),
        t(
          'Add {0} to GOPRIVATE so the go command fetches it directly (with credentials), and keep it away from public proxies and the checksum database.',
          privatePattern(mod),
        ),
      );
    }
    return k(
      'not-found',
      t('The proxy {0} answered {1} for {2}: it does not have this module version.', host, status, mod),
      t(
        'Check that the version exists (tag pushed, path spelled with the right case), or list a proxy that has it; with "," the next entry is only tried after 404/410.',
      ),
    );
  }
  if (status && status.startsWith('5')) {
    return k(
      'server-error',
      t('The proxy {0} failed with HTTP {1}.', host, status),
      t('Retry later, or list a second mirror after "|" (GOPROXY=a|b) so errors fall through to it.'),
    );
  }
  if (/no such host|server misbehaving|Temporary failure in name resolution|lookup \S+ on \S+: /.test(message)) {
    const name = /lookup (\S+?)(?: on |: )/.exec(message)?.[1] ?? host;
    return k(
      'dns',
      t('The name {0} could not be resolved inside the container.', name),
      t(
        'Check the spelling of the proxy host and the container network (--network, DNS of the build host); behind a firewall, use a mirror that resolves, e.g. https://goproxy.cn.',
      ),
    );
  }
  if (/connection refused/.test(message)) {
    return k(
      'connection-refused',
      t('Nothing accepts connections at {0}.', host),
      t('Check the proxy address and port, and that the proxy is reachable from the container network (localhost inside a container is the container itself).'),
    );
  }
  if (/connection reset by peer|broken pipe|unexpected EOF|: EOF$/m.test(message)) {
    return k(
      'connection-reset',
      t('The connection to {0} was reset before an answer arrived.', host),
      t('A firewall or an overloaded proxy is cutting connections; use another mirror, or a "|" fallback.'),
    );
  }
  if (/TLS handshake timeout/.test(message)) {
    return k(
      'tls-handshake-timeout',
      t('The TLS handshake with {0} timed out.', host),
      t('The host is reachable but too slow or filtered; use a closer mirror.'),
    );
  }
  if (/x509:|tls: |certificate/.test(message)) {
    return k(
      'tls-error',
      t('The TLS connection to {0} failed: {1}', host, /(x509: [^\n]+|tls: [^\n]+)/.exec(message)?.[1] ?? 'certificate error'),
      t("Install the proxy's CA certificate in the image (or set SSL_CERT_FILE); do not disable verification."),
    );
  }
  if (/dial tcp [^\n]*i\/o timeout/.test(message)) {
    return k(
      'tcp-dial-timeout',
      t('Connecting to {0} timed out: packets are dropped on the way.', host),
      t('The network blocks this host; use a reachable mirror (e.g. https://goproxy.cn) or configure the HTTPS_PROXY of your network.'),
    );
  }
  if (/context deadline exceeded|Client\.Timeout exceeded|i\/o timeout/.test(message)) {
    return k(
      'context-deadline',
      t('The request to {0} did not complete in time.', host),
      t('The proxy is too slow or stalls; use a faster mirror, or a "|" fallback so the next one is tried.'),
    );
  }
  if (/: go: not found|go: command not found|exec: "go": executable file not found/.test(message)) {
    return k('other', t('The image has no go command on its PATH.'), t('Use a Go image (for example golang:1.26) for the module download stage.'));
  }
  return k('other', t('go mod download failed: {0}', message.split('\n')[0]!), t('Read the log above for details.'));
}

/** Classifies a failure of the runtime itself (`docker run` exit 125, a missing binary, a dead daemon). */
export function classifyRuntimeFailure(stderr: string, t: Translate, image: string, runtime: string): Classified | undefined {
  const text = redactCredentials(stderr);
  if (/invalid reference format/i.test(text)) {
    return {
      kind: 'image-pull',
      cause: t('{0} is not a valid image reference.', image),
      fix: t('Correct the image name in the plan or in the goProxyDoctor.container.image setting.'),
    };
  }
  if (
    /No such image|Unable to find image|pull access denied|manifest unknown|manifest for .* not found|repository does not exist|failed to resolve reference|not found: manifest|Error response from daemon: Get "https:\/\/registry|error pulling image|short-name .* did not resolve/i.test(
      text,
    )
  ) {
    return {
      kind: 'image-pull',
      cause: t('The image {0} is not available locally and could not be pulled.', image),
      fix: t('Pull or build {0} first (docker pull {0}), or pick an image you have; behind a firewall, configure a registry mirror.', image),
    };
  }
  if (/permission denied while trying to connect|Got permission denied/i.test(text)) {
    return {
      kind: 'permission-denied',
      cause: t('You are not allowed to use the {0} daemon.', runtime),
      fix: t('Add your user to the docker group (then log in again), or use rootless {0}.', runtime),
    };
  }
  if (
    /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|cannot connect to Podman|failed to connect to containerd/i.test(text)
  ) {
    return {
      kind: 'daemon-down',
      cause: t('The {0} daemon is not running (or DOCKER_HOST points at nothing).', runtime),
      fix: t('Start the daemon (Docker Desktop, or sudo systemctl start docker) and try again.'),
    };
  }
  return undefined;
}

export function runtimeMissing(t: Translate, runtime: string): Classified {
  return {
    kind: 'runtime-missing',
    cause: t('{0} is not installed or not on PATH.', runtime),
    fix: t('Install {0}, or choose another runtime in the goProxyDoctor.container.runtime setting.', runtime),
  };
}

export function timedOut(t: Translate, seconds: number, waitingOn: readonly string[]): Classified {
  const hosts = waitingOn.length ? waitingOn.join(', ') : t('(no request was open)');
  return {
    kind: 'timeout',
    cause: t('go mod download did not finish within {0} s; still waiting for answers from: {1}.', seconds, hosts),
    fix: t(
      'A proxy that accepts connections but never answers stalls go forever (it has no timeout of its own). Remove or replace that proxy, or add a "|" fallback.',
    ),
  };
}

export function cancelled(t: Translate): Classified {
  return { kind: 'cancelled', cause: t('The run was cancelled.'), fix: t('Run the test again when you are ready.') };
}
