// Recognises a `go …` invocation in a shell command: through wrappers (`env A=1 go`, `exec`, `time`, `sudo -E`),
// `go -C dir`, versioned binaries (`/usr/local/go/bin/go`, `go1.22.3`) and tonistiigi/xx's `xx-go` (go with the
// target platform's GOOS/GOARCH); classifies the subcommand.
import type { ShellCommand, ShellWord } from '../syntax/dockerfileModel';
import type { GoSubcommand } from './timelineModel';

export interface GoInvocation {
  /** Index (in command.words) of the `go` word. */
  goWord: number;
  /** Index of the last word of the subcommand (`download` in `go mod download`). */
  lastSubcommandWord: number;
  subcommand: GoSubcommand;
  args: ShellWord[];
  /** `NAME=value` given through `env NAME=value go …`. */
  envAssignments: ShellWord[];
}

const WRAPPERS = new Set(['env', 'exec', 'time', 'nice', 'nohup', 'command', 'sudo', 'timeout', 'stdbuf', 'ionice', 'chronic']);
const GO_BINARY = /^(?:.*\/)?(?:xx-go|go(?:\d+\.\d+(?:\.\d+)?(?:rc\d+|beta\d+)?)?)$/;

const MOD_SUBCOMMANDS: Record<string, GoSubcommand> = {
  download: 'mod download',
  tidy: 'mod tidy',
  vendor: 'mod vendor',
  graph: 'mod graph',
  why: 'mod why',
  verify: 'mod verify',
};
const SIMPLE: Record<string, GoSubcommand> = {
  get: 'get',
  install: 'install',
  build: 'build',
  run: 'run',
  test: 'test',
  generate: 'generate',
  list: 'list',
  vet: 'vet',
};

/** Subcommands that fetch modules missing from the module cache. */
const ALWAYS_DOWNLOADS = new Set<GoSubcommand>(['mod download', 'mod tidy', 'mod vendor', 'mod graph', 'mod why', 'get', 'work sync']);
/** Subcommands that load packages and fetch what is missing, unless building from vendor/. */
const BUILD_LIKE = new Set<GoSubcommand>(['install', 'build', 'run', 'test', 'generate', 'list', 'vet']);

/**
 * Where the command proper starts once wrappers (`env A=1`, `exec`, `time`, `sudo -E`, `timeout 60`) and their
 * options are peeled, and the `NAME=value` words `env` gives it.
 */
export function peelWrappers(words: readonly { text: string }[]): { start: number; envAssignments: number[] } {
  const envAssignments: number[] = [];
  let i = 0;
  while (i < words.length && WRAPPERS.has(words[i].text)) {
    const wrapper = words[i].text;
    i++;
    while (i < words.length) {
      const w = words[i].text;
      if (wrapper === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) envAssignments.push(i);
      else if (wrapper === 'timeout' && /^\d+(\.\d+)?[smhd]?$/.test(w)) {
        /* the duration */
      } else if (!w.startsWith('-')) break;
      else if ((wrapper === 'env' && (w === '-u' || w === '-C')) || (wrapper === 'nice' && w === '-n') || (wrapper === 'sudo' && (w === '-u' || w === '-g')))
        i++;
      i++;
    }
  }
  return { start: i, envAssignments };
}

export function goInvocation(cmd: ShellCommand): GoInvocation | undefined {
  const words = cmd.words;
  const peeled = peelWrappers(words);
  const envAssignments = peeled.envAssignments.map((k) => words[k]);
  let i = peeled.start;
  if (i >= words.length || !GO_BINARY.test(words[i].text)) return undefined;
  const goWord = i;
  i++;
  // `go -C dir subcommand`
  while (i < words.length && (words[i].text === '-C' || words[i].text.startsWith('-C='))) i += words[i].text === '-C' ? 2 : 1;
  const first = words[i]?.text;
  if (first === undefined) return { goWord, lastSubcommandWord: goWord, subcommand: 'other', args: [], envAssignments };
  let subcommand: GoSubcommand = SIMPLE[first] ?? 'other';
  let last = i;
  if (first === 'mod' && MOD_SUBCOMMANDS[words[i + 1]?.text ?? '']) {
    subcommand = MOD_SUBCOMMANDS[words[i + 1].text];
    last = i + 1;
  } else if (first === 'work' && words[i + 1]?.text === 'sync') {
    subcommand = 'work sync';
    last = i + 1;
  } else if (first === 'env' && words.slice(i + 1).some((w) => w.text === '-w' || w.text === '-u')) {
    subcommand = 'env -w';
  }
  return { goWord, lastSubcommandWord: last, subcommand, args: words.slice(last + 1), envAssignments };
}

function modFlag(words: readonly string[]): string | undefined {
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    const m = /^--?mod=(.*)$/.exec(w);
    if (m) return m[1];
    if ((w === '-mod' || w === '--mod') && k + 1 < words.length) return words[k + 1];
  }
  return undefined;
}

/**
 * Whether this go command may download modules, given GO111MODULE and GOFLAGS in effect.
 * `go install pkg@version` always downloads; build-like commands do not with -mod=vendor (the default when vendored).
 */
export function downloadsModules(inv: GoInvocation, go111module: string, goflags: string, vendored = false): boolean {
  if (go111module.trim().toLowerCase() === 'off' && !(inv.subcommand === 'install' && inv.args.some((a) => a.text.includes('@')))) return false;
  if (ALWAYS_DOWNLOADS.has(inv.subcommand)) return true;
  if (!BUILD_LIKE.has(inv.subcommand)) return false;
  if (inv.subcommand === 'install' && inv.args.some((a) => /@/.test(a.text) && !a.text.startsWith('-'))) return true;
  const mode = modFlag(inv.args.map((a) => a.text)) ?? modFlag(goflags.split(/\s+/).filter(Boolean));
  // With vendor/modules.txt (go ≥ 1.14) vendor mode is the default for builds.
  return mode === undefined ? !vendored : mode !== 'vendor';
}

/** `go env -w NAME=value …` / `go env -u NAME …`: the words after the flag. */
export function goEnvWriteWords(inv: GoInvocation): { unset: boolean; words: ShellWord[] }[] {
  const out: { unset: boolean; words: ShellWord[] }[] = [];
  let mode: 'w' | 'u' | undefined;
  for (const a of inv.args) {
    if (a.text === '-w' || a.text === '-u') {
      mode = a.text === '-w' ? 'w' : 'u';
      out.push({ unset: mode === 'u', words: [] });
    } else if (mode && !a.text.startsWith('-')) out[out.length - 1].words.push(a);
  }
  return out;
}
