// Which way a probe goes out: VS Code's `http.proxy` first, then the proxy variables of the environment, else
// directly — so the status bar measures the path the user's downloads take, not a path nobody uses.
import { Agent, Pool, ProxyAgent, type Dispatcher } from 'undici';
import { redactCredentials } from '../../../server/src/core/redact';
import { timedConnector } from './probe';

export interface ProxySettings {
  /** VS Code `http.proxy`; may carry `user:pass@`, sent as Proxy-Authorization. */
  httpProxy?: string;
  /** VS Code `http.proxyStrictSSL`: false accepts any certificate (proxy and mirror). */
  strictSSL: boolean;
  /** VS Code `http.noProxy`: hosts reached directly. */
  noProxy: string[];
  env: NodeJS.ProcessEnv;
}

// One dispatcher per (proxy, strictSSL): probes of every mirror share it; closeAll() ends them all.
const dispatchers = new Map<string, Dispatcher>();

export function dispatcherFor(target: string, cfg: ProxySettings): Dispatcher {
  const proxy = proxyFor(target, cfg);
  const key = JSON.stringify([proxy ?? 'direct', cfg.strictSSL]);
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    const tls = { rejectUnauthorized: cfg.strictSSL };
    dispatcher = proxy === undefined ? new Agent({ connect: timedConnector(tls) }) : proxyAgent(proxy, tls);
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}

/** Destroys every cached dispatcher (open and in-flight connections included). */
export async function closeAll(): Promise<void> {
  const all = [...dispatchers.values()];
  dispatchers.clear();
  await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
}

/** The proxy URL a request to `target` goes through, or undefined for a direct connection. */
export function proxyFor(target: string, cfg: ProxySettings): string | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  // Upper case first, and empty means unset: the go command's rules (golang.org/x/net/http/httpproxy).
  const env = (name: string) => cfg.env[name] || cfg.env[name.toLowerCase()] || undefined;
  const proxy = cfg.httpProxy?.trim() || (url.protocol === 'https:' ? env('HTTPS_PROXY') : env('HTTP_PROXY'));
  if (!proxy) return undefined;
  const exclusions = [...cfg.noProxy, ...(env('NO_PROXY') ?? '').split(/[\s,]+/)];
  if (exclusions.some((entry) => bypassesProxy(url, entry))) return undefined;
  return proxy.includes('://') ? proxy : `http://${proxy}`;
}

/**
 * NO_PROXY entries as the go command reads them: `*`; a host or IP, optionally `:port`; `example.com` matches
 * it and its subdomains, `.example.com` (or `*.example.com`) only subdomains.
 */
export function bypassesProxy(url: URL, rawEntry: string): boolean {
  const entry = rawEntry.trim().toLowerCase();
  if (entry === '') return false;
  if (entry === '*') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  // `[::1]:443`, `host:443`; a bare IPv6 address has several colons and no port.
  const parts = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? (entry.split(':').length === 2 ? /^(.*):(\d+)$/.exec(entry) : null);
  const entryHost = parts ? parts[1]! : entry;
  if (parts?.[2] !== undefined && parts[2] !== port) return false;
  const subdomainsOnly = /^\*?\./.test(entryHost);
  const name = entryHost.replace(/^\*?\./, '');
  return (!subdomainsOnly && host === name) || host.endsWith('.' + name);
}

function proxyAgent(proxy: string, tls: { rejectUnauthorized: boolean }): Dispatcher {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    throw new Error(`invalid proxy URL: ${redactCredentials(proxy)}`);
  }
  // Credentials move to a header so the proxy URL kept inside undici (and in its errors) has none.
  const token = url.username || url.password ? 'Basic ' + Buffer.from(`${decode(url.username)}:${decode(url.password)}`).toString('base64') : undefined;
  url.username = '';
  url.password = '';
  return new ProxyAgent({
    uri: url.href,
    ...(token ? { token } : {}),
    requestTls: tls,
    proxyTls: tls,
    // The connection to the proxy itself is timed too: it is the DNS and TCP a proxied probe pays.
    clientFactory: (origin) => new Pool(origin, { connect: timedConnector(tls, 'proxy') }),
  });
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
