// Build arguments as the build gets them: from a compose or bake file, a CI workflow, a Makefile or script running
// `docker build --build-arg`, the command line or the editor's settings. Readers outside the core find them; the
// analysis only takes the values and where each was written.
import type { Range } from './types';

export type BuildArgSourceKind = 'compose' | 'bake' | 'workflow' | 'gitlab' | 'makefile' | 'script' | 'cli' | 'settings';

/** Where a value was written: a file of the workspace and the range of the value in it. */
export interface WrittenAt {
  uri: string;
  range: Range;
}

export interface BuildArgValue {
  /** The value after the source's own interpolation (`${VAR:-default}` in compose, variables in bake). */
  value: string;
  /** False when the value cannot be known where it is written (`${{ secrets.X }}`, `$(git describe)`, an unset variable). */
  known: boolean;
  /** Where it is written; absent for the command line and settings. */
  at?: WrittenAt;
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
  /** The stage built (`--target`, compose `build.target`, bake `target`); absent: the last stage. */
  target?: string;
  /** Build arguments by name. A name passed without a value (`--build-arg NAME`) takes it from the environment: unknown. */
  args: Record<string, BuildArgValue>;
}
