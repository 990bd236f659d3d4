// Paths of the files the readers read, as invocations show them.
import * as path from 'node:path';

/** A file's path from a folder, with `/` separators, as labels show it. */
export function shownPath(file: string, from: string): string {
  const rel = path.relative(from, file);
  return (rel && !rel.startsWith('..') ? rel : path.basename(file)).split(path.sep).join('/');
}
