// The module files a request reads besides the build files (go.mod, go.sum, go.work, vendor/modules.txt) and whether
// a file exists: the editor's text for an open document, else the disk's, read once and kept until a file event
// names the file.
import * as fs from 'node:fs';
import type { SourceFile } from '../core/types';
import { pathToUri } from '../core/uri';

/** The largest file we read from disk as a dependency (a go.mod of 3,000 requires is ~150 KB). */
const MAX_DEPENDENCY_BYTES = 8 * 1024 * 1024;

/** A module file's text from disk; undefined when it is missing, not a regular file or too large to be one. */
function readDependency(p: string): string | undefined {
  try {
    const st = fs.statSync(p);
    if (!st.isFile() || st.size > MAX_DEPENDENCY_BYTES) return undefined;
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

export class DependencyFiles {
  // Module files read from disk (go.mod, go.sum, go.work, vendor/modules.txt; undefined: none), kept until a file
  // event names them: every re-check of a Dockerfile reads its go.sum again otherwise.
  private readonly diskCache = new Map<string, string | undefined>();
  private readonly existsCache = new Map<string, boolean>();

  constructor(
    /** Text of an open document by URI, if open. */
    private readonly openText: (uri: string) => string | undefined,
  ) {}

  /** A file on disk changed, came or went (`changedPath`: this one; none: any). */
  forget(changedPath?: string): void {
    if (changedPath) (this.diskCache.delete(changedPath), this.existsCache.delete(changedPath));
    else (this.diskCache.clear(), this.existsCache.clear());
  }

  read(p: string): string | undefined {
    const open = this.openText(pathToUri(p));
    if (open !== undefined) return open;
    if (this.diskCache.has(p)) return this.diskCache.get(p);
    const text = readDependency(p);
    this.diskCache.set(p, text);
    return text;
  }

  exists(p: string): boolean {
    if (this.openText(pathToUri(p)) !== undefined) return true;
    let found = this.existsCache.get(p);
    if (found === undefined) {
      try {
        found = fs.statSync(p).isFile();
      } catch {
        found = false;
      }
      this.existsCache.set(p, found);
    }
    return found;
  }

  /** The file as a source file of the request; undefined when it cannot be read. */
  source(p: string | undefined): SourceFile | undefined {
    if (!p) return undefined;
    const text = this.read(p);
    return text === undefined ? undefined : { uri: pathToUri(p), text };
  }
}
