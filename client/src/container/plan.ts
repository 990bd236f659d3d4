// What the container test runs and the exact argument list given to the container runtime.
// Nothing from settings or file contents is ever interpolated into the shell script: the script is a
// constant, file names arrive as positional parameters and Go variables travel in an env file.
import { isAbsolute } from 'node:path';
import type { ContainerPlan } from '../../../server/src/protocol';

export type RuntimeName = 'docker' | 'podman' | 'nerdctl';

export interface RunOptions {
  runtime: RuntimeName;
  network?: 'host' | 'none' | string;
  timeoutSeconds: number;
  /** Reuse a named volume for the module cache; default: a tmpfs, empty on every run. */
  cacheVolume?: string;
  /** Host path of a netrc mounted read-only at /root/.netrc. */
  mountNetrc?: string;
  name: string;
  label: string;
  /** Environment of the runtime CLI (PATH, DOCKER_HOST, DOCKER_CONTEXT…); default: this process's. */
  hostEnv?: Record<string, string | undefined>;
}

/** Label carrying the Unix time (seconds) after which a container of ours is certainly stale. */
export const EXPIRES_LABEL = 'go-proxy-doctor.expires';

/** Extra seconds the in-container timeout waits beyond ours, so our own timeout normally fires first. */
export const INNER_TIMEOUT_GRACE_SECONDS = 5;

/** Prefix of the lines the script prints about downloaded file sizes (parsed by goLog). */
export const SIZE_LINE_PREFIX = '# gpd-size ';

/**
 * Runs as `sh -c SCRIPT sh <timeout seconds> <files…>`. It copies the listed files from the read-only
 * workspace mount into a scratch directory (the workspace never changes), runs the download there under
 * `timeout -s KILL` (a safety net if our process dies), then prints the sizes of the files fetched in this
 * run so the report can show bytes per host. The shell stays PID 1 on purpose: a timed-out go as PID 1
 * would ignore the kill signal sent from inside the container. The container's stdin is our pipe: when it
 * closes (the editor died), a watchdog kills the download, so no container outlives the one who started it.
 */
export const CONTAINER_SCRIPT = [
  'set -u',
  't="$1"; shift',
  'case "$t" in ""|*[!0-9]*) echo "gpd: invalid timeout: $t" >&2; exit 64;; esac',
  'w="$(mktemp -d /tmp/gpd.XXXXXX)" || exit 70',
  'for f in "$@"; do',
  '  case "$f" in /*|..|../*|*/..|*/../*|-*) echo "gpd: refusing file name: $f" >&2; exit 64;; esac',
  '  [ -f "/src/$f" ] || continue',
  '  case "$f" in */*) mkdir -p "$w/${f%/*}" || exit 70;; esac',
  '  cp "/src/$f" "$w/$f" || exit 70',
  'done',
  'cd "$w" || exit 70',
  'cache="${GOMODCACHE:-${GOPATH:-/go}/pkg/mod}/cache/download"',
  // A reused cache: only files newer than this marker are of this run (find -newer has 1 s resolution in
  // busybox; the report only counts files that a request of this run fetched anyway).
  'newer=""; if [ -d "$cache" ]; then touch "$w/.start" && newer="-newer $w/.start"; fi',
  // Background jobs of a non-interactive shell read /dev/null: the watchdog gets our stdin through fd 3.
  'exec 3<&0',
  'if command -v timeout >/dev/null 2>&1; then timeout -s KILL "$t" go mod download -x -json & else go mod download -x -json & fi',
  'pid=$!',
  '( cat <&3 >/dev/null; kill -KILL 0 ) >/dev/null 2>&1 &',
  'wait $pid',
  'code=$?',
  'if [ -d "$cache" ]; then',
  `  find "$cache" -type f $newer \\( -name '*.zip' -o -name '*.mod' -o -name '*.info' \\) -exec stat -c '${SIZE_LINE_PREFIX}%s %n' {} + >&2 2>/dev/null`,
  'fi',
  'exit $code',
].join('\n');

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export class PlanError extends Error {}

