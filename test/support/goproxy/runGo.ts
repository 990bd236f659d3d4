// Runs the real go command with a fully explicit, hermetic environment (nothing inherited from the test
// process) and a timeout that kills it. Tests that use it must fail, not skip, when go is missing.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export interface GoResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The timeout fired and the process group was killed. */
  timedOut: boolean;
  /** The signal aborted the run and the process group was killed. */
  aborted: boolean;
}

export interface RunGoOptions {
  cwd: string;
  /** The complete environment (see goEnv); nothing else is passed to the child. */
  env: Record<string, string>;
  timeoutMs?: number;
  /** Kills the run early (e.g. once a test has seen what it waited for). */
  signal?: AbortSignal;
}

/** Variables that must be set explicitly so the user's machine cannot leak into a test. */
const REQUIRED = [
  'PATH',
  'HOME',
  'GOPATH',
  'GOMODCACHE',
  'GOCACHE',
  'GOENV',
  'GOTOOLCHAIN',
  'GOFLAGS',
  'GOPROXY',
  'GOSUMDB',
  'GONOSUMDB',
  'GOPRIVATE',
  'GONOPROXY',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
];

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function which(name: string, extra: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extra].filter(Boolean);
  return dirs.map((d) => join(d, name)).find(executable);
}

let goBinary: string | undefined;
/** Absolute path of the go command; throws (never skips) when it is not installed. */
export function goCommand(): string {
  goBinary ??= which('go', ['/usr/local/go/bin', '/usr/lib/go/bin']);
  if (!goBinary)
    throw new Error(
      'the go command is not installed (looked in PATH and /usr/local/go/bin); these tests compare our model with the real go command and cannot run without it',
    );
  return goBinary;
}

export interface GoEnvOptions {
  /** Temp dir holding HOME, GOPATH and the caches. */
  root: string;
  /** The recorder every non-loopback request goes to (HTTPS_PROXY and HTTP_PROXY). */
  recorderUrl: string;
  GOPROXY: string;
  GOSUMDB?: string;
  GOPRIVATE?: string;
  GONOPROXY?: string;
  GONOSUMDB?: string;
  GOFLAGS?: string;
  /** Shared module cache (only where the case does not depend on what is cached). */
  GOMODCACHE?: string;
  /** Shared build cache: safe to share, it is content-addressed. */
  GOCACHE?: string;
  extra?: Record<string, string>;
}

/** A hermetic environment for the go command. Empty GONOPROXY/GONOSUMDB mean "default to GOPRIVATE", as in go. */
export function goEnv(o: GoEnvOptions): Record<string, string> {
  const git = which('git');
  const path = [dirname(goCommand()), ...(git ? [dirname(git)] : []), '/usr/bin', '/bin'];
  return {
    PATH: [...new Set(path)].join(delimiter),
    HOME: join(o.root, 'home'),
    GOPATH: join(o.root, 'gopath'),
    GOMODCACHE: o.GOMODCACHE ?? join(o.root, 'gopath', 'pkg', 'mod'),
    GOCACHE: o.GOCACHE ?? join(o.root, 'gocache'),
    TMPDIR: join(o.root, 'tmp'),
    GOENV: 'off', // ignore the user's go env file
    GOTOOLCHAIN: 'local', // never download a toolchain
    GOTELEMETRY: 'off',
    GOWORK: 'off',
    GO111MODULE: 'on',
    GOAUTH: 'off', // no ~/.netrc lookups; credentials only from the GOPROXY URL
    GOFLAGS: o.GOFLAGS ?? '-mod=mod -modcacherw', // -modcacherw lets rm clean the cache
    GOPROXY: o.GOPROXY,
    GOSUMDB: o.GOSUMDB ?? 'off',
    GOPRIVATE: o.GOPRIVATE ?? '',
    GONOPROXY: o.GONOPROXY ?? '',
    GONOSUMDB: o.GONOSUMDB ?? '',
    GOINSECURE: '',
    GOVCS: '', // the default: git allowed for public and private paths
    CGO_ENABLED: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    HTTPS_PROXY: o.recorderUrl,
    HTTP_PROXY: o.recorderUrl,
    https_proxy: o.recorderUrl,
    http_proxy: o.recorderUrl,
    NO_PROXY: '', // nothing bypasses the recorder (loopback is never proxied by go anyway)
    no_proxy: '',
    ALL_PROXY: '',
    ...o.extra,
  };
}

/** Makes a temp root with the directories goEnv points at. */
export async function makeGoRoot(prefix = 'gpd-go-'): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  await Promise.all(['home', 'gopath', 'tmp', 'work'].map((d) => mkdir(join(root, d), { recursive: true })));
  return root;
}

export async function removeGoRoot(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true, maxRetries: 3 });
}

export function runGo(args: string[], opts: RunGoOptions): Promise<GoResult> {
  const missing = REQUIRED.filter((k) => opts.env[k] === undefined);
  if (missing.length) return Promise.reject(new Error(`runGo: environment must set ${missing.join(', ')} explicitly`));
  const go = goCommand();
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // detached: own process group, so a timeout also kills git and other children.
    const child = spawn(go, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    let aborted = false;
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => ((timedOut = true), kill()), timeoutMs);
    const onAbort = () => ((aborted = true), kill());
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (e) => {
      done();
      reject(new Error(`cannot run ${go}: ${e.message}`));
    });
    child.on('close', (code) => {
      done();
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - started, timedOut, aborted });
    });
  });
}
