// File URIs and local paths, converted without touching the disk: the analysis names files by URI, the host and
// rules that compare folders need paths.
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The local path of a `file:` URI; undefined for any other URI or one that names no local path. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).toString();
}
