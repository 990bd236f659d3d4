// A real Go module proxy (GOPROXY protocol) on 127.0.0.1 with selectable misbehaviours, for tests that run
// the go command or probe mirrors. It never reaches beyond loopback.
import { createServer } from 'node:http';
import { FIXTURES, type FixtureModule } from './fixtureModules';
import { moduleZip, unescapeModulePath } from './moduleZip';
import { listenOnLoopback } from '../loopback';

export type Behaviour =
  | 'healthy'
  | 'notFound' // 404
  | 'gone' // 410
  | 'serverError' // 500
  | 'hang' // accept the request, never answer
  | 'reset' // destroy the socket with a TCP RST
  | { slowFirstByte: number } // wait ms before the status line
  | { slowBody: number } // headers and half the body at once, the rest after ms
  | { requireAuth: { user: string; pass: string } }; // 401 unless basic auth matches

export interface RecordedRequest {
  method: string;
  /** Path and query as requested (relative to the server root). */
  url: string;
  /** Decoded module path, when the URL is a module request. */
  module?: string;
  /** `list`, `latest`, `<version>.info|.mod|.zip`, or `sumdb/<name>/…`. */
  file?: string;
  /** Whether an Authorization header was sent. The credential itself is never stored. */
  auth: boolean;
  /** Status sent, or `hang`/`reset`. */
  outcome?: number | 'hang' | 'reset';
  /** performance.now() on arrival: comparable across the servers and recorders of this process. */
  at: number;
}

export interface GoProxyOptions {
  modules?: readonly FixtureModule[];
  behaviour?: Behaviour;
  /** Checksum database names whose `/sumdb/<name>/supported` answers 200 (lookups then get 404). */
  sumdb?: readonly string[];
  /** Serve under this path prefix, e.g. `/goproxy` (the url includes it). */
  basePath?: string;
  deflate?: boolean;
}

export interface GoProxy {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Sets the behaviour for the whole server, or for one module path only. */
  setBehaviour(behaviour: Behaviour, modulePath?: string): void;
  addModule(mod: FixtureModule): void;
  close(): Promise<void>;
}

interface Route {
  module?: string;
  file?: string;
  sumdb?: { name: string; rest: string };
}

function parseRoute(path: string): Route {
  const sumdb = /^\/sumdb\/([^/]+)\/(.*)$/.exec(path);
  if (sumdb) return { sumdb: { name: sumdb[1]!, rest: sumdb[2]! }, file: `sumdb/${sumdb[1]}/${sumdb[2]}` };
  const latest = /^\/(.+)\/@latest$/.exec(path);
  if (latest) return { module: unescapeModulePath(latest[1]!), file: 'latest' };
  const v = /^\/(.+)\/@v\/([^/]+)$/.exec(path);
  if (!v) return {};
  const file = v[2] === 'list' ? 'list' : unescapeModulePath(v[2]!);
  return { module: unescapeModulePath(v[1]!), ...(file !== undefined ? { file } : {}) };
}

