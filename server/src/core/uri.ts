// File URIs and local paths, converted without touching the disk: the analysis names files by URI, the host and
// rules that compare folders need paths.
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { memoize } from './memo';

// Every analysis asks which open documents are Dockerfiles, by path: each URI is converted once.
const pathOfUri = memoize((uri: string): string | undefined => {
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
const uriOfPath = memoize((p: string) => pathToFileURL(p).toString(), 8192);

export function pathToUri(p: string): string {
  // A relative path resolves against the working directory, which may change: only absolute ones are kept.
  return isAbsolute(p) ? uriOfPath(p) : pathToFileURL(p).toString();
}
