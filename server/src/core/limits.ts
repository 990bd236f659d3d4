// How large a document the analysis takes on. Real Dockerfiles and go.mod files are kilobytes; past this size the
// analysis stays linear but its time and memory (about 1 s and 140 MB per MiB for the densest files) no longer
// fit an editor keystroke, so such a file is reported as too large and not analysed at all.
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

/** The UTF-8 size of `text` in bytes. */
export function documentBytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function isTooLarge(text: string): boolean {
  // Each UTF-16 unit is 1 to 3 UTF-8 bytes (a surrogate pair 4 for 2): most texts are decided without counting.
  if (text.length > MAX_DOCUMENT_BYTES) return true;
  if (text.length * 3 <= MAX_DOCUMENT_BYTES) return false;
  return documentBytes(text) > MAX_DOCUMENT_BYTES;
}
