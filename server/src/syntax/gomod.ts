// go.mod and go.work files: their directives with exact ranges, and the errors the go command would
// report for them, worded as it words them (without its "go.mod:12: " prefix).
import * as path from 'node:path';
import { uriToPath } from '../core/uri';
import type { Range } from '../core/types';
import { ModParser } from './gomodParser';
import { ModFileReader } from './gomodReader';

export { compareGoVersions, isValidModuleVersion, isPseudoVersion, canonicalModuleVersion, isValidGoVersion } from './modVersions';

export type ModFileKind = 'gomod' | 'gowork';

export interface ModError {
  range: Range;
  message: string;
}

// Path and version fields hold the values (quotes removed, escapes resolved); their ranges cover the
// tokens as written, quotes included. `range` is the directive: verb and arguments for a single line,
// the arguments alone for a line inside a `verb ( … )` block; comments are not included.

export interface GoModModule {
  path: string;
  pathRange: Range;
  range: Range;
  /** The text after `Deprecated:` in the module's doc comment. */
  deprecated?: string;
}

export interface GoModGo {
  version: string;
  versionRange: Range;
  range: Range;
}

export interface GoModToolchain {
  /** 'go1.23.4' or 'default'. */
  name: string;
  nameRange: Range;
  range: Range;
}

export interface GoModGodebug {
  key: string;
  value: string;
  range: Range;
}

export interface GoModRequire {
  path: string;
  /** The canonical form (v1.2 is read as v1.2.0, as `go mod edit` reads it). */
  version: string;
  indirect: boolean;
  pathRange: Range;
  versionRange: Range;
  range: Range;
}

export interface GoModExclude {
  path: string;
  version: string;
  pathRange: Range;
  versionRange: Range;
  range: Range;
}

export interface GoModReplace {
  oldPath: string;
  oldVersion?: string;
  newPath: string;
  newVersion?: string;
  /** The replacement is a directory (./x, ../x, /x, C:\x), not a module. */
  isLocal: boolean;
  oldPathRange: Range;
  oldVersionRange?: Range;
  newPathRange: Range;
  newVersionRange?: Range;
  range: Range;
}

export interface GoModRetract {
  low: string;
  high: string;
  /** The comments above or after the directive (or its block), without the `//`. */
  rationale?: string;
  range: Range;
}

export interface GoModTool {
  path: string;
  pathRange: Range;
  range: Range;
}

export interface GoModIgnore {
  path: string;
  pathRange: Range;
  range: Range;
}

/** go.work: a module directory of the workspace. */
export interface GoModUse {
  path: string;
  pathRange: Range;
  range: Range;
}

export interface GoModFile {
  uri: string;
  kind: ModFileKind;
  module?: GoModModule;
  go?: GoModGo;
  toolchain?: GoModToolchain;
  godebugs: GoModGodebug[];
  requires: GoModRequire[];
  excludes: GoModExclude[];
  replaces: GoModReplace[];
  retracts: GoModRetract[];
  tools: GoModTool[];
  ignores: GoModIgnore[];
  uses: GoModUse[];
  /**
   * errors[0] is the error the go command reports first. The go command stops at a syntax error; here the
   * syntax error comes first, followed by the errors of the lines it did not damage, so that an editor shows
   * everything that is wrong. At most MAX_MOD_ERRORS.
   */
  errors: ModError[];
}

/** Parses a go.mod or go.work text. Never throws; every range lies inside the text. */
export function parseGoMod(text: string, uri: string, kind: ModFileKind): GoModFile {
  const file: GoModFile = { uri, kind, godebugs: [], requires: [], excludes: [], replaces: [], retracts: [], tools: [], ignores: [], uses: [], errors: [] };
  const localPath = uriToPath(uri);
  // Messages that name the file do it as the go command does: go.mod by its full path, go.work relative to
  // the current directory (the workspace root, where builds run).
  const fileName = kind === 'gowork' ? 'go.work' : (localPath ?? 'go.mod');
  const reader = new ModFileReader(file, kind === 'gowork' && localPath ? path.dirname(localPath) : undefined);
  let crash: ModError | undefined;
  try {
    new ModParser(text, fileName, reader, (range, message) => reader.syntaxError(range, message)).parseFile();
    reader.finish();
  } catch (e) {
    // A bug here must not take the analysis down; the go command reports its own panics the same way.
    crash = {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: `internal error: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  file.errors = crash ? [crash, ...reader.errors()] : reader.errors();
  return file;
}

/** `use` directories of a go.work (the go.work parser's own reading of them). */
export function useDirectives(text: string): string[] {
  return parseGoMod(text, 'file:///go.work', 'gowork').uses.map((u) => u.path);
}
