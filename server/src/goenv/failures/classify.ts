// What a failure message of the go command means: text in, a kind a person can act on and the facts its
// explanation needs out. Pure: the container test's report and the build-log explainer both use it.
// The shapes are those of Go 1.19 through 1.26 (`go mod download`, `go build`, `go get`).
import { redactCredentials } from '../../core/redact';
import { isKnownPublicHost, privateReason } from '../privacy';
import { ownerPattern } from '../privacyEvidence';

/** What went wrong, from the go command's point of view; stable names (JSON output, diagnostic codes). */
export const GO_FAILURE_KINDS = [
  'dns',
  'tcp-dial-timeout',
  'connection-refused',
  'connection-reset',
  'tls-handshake-timeout',
  'tls-error',
  'context-deadline',
  'not-found-private',
  'not-found',
  'proxy-auth',
  'insecure-credentials',
  'server-error',
  'sumdb-unreachable',
  'proxy-off',
  'invalid-proxy',
  'invalid-goflags',
  'invalid-gosumdb',
  'unrecognized-import-path',
  'vcs-auth',
  'git-fetch',
  'ssh-host-key',
  'go-too-old',
  'toolchain-download',
  'missing-go-sum',
  'checksum-mismatch',
  'no-space',
  'go-missing',
  'other',
] as const;

export type GoFailureKind = (typeof GO_FAILURE_KINDS)[number];

/** A classified failure: its kind and what the message says about it (every string redacted). */
export interface GoFailure {
  kind: GoFailureKind;
  /** The module the failure is about, when the message names one. */
  module?: string;
  version?: string;
  /** Host (and port) of the failed request: a proxy, the checksum database or the module's own server. */
  host?: string;
  /** The HTTP status of the answer, when the server answered. */
  status?: string;
  /** The name a DNS lookup failed for. */
  name?: string;
  /** The Go version a go.mod asks for, and the one that ran. */
  goVersion?: string;
  running?: string;
  /** For the rejected-setting kinds: the go command's complaint; for `other`: the first line of the message. */
  detail?: string;
  /** The network error under a failed direct fetch (`unrecognized import path`, `git ls-remote`). */
  reason?: string;
}

