// dist/server.js: starts the language server bundle (dist/server-main.js) from a V8 code cache, so a new
// server does not parse and lazily compile ~400 KB of JavaScript again. The bundle is compiled with vm.Script
// and the cached data of an earlier run, then run as the main CommonJS module, exactly as
// `node dist/server-main.js` would run it. Without a usable cache, a fresh one is written once the server has
// warmed up (at its first idle moment after `initialize`, or at exit if that comes first).
//
// A code cache is executable code: host/codeCacheFile.ts reads and writes it only in a directory and file owned by
// this user and writable by nobody else. Any failure falls back to a plain compile, silently: with --stdio, stdout
// is the LSP channel. The outcome is left in a global (boot/codeCache.ts) that the server logs once.
//
// Directory: GO_PROXY_DOCTOR_CACHE_DIR (the VS Code client sets it to its global storage), else
// $XDG_CACHE_HOME/go-proxy-doctor, else ~/.cache/go-proxy-doctor. GO_PROXY_DOCTOR_NO_CODE_CACHE=1 disables it.
// File: server-<key of the runtime, its flags and the bundle's content>.cache, laid out as MAGIC, crc32(payload),
// payload (V8 checks versions and flags, but not the integrity of the payload).
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { setCodeCacheHandle, type CodeCacheHandle, type CodeCacheOutcome } from '../boot/codeCache';
import { withStartFlags } from '../boot/heapGrowth';
import { CACHE_FORMAT, CHECKSUMS_AVAILABLE, cacheDirectory, cacheKey, checkDirectory, errorCode, readCache, writeCache } from './codeCacheFile';

/** The cache is written this long after the server says it is warm, when the event loop has been mostly idle. */
const WRITE_DELAY_MS = 1500;
const WRITE_RETRY_MS = 500;
const WRITE_MAX_RETRIES = 20;
const BUSY_UTILIZATION = 0.5;

