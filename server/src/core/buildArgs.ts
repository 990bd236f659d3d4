// Build arguments as the build gets them: from a compose or bake file, a CI workflow, a Makefile or script running
// `docker build --build-arg`, the command line or the editor's settings. Readers outside the core find them; the
// analysis only takes the values and where each was written.
import type { Range } from './types';

export type BuildArgSourceKind = 'compose' | 'bake' | 'workflow' | 'gitlab' | 'makefile' | 'script' | 'cli' | 'settings';

/** Where a value was written: a file of the workspace and the range of the value in it. */
export interface WrittenAt {
  uri: string;
  range: Range;
  /**
   * The text at `range` is the value itself, between these quotes ('' for none): a fix can rewrite it there. Absent
   * when the value is written otherwise (through a variable, with escapes) or the file's text was not at hand.
   */
  verbatim?: '' | '"' | "'";
}

export interface BuildArgValue {
  /** The value after the source's own interpolation (`${VAR:-default}` in compose, variables in bake). */
  value: string;
  /** False when the value cannot be known where it is written (`${{ secrets.X }}`, `$(git describe)`, an unset variable). */
  known: boolean;
  /** Where it is written; absent for the command line and settings. */
  at?: WrittenAt;
  /**
   * Where the build passes it, when not where the value is written: `--build-arg GOPROXY=$(GOPROXY)` in a recipe, whose
   * value a Makefile's or GitLab file's variable holds. Whether the build argument is consumed is said here.
   */
  passedAt?: WrittenAt;
}

/** One way the workspace builds a Dockerfile, with the arguments it passes. */
export interface BuildInvocation {
  kind: BuildArgSourceKind;
  /** How messages name it: `compose.yaml service api`, `.github/workflows/ci.yml job build`, `Makefile line 12`. */
  label: string;
  /** The file that says so (absent for the command line and settings). */
  uri?: string;
  /** Absolute file URIs of the Dockerfile it builds and of its build context. */
  dockerfile: string;
  context: string;
  /** The Dockerfile's path from the workspace folder, as messages show it (absent: its file name). */
  dockerfileShown?: string;
  /** The stage built (`--target`, compose `build.target`, bake `target`); absent: the last stage. */
  target?: string;
  /**
   * The platforms the build is for (`--platform a,b`, bake's and compose's `platforms`, build-push-action's
   * `platforms`), as written; absent when not given or not known where it is written (the builder's own platform).
   */
  platforms?: string[];
  /** Build arguments by name. A name passed without a value (`--build-arg NAME`) takes it from the environment: unknown. */
  args: Record<string, BuildArgValue>;
}

/** A build argument as the analysis takes it: its value and the source that passes it (named in messages). */
export interface GivenBuildArg extends BuildArgValue {
  source: BuildArgSourceKind;
  /** As BuildInvocation.label; unused for the command line and the settings, which messages name in every language. */
  label: string;
}

/** One set of build arguments by name: what one build passes (from any source, or the command line over the settings). */
export type BuildArgs = Readonly<Record<string, GivenBuildArg>>;

/** A platforms value as the tools take it: a comma- or line-separated list; undefined when a part is not literal. */
export function platformList(written: string | undefined): string[] | undefined {
  if (written === undefined || /[$`{}]/.test(written)) return undefined;
  const list = written
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
  return list.length > 0 ? list : undefined;
}

/** The arguments one invocation passes, ready for the analysis. */
export function buildArgsOf(inv: Pick<BuildInvocation, 'kind' | 'label' | 'args'>): BuildArgs {
  const out: Record<string, GivenBuildArg> = {};
  for (const [name, v] of Object.entries(inv.args)) out[name] = { ...v, source: inv.kind, label: inv.label };
  return out;
}

/** The `goProxyDoctor.buildArgs` setting (NAME -> value) as build arguments. */
export function settingsBuildArgs(values: Readonly<Record<string, string>>): BuildArgs {
  const out: Record<string, GivenBuildArg> = {};
  for (const [name, value] of Object.entries(values)) out[name] = { value, known: true, source: 'settings', label: '' };
  return out;
}

/** Equal sets give equal keys: what a reused analysis must have been made with. */
export function buildArgsKey(args: BuildArgs | undefined): string {
  if (!args) return '';
  return JSON.stringify(
    Object.keys(args)
      .sort()
      .map((k) => [k, args[k].value, args[k].known, args[k].source, args[k].label]),
  );
}

/** A name docker accepts for `--build-arg NAME=VALUE`: anything before the first `=`, not empty. */
export function isBuildArgName(name: string): boolean {
  return name !== '' && !name.includes('=') && !/\s/.test(name);
}
