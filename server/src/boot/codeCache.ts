// What the start-up loader (dist/server.js, host/codeCacheLoader.ts) tells the language server bundle
// (dist/server-main.js) about the V8 code cache it compiled the bundle with. Shared by both bundles through
// one global; nothing here imports the server.

export type CodeCacheStatus = 'used' | 'rejected' | 'absent' | 'disabled' | 'unsafe';

export interface CodeCacheOutcome {
  /**
   * used: compiled from the cache; rejected: a cache was there but corrupt or refused by V8; absent: none yet;
   * disabled: GO_PROXY_DOCTOR_NO_CODE_CACHE, no cache directory, or source maps on; unsafe: the directory or
   * file could be written by someone else (or is not ours), so it was not read.
   */
  status: CodeCacheStatus;
  /** Once a fresh cache was due: whether it was written. Absent while none is due or it is still pending. */
  written?: boolean;
  /** The cache file (or directory when there is no file to name). */
  file?: string;
  /** Why: disabled / unsafe / rejected, or why the write failed. */
  reason?: string;
}

export interface CodeCacheHandle {
  readonly outcome: CodeCacheOutcome;
  /**
   * Called by the server once, after the initialize warm-up: a fresh cache (if one is due) is written at the
   * next idle moment, then `report` gets the final outcome. Without a pending write, `report` is called at once.
   */
  warmedUp(report: (outcome: CodeCacheOutcome) => void): void;
}

const KEY = '__goProxyDoctorCodeCache';

export function setCodeCacheHandle(handle: CodeCacheHandle): void {
  (globalThis as Record<string, unknown>)[KEY] = handle;
}

/** The loader's handle; undefined when the bundle was started directly (node dist/server-main.js). */
export function codeCacheHandle(): CodeCacheHandle | undefined {
  return (globalThis as Record<string, unknown>)[KEY] as CodeCacheHandle | undefined;
}

/** One log line, e.g. `code cache: absent, written (/home/u/.cache/go-proxy-doctor/server-….cache)`. */
export function describeCodeCache(o: CodeCacheOutcome): string {
  const written = o.written === true ? ', written' : o.written === false ? ', not written' : '';
  const details = [o.reason, o.file].filter(Boolean).join('; ');
  return `code cache: ${o.status}${written}${details ? ` (${details})` : ''}`;
}

/** Tells the loader the server is warm (a no-op when started directly), and logs the outcome once. */
export function codeCacheWarmedUp(log: (message: string) => void): void {
  codeCacheHandle()?.warmedUp((o) => log(describeCodeCache(o)));
}