interface ModuleInternals {
  _nodeModulePaths(dir: string): string[];
  _cache: Record<string, Module>;
}
type Compilable = Module & { _compile(content: string, filename: string): unknown };
type Wrapper = (this: unknown, exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

function sourceMapsEnabled(): boolean {
  const enabled = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled;
  if (typeof enabled === 'boolean') return enabled;
  return process.execArgv.includes('--enable-source-maps') || /--enable-source-maps\b/.test(process.env.NODE_OPTIONS ?? '');
}

function disabledByEnv(): boolean {
  const v = process.env.GO_PROXY_DOCTOR_NO_CODE_CACHE;
  return !!v && v !== '0' && v.toLowerCase() !== 'false';
}

/** A module object for `filename` that is the process's main module, as `node filename` would make it. */
function mainModule(filename: string): Module {
  const internals = Module as unknown as ModuleInternals;
  const m = new Module(filename, null as unknown as undefined);
  m.id = '.';
  m.filename = filename;
  m.paths = internals._nodeModulePaths(path.dirname(filename));
  process.mainModule = m;
  internals._cache[filename] = m;
  return m;
}

/** `require` for code compiled outside the module system: loads through `m`, and `require.main` is `m`. */
function requireFor(m: Module): NodeJS.Require {
  const base = Module.createRequire(m.filename);
  const req = ((id: string) => m.require(id)) as NodeJS.Require;
  req.resolve = base.resolve;
  req.cache = base.cache;
  req.extensions = base.extensions;
  req.main = m;
  return req;
}

function start(): void {
  const filename = (() => {
    const p = path.join(__dirname, 'server-main.js');
    try {
      return fs.realpathSync.native(p);
    } catch {
      return p;
    }
  })();
  const bytes = fs.readFileSync(filename);
  const source = bytes.toString('utf8');
  const m = mainModule(filename);

  const outcome: CodeCacheOutcome = { status: 'absent' };
  let dir: string | undefined;
  let file: string | undefined;
  let cached: Buffer | undefined;
  let writeDue = false;

  if (sourceMapsEnabled()) {
    // Node maps stack traces only for code its module loader compiled: let it compile this one.
    setCodeCacheHandle(handleFor({ status: 'disabled', reason: 'source maps enabled' }, () => false));
    (m as Compilable)._compile(source, filename);
    m.loaded = true;
    return;
  }
  if (disabledByEnv()) {
    Object.assign(outcome, { status: 'disabled', reason: 'GO_PROXY_DOCTOR_NO_CODE_CACHE' });
  } else if (!CHECKSUMS_AVAILABLE) {
    Object.assign(outcome, { status: 'disabled', reason: 'no zlib.crc32 in this Node' });
  } else if (!(dir = cacheDirectory())) {
    Object.assign(outcome, { status: 'disabled', reason: 'no cache directory' });
  } else {
    const runtime = JSON.stringify([
      CACHE_FORMAT,
      process.version,
      process.versions,
      process.arch,
      process.platform,
      process.execArgv,
      process.env.NODE_OPTIONS ?? '',
    ]);
    const key = cacheKey(runtime, bytes);
    file = path.join(dir, `server-${key}.cache`);
    outcome.file = file;
    const check = checkDirectory(dir);
    if (!check.ok) {
      Object.assign(outcome, { status: check.status, reason: check.reason });
      writeDue = check.status === 'absent';
    } else {
      const r = readCache(file);
      if ('data' in r) cached = r.data;
      else {
        Object.assign(outcome, { status: r.status, reason: r.reason });
        // An unsafe file in a safe directory is replaced, never read.
        writeDue = true;
      }
    }
  }

  const wrapped = Module.wrap(source);
  const options: vm.ScriptOptions = { filename, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER };
  let script: vm.Script;
  if (cached) {
    try {
      script = new vm.Script(wrapped, { ...options, cachedData: cached });
      if (script.cachedDataRejected) Object.assign(outcome, { status: 'rejected', reason: 'refused by V8' });
      else outcome.status = 'used';
    } catch (err) {
      Object.assign(outcome, { status: 'rejected', reason: `compile failed: ${errorCode(err)}` });
      script = new vm.Script(wrapped, options);
    }
    writeDue = outcome.status === 'rejected';
  } else {
    script = new vm.Script(wrapped, options);
  }

  let pending = writeDue && !!dir && !!file;
  const writeNow = (): void => {
    if (!pending) return;
    pending = false;
    try {
      writeCache(
        dir!,
        file!,
        withStartFlags(() => script.createCachedData()),
      );
      outcome.written = true;
    } catch (err) {
      outcome.written = false;
      outcome.reason = [outcome.reason, `write failed: ${errorCode(err)}`].filter(Boolean).join('; ');
    }
  };
  if (pending) process.on('exit', writeNow);
  setCodeCacheHandle(handleFor(outcome, () => pending, writeNow));

  const run = script.runInThisContext() as Wrapper;
  run.call(m.exports, m.exports, requireFor(m), m, filename, path.dirname(filename));
  m.loaded = true;
}

/** The handle the server calls after warming up; a pending write waits for an idle event loop. */
function handleFor(outcome: CodeCacheOutcome, pending: () => boolean, writeNow: () => void = () => undefined): CodeCacheHandle {
  let warmed = false;
  return {
    outcome,
    warmedUp(report) {
      if (warmed) return;
      warmed = true;
      const done = (): void => {
        try {
          report(outcome);
        } catch {
          /* the server's logging is not ours to break */
        }
      };
      if (!pending()) return done();
      let since = performance.eventLoopUtilization();
      const attempt = (retries: number): void => {
        setTimeout(
          () => {
            const now = performance.eventLoopUtilization();
            const busy = performance.eventLoopUtilization(now, since).utilization > BUSY_UTILIZATION;
            since = now;
            if (busy && retries < WRITE_MAX_RETRIES) return attempt(retries + 1);
            writeNow();
            done();
          },
          retries === 0 ? WRITE_DELAY_MS : WRITE_RETRY_MS,
        ).unref();
      };
      attempt(0);
    },
  };
}

start();
