// Paths of the files the readers read, as invocations name them.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export function fileUri(p: string): string {
  return pathToFileURL(p).toString();
}

/** A file's path from a folder, with `/` separators, as labels show it. */
export function shownPath(file: string, from: string): string {
  const rel = path.relative(from, file);
  return (rel && !rel.startsWith('..') ? rel : path.basename(file)).split(path.sep).join('/');
}
