// Runs one plan: env file (0600, private temp dir, always removed), `<runtime> run …`, streamed parsing,
// our timeout, cancellation that kills and removes the container, and the report.
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactCredentials } from '../../../server/src/core/redact';
import { englishT, type Translate } from '../translate';
import type { Locale } from '../../../server/src/core/types';
import { GoLogParser } from './goLog';
import { buildRunArgs, envFileText, SIZE_LINE_PREFIX, type RunOptions } from './plan';
import type { ContainerPlan } from '../../../server/src/protocol';
import { ReportBuilder, type RunEnd, type RunReport } from './report';
import { ContainerRuntime, findRuntimeBinary } from './runtime';

export interface RunHooks {
  /** Each output line, redacted. */
  onLog(line: string): void;
  onProgress(p: { done: number; total?: number; host?: string }): void;
  signal: AbortSignal;
  /** Translator for the report texts; default English. */
  t?: Translate;
  /** The language of the go failures' causes and fixes (texts of the analysis core); default English. */
  locale?: Locale;
}

export interface RunResult {
  exitCode: number | null;
  report: RunReport;
  durationMs: number;
}

/** How long cancellation may keep retrying `rm -f` before it kills the CLI process outright. */
const STOP_DEADLINE_MS = 5000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Removes private temp dirs (with their 0600 env files) left by runs whose process was killed before it could
 * clean up: anything older than `maxAgeMs` cannot belong to a run still going.
 */
export async function removeStaleRunDirs(maxAgeMs: number, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(tmpdir()).catch(() => [] as string[])) {
    if (!name.startsWith('gpd-run-')) continue;
    const dir = join(tmpdir(), name);
    const st = await stat(dir).catch(() => undefined);
    if (st?.isDirectory() && now - st.mtimeMs > maxAgeMs) {
      await rm(dir, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

export async function runPlan(plan: ContainerPlan, opts: RunOptions, hooks: RunHooks): Promise<RunResult> {
  const t = hooks.t ?? englishT;
  // A throwing hook must not break parsing or leave the container running.
  const safely = (f: () => void) => {
    try {
      f();
    } catch {
      /* the caller's problem; the run goes on */
    }
  };
  const started = performance.now();
  const hostEnv = opts.hostEnv ?? process.env;
  // The server read the go.mod files with its parser: the modules it expects the run to download.
  const builder = new ReportBuilder(t, plan.modules?.length, hooks.locale ?? 'en');
  const end: RunEnd = { exitCode: null, totalMs: 0, image: plan.image, runtime: opts.runtime };
  const result = (): RunResult => ({ exitCode: end.exitCode, report: builder.finish(end), durationMs: Math.round(performance.now() - started) });

  const binary = findRuntimeBinary(opts.runtime, hostEnv);
  if (!binary) return ((end.runtimeMissing = true), result());
  if (hooks.signal.aborted) return ((end.cancelled = true), result());

  const runtime = new ContainerRuntime(opts.runtime, binary, hostEnv);
  const dir = await mkdtemp(join(tmpdir(), 'gpd-run-'));
  try {
    const envFile = join(dir, 'go.env');
    await writeFile(envFile, envFileText(plan), { mode: 0o600, flag: 'wx' });
    const args = buildRunArgs(plan, opts, envFile);

    let lastProgress = '';
    const runtimeLines: string[] = [];
    const parser = new GoLogParser(
      (event) => {
        builder.add(event);
        if (event.type === 'request-started' || event.type === 'request-finished' || event.type === 'module') {
          const p = builder.progress();
          const key = `${p.done}/${p.total}/${p.host}`;
          if (key !== lastProgress) ((lastProgress = key), safely(() => hooks.onProgress(p)));
        }
        // The runtime CLI's own complaints (exit 125) arrive as unrecognised stderr lines.
        if (event.type === 'line' && event.stream === 'stderr') {
          runtimeLines.push(event.text);
          if (runtimeLines.length > 20) runtimeLines.shift();
        }
      },
      (_stream, line) => {
        if (!line.startsWith(SIZE_LINE_PREFIX)) safely(() => hooks.onLog(redactCredentials(line)));
      },
    );

    const runStarted = performance.now();
    const child = runtime.spawn(args);
    // stdin stays open for the life of the run: when this process dies, the container sees EOF and stops.
    child.stdin.on('error', () => undefined);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (s: string) => parser.pushStdout(s));
    child.stderr.on('data', (s: string) => parser.pushStderr(s));

    let exited = false;
    child.on('exit', () => child.stdin.destroy());
    let spawnError: Error | undefined;
    const exit = new Promise<number | null>((resolve) => {
      child.on('error', (e) => {
        spawnError = e;
        exited = true;
        resolve(null);
      });
      child.on('close', (code) => {
        exited = true;
        resolve(code);
      });
    });

    // Cancellation and timeout: `rm -f` until the CLI returns (the container may still be being created
    // when we first ask), then once more in case the CLI had to be killed before the container appeared.
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        const deadline = Date.now() + STOP_DEADLINE_MS;
        while (!exited) {
          await runtime.removeContainer(opts.name);
          if (exited || (await Promise.race([exit.then(() => true), sleep(200).then(() => false)]))) break;
          if (Date.now() > deadline) {
            child.kill('SIGKILL');
            break;
          }
        }
        await exit;
        await runtime.removeContainer(opts.name);
      })());
    const timer = setTimeout(() => {
      end.timeoutSeconds = opts.timeoutSeconds;
      void stop();
    }, opts.timeoutSeconds * 1000);
    const onAbort = () => {
      if (end.timeoutSeconds === undefined) end.cancelled = true;
      void stop();
    };
    hooks.signal.addEventListener('abort', onAbort, { once: true });
    if (hooks.signal.aborted) onAbort(); // aborted while we were preparing: the listener would never fire

    try {
      end.exitCode = await exit;
      end.totalMs = performance.now() - runStarted;
      if (stopping) await stopping;
    } finally {
      clearTimeout(timer);
      hooks.signal.removeEventListener('abort', onAbort);
    }
    parser.end();
    // The in-container `timeout -s KILL` fired first (our timer was starved): still our timeout.
    if (end.exitCode === 137 && end.timeoutSeconds === undefined && !end.cancelled && end.totalMs >= opts.timeoutSeconds * 1000)
      end.timeoutSeconds = opts.timeoutSeconds;
    if (spawnError && (spawnError as NodeJS.ErrnoException).code === 'ENOENT') end.runtimeMissing = true;
    end.runtimeStderr = [...runtimeLines, spawnError ? String(spawnError) : ''].filter(Boolean).join('\n');
    return result();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
