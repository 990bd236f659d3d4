// How far V8 lets the heap grow past what survived its last full collection. Left to itself, on a machine with
// memory to spare, V8 allows up to four times that: over a run of large documents the server's resident memory
// reached several times what it keeps. The server sets V8's growing factor itself, at run time, so every client
// gets it without Node flags: a V8 flag on the command line makes Node compile its own built-in modules without
// their code cache, which cost about 8 ms of every start.
import * as v8 from 'node:v8';

/** The heap may grow by this much over what survived a full collection (what a 1 GiB heap limit gave before). */
export const HEAP_GROWING_PERCENT = 60;

/** Node/V8 flags with which whoever starts the server sizes the heap itself: then the server leaves it alone. */
const OWN_HEAP_FLAGS = /(^|\s)--(max[-_]old[-_]space[-_]size|max[-_]heap[-_]size|heap[-_]growing[-_]percent)\b/;

const KEY = '__goProxyDoctorHeapGrowth';

export type HeapGrowth = { set: true; percent: number } | { set: false; reason: 'flags' };

function setPercent(percent: number): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/** Whether the process was started with flags of its own that size the heap (execArgv or NODE_OPTIONS). */
export function ownHeapFlags(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  return OWN_HEAP_FLAGS.test([...execArgv, nodeOptions].join(' '));
}

/**
 * Sets the growing factor, unless the process's own flags size the heap. Called once the server's modules are
 * loaded: a flag set at run time also makes Node compile built-in modules loaded after it without their code cache.
 */
export function limitHeapGrowth(): HeapGrowth {
  if (ownHeapFlags()) return { set: false, reason: 'flags' };
  setPercent(HEAP_GROWING_PERCENT);
  (globalThis as Record<string, unknown>)[KEY] = HEAP_GROWING_PERCENT;
  return { set: true, percent: HEAP_GROWING_PERCENT };
}

/**
 * Runs `fn` with V8's flags as the process started (the growing factor unset). V8 stamps a code cache with a hash
 * of its flags and refuses one made under other flags: the server's cache is made here and read at the next start,
 * before the factor is set.
 */
export function withStartFlags<T>(fn: () => T): T {
  const percent = (globalThis as Record<string, unknown>)[KEY];
  if (typeof percent !== 'number') return fn();
  setPercent(0);
  try {
    return fn();
  } finally {
    setPercent(percent);
  }
}