export interface FailureContext {
  module?: string;
  /** The URL of the failed request, when known (which host, and whether it was the checksum database). */
  url?: string;
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

function hostOf(text: string): string | undefined {
  return /https?:\/\/(?:[^\s/@]+@)?([^\s/"'?]+)/.exec(text)?.[1];
}

const firstLine = (s: string) => s.split('\n')[0]!.trim();
/** The go command's complaint without the module it was working on (`m@v1: verifying go.mod: invalid GOSUMDB: …`). */
const complaint = (s: string) => firstLine(s).replace(/^\S+@v\S+: (?:verifying (?:go\.mod|module): )?/, '');

/** The network error at the end of a message (`dial tcp …: connection refused`, `… 404 Not Found`). */
function networkReason(message: string): string | undefined {
  const m =
    /(dial tcp[^\n]*|net\/http: [^\n]*|x509: [^\n]*|tls: [^\n]*|read tcp [^\n]*|\d{3} [A-Z][A-Za-z ]+$|Failed to connect [^\n]*|Could not resolve host[^\n]*|Connection refused|Connection timed out)/m.exec(
      message,
    );
  return m?.[1]?.trim();
}

/** Classifies one go failure message (a `go:` line with its continuation lines, a JSON `Error`, or a `# get` error). */
export function classifyGoFailure(rawMessage: string, ctx: FailureContext = {}): GoFailure {
  const message = redactCredentials(rawMessage).replace(/^go: /, '');
  const at = /([^\s:@"'()]+)@(v[^\s:/@"'()]+)/.exec(message);
  const module = ctx.module ?? at?.[1];
  const version = ctx.module === undefined || ctx.module === at?.[1] ? at?.[2] : undefined;
  const host = hostOf(redactCredentials(ctx.url ?? '')) ?? hostOf(message);
  const status = /: (\d{3}) [A-Z][A-Za-z ]*$/m.exec(message)?.[1] ?? /reading \S+: (\d{3})/.exec(message)?.[1];
  const base = { ...(module ? { module } : {}), ...(version ? { version } : {}) };
  const k = (kind: GoFailureKind, facts: Partial<GoFailure> = {}): GoFailure => {
    const out: GoFailure = { kind, ...base };
    for (const [key, value] of Object.entries(facts)) if (value !== undefined && value !== '') (out as unknown as Record<string, unknown>)[key] = value;
    return out;
  };

  if (/checksum mismatch|SECURITY ERROR/.test(message)) return k('checksum-mismatch');
  // The settings the go command refuses to start with (it names the variable).
  if (/parsing \$GOFLAGS|GOFLAGS=|invalid -mod=|-mod may only be set to/.test(message) && !/GOPROXY|GOSUMDB/.test(message))
    return k('invalid-goflags', { detail: complaint(message) });
  if (/invalid GOSUMDB|malformed GOSUMDB|GOSUMDB=|invalid sumdb|malformed verifier id|unknown key in GOSUMDB|GOSUMDB .* invalid/i.test(message))
    return k('invalid-gosumdb', { detail: complaint(message) });
  if (/invalid proxy URL|invalid GOPROXY|GOPROXY list is not the empty string/.test(message)) return k('invalid-proxy', { detail: complaint(message) });
  // An older go reading a newer go.mod, or a go that may not switch to the toolchain the go.mod asks for.
  const requires = /requires go >= ?([\d.]+\w*) \(running go ([\d.]+\w*); GOTOOLCHAIN=([^)]*)\)/.exec(message);
  if (requires && !/auto/.test(requires[3]!)) return k('go-too-old', { goVersion: requires[1], running: requires[2] });
  const oldGo = /invalid go version '([\d.]+\w*)'|unknown directive: (toolchain|godebug)|module requires Go ([\d.]+)/.exec(message);
  if (oldGo)
    return k('go-too-old', { goVersion: oldGo[1] ?? oldGo[3], detail: /[^\n]*(?:invalid go version|unknown directive)[^\n]*/.exec(message)?.[0]?.trim() });
  if (
    /toolchain not available|download go[\d.]+\S* for|golang\.org\/toolchain|switching to go\d|requires go >= |cannot find "go[\d.]+" in PATH/.test(message)
  ) {
    const m = /go ?>= ?([\d.]+\w*)|download (?:go)?([\d.]+\w*)|go(1\.[\d.]+\w*)/.exec(message);
    return k('toolchain-download', { goVersion: m?.[1] ?? m?.[2] ?? m?.[3] });
  }
  if (/no space left on device|disk quota exceeded/.test(message)) return k('no-space', { detail: firstLine(message) });
  const missingSum = /missing go\.sum entry (?:for module providing package ([^\s;]+)|for go\.mod file|for module)/.exec(message);
  if (missingSum) return k('missing-go-sum', { ...(module === undefined && missingSum[1] ? { module: missingSum[1] } : {}) });
  if (/module lookup disabled by GOPROXY=off/.test(message)) return k('proxy-off');
  if (/refusing to pass credentials to insecure URL|insecure credentials/.test(message)) return k('insecure-credentials', { host });
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No \w+ host key is known for/.test(message)) {
    const sshHost = /host key for ([^\s]+?)(?: has|:|\s|$)|Offending \w+ key in|known for ([^\s]+?) and/.exec(message);
    return k('ssh-host-key', { host: sshHost?.[1] ?? sshHost?.[2] ?? (module ? module.split('/')[0] : undefined) });
  }
  if (
    /terminal prompts disabled|could not read Username|could not read Password|Authentication failed|authentication required|Permission denied \(publickey\)|HTTP Basic: Access denied/i.test(
      message,
    )
  )
    return k('vcs-auth', { host: hostOf(message) ?? /for '([^']+)'/.exec(message)?.[1] });
  const unrecognized = /unrecognized import path "([^"]+)"(?:: ([^\n]*))?/.exec(message);
  if (unrecognized) {
    const reason = networkReason(unrecognized[2] ?? '') ?? unrecognized[2]?.replace(/^https fetch: /, '');
    return k('unrecognized-import-path', { module: module ?? unrecognized[1], host: unrecognized[1]!.split('/')[0], reason });
  }
  if (/git ls-remote[^\n]*exit status 128|git fetch[^\n]*exit status 128|git init[^\n]*exit status 128/.test(message))
    return k('git-fetch', { host: hostOf(message) ?? (module ? module.split('/')[0] : undefined), reason: /fatal: ([^\n]+)/.exec(message)?.[1]?.trim() });

  const sumdb = /verifying (go\.mod|module)|\/lookup\/|\/sumdb\//.test(message) || /\/lookup\/|\/sumdb\//.test(ctx.url ?? '');
  if (sumdb && /Get "|dial tcp|lookup |timeout|deadline|refused|reset|: [45]\d\d /.test(message)) return k('sumdb-unreachable', { host, status });
  if (status === '401' || status === '403' || status === '407') return k('proxy-auth', { host, status });
  if (status === '404' || status === '410') return k(module && looksPrivate(module) ? 'not-found-private' : 'not-found', { host, status });
  if (status?.startsWith('5')) return k('server-error', { host, status });
  if (/no such host|server misbehaving|Temporary failure in name resolution|lookup \S+ on \S+: /.test(message))
    return k('dns', { host, name: /lookup (\S+?)(?: on |: )/.exec(message)?.[1] ?? host });
  if (/connection refused/.test(message)) return k('connection-refused', { host });
  if (/connection reset by peer|broken pipe|unexpected EOF|: EOF$/m.test(message)) return k('connection-reset', { host });
  if (/TLS handshake timeout/.test(message)) return k('tls-handshake-timeout', { host });
  if (/x509:|tls: |certificate/.test(message)) return k('tls-error', { host, detail: /(x509: [^\n]+|tls: [^\n]+)/.exec(message)?.[1] ?? 'certificate error' });
  if (/dial tcp [^\n]*i\/o timeout/.test(message)) return k('tcp-dial-timeout', { host });
  if (/context deadline exceeded|Client\.Timeout exceeded|i\/o timeout/.test(message)) return k('context-deadline', { host });
  if (/: go: not found|go: command not found|exec: "go": executable file not found|go: not found$/m.test(message)) return k('go-missing');
  return k('other', { detail: firstLine(message) });
}
