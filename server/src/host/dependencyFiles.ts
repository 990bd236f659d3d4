// The module files a request reads besides the build files (go.mod, go.sum, go.work, vendor/modules.txt) and whether
// a file exists: the editor's text for an open document, else the disk's, read once and kept until a file event
// names the file. Without file events (an editor that cannot watch files for the server), a kept text is used only
// while the file's size and modification time are those it was read with.
import * as fs from 'node:fs';
import type { SourceFile } from '../core/types';
import { pathToUri } from '../core/uri';

// Most files looked for are missing (a go.work, an override file): an error thrown for each costs several times the stat.
export const NO_THROW_IF_MISSING = { throwIfNoEntry: false } as const;

/** The largest file we read from disk as a dependency (a go.mod of 3,000 requires is ~150 KB). */
const MAX_DEPENDENCY_BYTES = 8 * 1024 * 1024;

interface DiskText {
  text: string | undefined;
  /** Size and modification time when read ('' when there was no file to read). */
  stamp: string;
}

function stampOf(p: string): { stamp: string; file: boolean; size: number } {
  try {
    const st = fs.statSync(p, NO_THROW_IF_MISSING);
    if (!st) return { stamp: '', file: false, size: 0 };
    return { stamp: `${st.size}:${st.mtimeMs}`, file: st.isFile(), size: st.size };
  } catch {
    return { stamp: '', file: false, size: 0 };
  }
}

/** A module file's text from disk; undefined when it is missing, not a regular file or too large to be one. */
function readDependency(p: string): DiskText {
  const { stamp, file, size } = stampOf(p);
  if (!file || size > MAX_DEPENDENCY_BYTES) return { text: undefined, stamp };
  try {
    return { text: fs.readFileSync(p, 'utf8'), stamp };
  } catch {
    return { text: undefined, stamp: '' };
  }
}

export class DependencyFiles {
  // Module files read from disk (go.mod, go.sum, go.work, vendor/modules.txt; undefined: none), kept until a file
  // event names them: every re-check of a Dockerfile reads its go.sum again otherwise.
  private readonly diskCache = new Map<string, DiskText>();
  private readonly existsCache = new Map<string, boolean>();
  /** Whether file events come (the client watches the files): what was read is then kept without looking again. */
  private events = true;

  constructor(
    /** Text of an open document by URI, if open. */
    private readonly openText: (uri: string) => string | undefined,
  ) {}

  /** A file on disk changed, came or went (`changedPath`: this one; none: any). */
  forget(changedPath?: string): void {
    if (changedPath) (this.diskCache.delete(changedPath), this.existsCache.delete(changedPath));
    else (this.diskCache.clear(), this.existsCache.clear());
  }

  /** Whether file events will say when a file changes on disk (set by the language server from what its client can do). */
  fileEvents(come: boolean): void {
    this.events = come;
    this.forget();
  }

  read(p: string): string | undefined {
    const open = this.openText(pathToUri(p));
    if (open !== undefined) return open;
    const kept = this.diskCache.get(p);
    if (kept && (this.events || kept.stamp === stampOf(p).stamp)) return kept.text;
    const read = readDependency(p);
    this.diskCache.set(p, read);
    return read.text;
  }

  exists(p: string): boolean {
    if (this.openText(pathToUri(p)) !== undefined) return true;
    let found = this.events ? this.existsCache.get(p) : undefined;
    if (found === undefined) {
      try {
        found = fs.statSync(p, NO_THROW_IF_MISSING)?.isFile() ?? false;
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