/** The files copied into the container, validated: relative, no `..`, no option-like names. */
export function planFiles(plan: ContainerPlan): string[] {
  const files = plan.workFiles && plan.workFiles.length > 0 ? plan.workFiles : ['go.mod', 'go.sum'];
  for (const f of files) {
    const segments = f.split(/[\\/]/);
    if (f === '' || isAbsolute(f) || /^[A-Za-z]:/.test(f) || f.startsWith('-') || segments.includes('..') || /[\0\n]/.test(f)) {
      throw new PlanError(`invalid work file name: ${JSON.stringify(f)}`);
    }
  }
  return files.map((f) => f.replace(/\\/g, '/'));
}

/** `KEY=value` lines for `--env-file`; values are taken literally by the runtime (no quoting). */
export function envFileText(plan: ContainerPlan): string {
  return Object.entries(plan.env)
    .map(([key, value]) => {
      if (!ENV_NAME.test(key)) throw new PlanError(`invalid variable name: ${JSON.stringify(key)}`);
      if (/[\0\r\n]/.test(value)) throw new PlanError(`the value of ${key} contains a line break`);
      return `${key}=${value}\n`;
    })
    .join('');
}

/** Host paths go into `-v a:b:ro`, so a colon (other than a Windows drive letter) would change its meaning. */
function checkHostPath(what: string, path: string): void {
  if (!isAbsolute(path) && !/^[A-Za-z]:[\\/]/.test(path)) throw new PlanError(`${what} must be an absolute path: ${path}`);
  if (path.replace(/^[A-Za-z]:/, '').includes(':') || path.includes(',') || /[\0\n]/.test(path))
    throw new PlanError(`${what} contains a character the runtime cannot mount (":" or ","): ${path}`);
}

function checkWord(what: string, value: string): void {
  if (value === '' || value.startsWith('-') || /[\s\0]/.test(value)) throw new PlanError(`invalid ${what}: ${JSON.stringify(value)}`);
}

export function buildRunArgs(plan: ContainerPlan, opts: RunOptions, envFile: string, now: number = Date.now()): string[] {
  checkHostPath('the module directory', plan.moduleDir);
  checkHostPath('the env file', envFile);
  checkWord('image', plan.image);
  checkWord('container name', opts.name);
  checkWord('label', opts.label);
  if (!Number.isInteger(opts.timeoutSeconds) || opts.timeoutSeconds <= 0) throw new PlanError(`invalid timeout: ${opts.timeoutSeconds}`);
  const innerTimeout = opts.timeoutSeconds + INNER_TIMEOUT_GRACE_SECONDS;
  const expires = Math.ceil(now / 1000) + innerTimeout + 60;
  const args = ['run', '--rm', '-i', '--name', opts.name, '--label', opts.label, '--label', `${EXPIRES_LABEL}=${expires}`];
  if (opts.network !== undefined) {
    checkWord('network', opts.network);
    args.push('--network', opts.network);
  }
  args.push('--env-file', envFile, '-v', `${plan.moduleDir}:/src:ro`);
  if (opts.cacheVolume !== undefined) {
    // A volume name, never a path: a path would bind-mount the host directory instead.
    if (!VOLUME_NAME.test(opts.cacheVolume)) throw new PlanError(`invalid cache volume name: ${opts.cacheVolume}`);
    args.push('-v', `${opts.cacheVolume}:/go/pkg/mod`);
  } else {
    args.push('--mount', 'type=tmpfs,destination=/go/pkg/mod');
  }
  if (opts.mountNetrc !== undefined) {
    checkHostPath('the netrc file', opts.mountNetrc);
    args.push('-v', `${opts.mountNetrc}:/root/.netrc:ro`);
  }
  args.push(plan.image, 'sh', '-c', CONTAINER_SCRIPT, 'sh', String(innerTimeout), ...planFiles(plan));
  return args;
}
