// File URIs and local paths, converted without touching the disk: the analysis names files by URI, the host and
// rules that compare folders need paths.
import { isAbsolute, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { memoize } from './memo';

// An absolute POSIX path of letters, digits and `-._+=,@` only, none of its segments empty, `.` or `..`: its file URL
// is `file://` and the path as written, which is what the URL parser makes of it, at a fraction of the cost (the first
// document in a workspace of 200 service folders converts some 3,000 paths). Any other path goes through the parser.
const PLAIN_PATH = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._+=,@-]+)+\/?$|^\/$/;
const POSIX = sep === '/';

// Every analysis asks which open documents are Dockerfiles, by path: each URI is converted once.
const pathOfUri = memoize((uri: string): string | undefined => {
  if (POSIX && uri.startsWith('file:///') && PLAIN_PATH.test(uri.slice(7))) return uri.slice(7);
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}, 8192);

/** The local path of a `file:` URI; undefined for any other URI or one that names no local path. */
export function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? pathOfUri(uri) : undefined;
}

// Every request names the workspace's build files by URI, hundreds of them: each path is converted once.
const uriOfPath = memoize((p: string) => (POSIX && PLAIN_PATH.test(p) ? `file://${p}` : pathToFileURL(p).toString()), 8192);

export function pathToUri(p: string): string {
  // A relative path resolves against the working directory, which may change: only absolute ones are kept.
  return isAbsolute(p) ? uriOfPath(p) : pathToFileURL(p).toString();
}
