// Whether a path is inside a folder. The workspace keeps what it reads only for files inside its folders: a file
// elsewhere is not walked, has no file events, and would be kept for as long as the server runs.
import * as path from 'node:path';

/** Whether `child` is `parent` or inside it (absolute paths). */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Whether `p` is inside one of `folders`. */
export function isInsideAny(p: string, folders: readonly string[]): boolean {
  return folders.some((f) => isInside(p, f));
}
