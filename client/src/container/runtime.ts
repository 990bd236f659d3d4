// Finding and talking to the container runtime CLI. DOCKER_HOST, DOCKER_CONTEXT and friends are honoured
// simply by passing the environment through. Commands are argument arrays, never shell strings.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { EXPIRES_LABEL, type RuntimeName } from './plan';

export type HostEnv = Record<string, string | undefined>;

export type RuntimeProblemKind = 'runtime-missing' | 'daemon-down' | 'permission-denied';

export interface RuntimeProblem {
  kind: RuntimeProblemKind;
  runtime: RuntimeName;
  /** What the CLI printed (empty when it is not installed). */
  stderr: string;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** How each CLI reports the server side of `version` (podman has no daemon: its own version suffices). */
const VERSION_FORMAT: Record<RuntimeName, string> = {
  docker: '{{.Server.Version}}',
  nerdctl: '{{.Server.Version}}',
  podman: '{{.Client.Version}}',
};

// No `.cmd` shims: they would need a shell, and we never spawn through one.
const WINDOWS_EXTENSIONS = process.platform === 'win32' ? ['.exe', ''] : [''];

/** Absolute path of the runtime binary on PATH, or undefined. */
export function findRuntimeBinary(runtime: RuntimeName, env: HostEnv = process.env): string | undefined {
  const path = env.PATH ?? env.Path ?? '';
  for (const dir of path.split(delimiter).filter(Boolean)) {
    for (const ext of WINDOWS_EXTENSIONS) {
      const candidate = join(dir, runtime + ext);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        /* not here */
      }
    }
  }
  return undefined;
}

/** Sorts a failed CLI call into the problems a person can fix; undefined when it is something else. */
export function classifyRuntimeStderr(stderr: string): RuntimeProblemKind | undefined {
  if (/permission denied while trying to connect|connect: permission denied|Got permission denied/i.test(stderr)) return 'permission-denied';
  if (
    /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|cannot connect to Podman|failed to connect to containerd|connection refused.*\.sock|no such file or directory.*\.sock/i.test(
      stderr,
    )
  ) {
    return 'daemon-down';
  }
  return undefined;
}

/** Runs the CLI with a timeout; resolves (never rejects) so callers can classify what happened. */
export function runCommand(binary: string, args: readonly string[], opts: { env?: HostEnv; timeoutMs: number; signal?: AbortSignal }): Promise<CommandResult> {
  return new Promise((resolve) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(binary, args, { env: opts.env ?? process.env, stdio: 'pipe', shell: false, windowsHide: true });
    } catch (e) {
      resolve({ code: null, stdout: '', stderr: String(e), timedOut: false });
      return;
    }
    child.stdin.end();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    const onAbort = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const finish = (code: number | null, extra = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') + extra, timedOut });
    };
    child.on('error', (e) => finish(null, String(e)));
    child.on('close', (code) => finish(code));
  });
}

export type RuntimeCheck = { ok: true; runtime: ContainerRuntime; serverVersion: string } | { ok: false; problem: RuntimeProblem };

/** Finds the binary and asks the daemon for its version (short timeout): the pre-flight check for the UI. */
export async function checkRuntime(runtime: RuntimeName, env: HostEnv = process.env, timeoutMs = 5000): Promise<RuntimeCheck> {
  const binary = findRuntimeBinary(runtime, env);
  if (!binary) return { ok: false, problem: { kind: 'runtime-missing', runtime, stderr: '' } };
  const r = await runCommand(binary, ['version', '--format', VERSION_FORMAT[runtime]], { env, timeoutMs });
  const version = r.stdout.trim();
  if (r.code === 0 && version !== '' && version !== '<no value>')
    return { ok: true, runtime: new ContainerRuntime(runtime, binary, env), serverVersion: version };
  const stderr = r.timedOut ? `${runtime} version did not answer within ${timeoutMs} ms\n${r.stderr}` : r.stderr;
  return { ok: false, problem: { kind: classifyRuntimeStderr(r.stderr) ?? 'daemon-down', runtime, stderr } };
}

/** One runtime CLI with the environment it runs in. */
export class ContainerRuntime {
  constructor(
    readonly name: RuntimeName,
    readonly binary: string,
    readonly env: HostEnv = process.env,
  ) {}

  /** Starts a long-running command (the `run` itself); argument array only. */
  spawn(args: readonly string[]): ChildProcessWithoutNullStreams {
    return spawn(this.binary, args, { env: this.env, stdio: 'pipe', shell: false, windowsHide: true });
  }

  run(args: readonly string[], timeoutMs = 15_000): Promise<CommandResult> {
    return runCommand(this.binary, args, { env: this.env, timeoutMs });
  }

  /** `rm -f`: kills the container if running and removes it; true when it is gone (or never existed). */
  async removeContainer(name: string): Promise<boolean> {
    // podman's `rm -f` first stops the container with a 10 s grace period; docker and nerdctl kill at once.
    const r = await this.run(this.name === 'podman' ? ['rm', '-f', '-t', '0', name] : ['rm', '-f', name]);
    return r.code === 0 || /no such container/i.test(r.stderr);
  }

  /** Names of all containers (any state) carrying the label, with their state and expiry. */
  async listOurContainers(label: string): Promise<Array<{ name: string; state: string; expires?: number }>> {
    const format = `{{.Names}}\t{{.State}}\t{{.Label "${EXPIRES_LABEL}"}}`;
    const r = await this.run(['ps', '-a', '--filter', `label=${label}`, '--format', format]);
    if (r.code !== 0) throw new Error(`${this.name} ps failed: ${r.stderr.trim()}`);
    return r.stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((line) => {
        const [name = '', state = '', expires = ''] = line.split('\t');
        const n = Number(expires);
        return { name, state, ...(expires !== '' && Number.isFinite(n) ? { expires: n } : {}) };
      });
  }

  /**
   * Removes containers of earlier sessions: exited ones, and any past its expiry. Another window's run
   * that is still within its time is left alone, also while it is only created and not yet running.
   * Returns the names removed.
   */
  async cleanupLeftovers(label: string, now: number = Date.now()): Promise<string[]> {
    const alive = (state: string): boolean => state === 'running' || state === 'created';
    const stale = (await this.listOurContainers(label)).filter((c) => !alive(c.state) || c.expires === undefined || c.expires * 1000 < now);
    const removed: string[] = [];
    for (const c of stale) if (await this.removeContainer(c.name)) removed.push(c.name);
    return removed;
  }
}
