// Process bookkeeping for the e2e harness: prerequisites, free ports, and killing exactly the processes we started.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const PROJECT_ROOT = resolve(__dirname, '..', '..');
export const CACHE_DIR = process.env.E2E_CACHE ?? join(homedir(), '.cache', 'go-proxy-doctor-e2e');
export const CODE_SERVER_ENTRY = join(CACHE_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const VSIX = process.env.E2E_VSIX ?? join(PROJECT_ROOT, 'go-proxy-doctor.vsix');

/** Throws (never skips) with the missing prerequisite and how to get it. */
export function checkPrerequisites(): void {
  const problems: string[] = [];
  const pkg = join(CACHE_DIR, 'node_modules', 'code-server', 'package.json');
  if (!existsSync(pkg) || !existsSync(CODE_SERVER_ENTRY)) {
    problems.push(`code-server ${CODE_SERVER_VERSION} is not set up in ${CACHE_DIR}: run scripts/e2e-setup.sh`);
  } else {
    const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version;
    if (version !== CODE_SERVER_VERSION) problems.push(`code-server in ${CACHE_DIR} is ${version}, expected ${CODE_SERVER_VERSION}: run scripts/e2e-setup.sh`);
    // The setup script writes this last, after the native modules load: without it the server would die at start.
    if (!existsSync(join(CACHE_DIR, 'code-server-path'))) problems.push(`code-server setup in ${CACHE_DIR} is incomplete: run scripts/e2e-setup.sh`);
  }
  if (!existsSync(CHROMIUM)) problems.push(`Chromium is missing at ${CHROMIUM}: run scripts/e2e-setup.sh (apt-get install chromium) or set E2E_CHROMIUM`);
  if (!existsSync(VSIX)) problems.push(`the packaged extension ${VSIX} is missing: run \`npm run package\` (npm run test:e2e does it first)`);
  if (problems.length) throw new Error(`e2e prerequisites missing:\n  - ${problems.join('\n  - ')}`);
}

function parentOf(pid: number): number | undefined {
  try {
    // The command name may contain spaces and parentheses: the fields we need follow the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function childrenMap(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const ppid = parentOf(pid);
    if (ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  return children;
}

/** Direct children of `pid`, read from /proc. */
export function childrenOf(pid: number): number[] {
  return childrenMap().get(pid) ?? [];
}

/** All live descendants of `root` (children, grandchildren, ...), read from /proc. */
export function descendants(root: number): number[] {
  const children = childrenMap();
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return parentOf(pid) !== undefined && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

/** SIGTERM, then SIGKILL whatever still runs after `graceMs`; resolves when all are gone. */
export async function killAll(pids: number[], graceMs = 3000): Promise<number[]> {
  signal(pids, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(alive)) await sleep(100);
  const stubborn = pids.filter(alive);
  signal(stubborn, 'SIGKILL');
  const killDeadline = Date.now() + 2000;
  while (Date.now() < killDeadline && stubborn.some(alive)) await sleep(50);
  return pids.filter(alive);
}

/** Last resort if the test process exits without teardown (crash, Ctrl+C): no orphans left behind. */
const owned = new Set<number>();
export function own(pids: number[]): void {
  for (const p of pids) owned.add(p);
}
export function disown(pids: number[]): void {
  for (const p of pids) owned.delete(p);
}
process.on('exit', () => signal([...owned], 'SIGKILL'));

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it returns a value other than undefined, or throws `what` after `timeoutMs`. */
export async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    await sleep(everyMs);
  }
}