export async function startGoProxy(options: GoProxyOptions = {}): Promise<GoProxy> {
  const modules = [...(options.modules ?? FIXTURES)];
  const base = (options.basePath ?? '').replace(/\/+$/, '');
  const sumdb = new Set(options.sumdb ?? []);
  let serverBehaviour: Behaviour = options.behaviour ?? 'healthy';
  const perModule = new Map<string, Behaviour>();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => (timers.delete(t), fn()), ms);
    timers.add(t);
  };

  function answer(path: string, route: Route): { status: number; type: string; body: Buffer } {
    if (route.sumdb) {
      const ok = route.sumdb.rest === 'supported' && sumdb.has(route.sumdb.name);
      return ok ? text(200, '') : text(404, 'not found');
    }
    if (!route.module || !route.file) return text(404, `not found: bad request path ${path}`);
    const versions = modules.filter((m) => m.path === route.module);
    if (versions.length === 0) return text(404, `not found: module ${route.module}: no such module on this proxy`);
    if (route.file === 'list') return text(200, versions.map((m) => m.version + '\n').join(''));
    // @latest: the last version listed (fixtures list versions in ascending order).
    const pick = route.file === 'latest' ? versions[versions.length - 1] : versions.find((m) => route.file!.startsWith(m.version + '.'));
    if (!pick) return text(404, `not found: ${route.module}@${route.file}: unknown revision`);
    const ext = route.file === 'latest' ? '.info' : route.file.slice(pick.version.length);
    if (ext === '.info') return { status: 200, type: 'application/json', body: Buffer.from(JSON.stringify({ Version: pick.version, Time: pick.time })) };
    if (ext === '.mod') return text(200, pick.files['go.mod'] ?? '');
    if (ext === '.zip') return { status: 200, type: 'application/zip', body: moduleZip(pick, { deflate: options.deflate ?? true }) };
    return text(404, `not found: ${route.file}`);
  }

  const server = createServer((req, res) => {
    const raw = req.url ?? '/';
    const url = raw.startsWith(base + '/') ? raw.slice(base.length) : raw;
    const path = safeDecode(new URL(url, 'http://x').pathname);
    const route: Route = raw.startsWith(base + '/') && path !== undefined ? parseRoute(path) : {};
    const record: RecordedRequest = { method: req.method ?? 'GET', url, auth: req.headers.authorization !== undefined, at: performance.now() };
    if (route.module !== undefined) record.module = route.module;
    if (route.file !== undefined) record.file = route.file;
    requests.push(record);
    const behaviour = (route.module !== undefined && perModule.get(route.module)) || serverBehaviour;
    const send = (status: number, type: string, body: Buffer, headers: Record<string, string> = {}) => {
      record.outcome = status;
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(body.length), ...headers });
      res.end(body);
    };
    if (behaviour === 'hang') return void (record.outcome = 'hang');
    if (behaviour === 'reset') {
      record.outcome = 'reset';
      return void req.socket.resetAndDestroy();
    }
    if (behaviour === 'notFound') return send(404, 'text/plain', Buffer.from(`not found: ${url}`));
    if (behaviour === 'gone') return send(410, 'text/plain', Buffer.from(`gone: ${url}`));
    if (behaviour === 'serverError') return send(500, 'text/plain', Buffer.from('internal server error'));
    if (typeof behaviour === 'object' && 'requireAuth' in behaviour) {
      const { user, pass } = behaviour.requireAuth;
      const expected = 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
      if (req.headers.authorization !== expected) return send(401, 'text/plain', Buffer.from('unauthorized'), { 'WWW-Authenticate': 'Basic realm="goproxy"' });
    }
    const out = answer(url, route);
    if (typeof behaviour === 'object' && 'slowFirstByte' in behaviour) return later(behaviour.slowFirstByte, () => send(out.status, out.type, out.body));
    if (typeof behaviour === 'object' && 'slowBody' in behaviour) {
      record.outcome = out.status;
      res.writeHead(out.status, { 'Content-Type': out.type, 'Content-Length': String(out.body.length) });
      const half = Math.floor(out.body.length / 2);
      res.write(out.body.subarray(0, half));
      return later(behaviour.slowBody, () => res.end(out.body.subarray(half)));
    }
    send(out.status, out.type, out.body);
  });
  const listener = await listenOnLoopback(server);
  const port = listener.port;

  return {
    url: `http://127.0.0.1:${port}${base}`,
    port,
    requests,
    setBehaviour(behaviour, modulePath) {
      if (modulePath === undefined) serverBehaviour = behaviour;
      else perModule.set(modulePath, behaviour);
    },
    addModule(mod) {
      modules.push(mod);
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await listener.close();
    },
  };
}

function text(status: number, body: string) {
  return { status, type: 'text/plain; charset=utf-8', body: Buffer.from(body) };
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
