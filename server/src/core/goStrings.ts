// Go's notions of white space, printable characters and quoted strings, for go.mod parsing and for
// error messages that must read exactly like the go command's (which formats them with %q).

/** unicode.IsSpace. */
export function isGoSpace(cp: number): boolean {
  if (cp <= 0xff) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === 0xa0;
  return cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
// unicode.IsPrint answers for the Basic Multilingual Plane, filled in as characters are met (0 = not yet known).
const bmpPrintable = new Uint8Array(0x10000);

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isGoPrint(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7f;
  if (cp >= 0xd800 && cp <= 0xdfff) return false; // a lone surrogate: not a character at all
  if (cp > 0xffff) return PRINTABLE.test(String.fromCodePoint(cp));
  let known = bmpPrintable[cp];
  if (known === 0) {
    known = PRINTABLE.test(String.fromCharCode(cp)) ? 1 : 2;
    bmpPrintable[cp] = known;
  }
  return known === 1;
}

/** strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/** strings.Fields. */
export function goFields(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const space = i === s.length || isGoSpace(s.charCodeAt(i));
    if (space && start >= 0) {
      out.push(s.slice(start, i));
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  return out;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

const SHORT_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };

function escapeRune(cp: number, quote: string): string {
  const ch = String.fromCodePoint(cp);
  if (ch === quote || ch === '\\') return '\\' + ch;
  if (isGoPrint(cp)) return ch;
  const short = SHORT_ESCAPES[cp];
  if (short) return short;
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  if (cp >= 0xdc80 && cp <= 0xdcff) return '\\x' + hex(cp - 0xdc00, 2); // an invalid byte (see decodeUtf8)
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd';
  return cp < 0x10000 ? '\\u' + hex(cp, 4) : '\\U' + hex(cp, 8);
}

/** strconv.Quote, i.e. fmt's %q for a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0)!, '"');
  return out + '"';
}

/** strconv.QuoteRune, i.e. fmt's %q (and %#q) for a rune. */
export function goQuoteRune(cp: number): string {
  return "'" + escapeRune(cp, "'") + "'";
}

function pushUtf8(bytes: number[], cp: number): void {
  if (cp < 0x80) bytes.push(cp);
  else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

/**
 * UTF-8 bytes to a string, as Go would hold them: a byte that is not part of a valid sequence becomes the
 * lone surrogate U+DC80..U+DCFF, which path checks report as invalid UTF-8 and goQuote prints as \\xHH.
 */
function decodeUtf8(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let cp = n === 1 ? b : n === 2 ? b & 0x1f : n === 3 ? b & 0x0f : b & 0x07;
    for (let k = 1; k < n && cp >= 0; k++) {
      const c = bytes[i + k];
      cp = c !== undefined && (c & 0xc0) === 0x80 ? (cp << 6) | (c & 0x3f) : -1;
    }
    const overlongOrOutside = (n === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n === 4 && (cp < 0x10000 || cp > 0x10ffff));
    if (n === 0 || cp < 0 || overlongOrOutside) {
      out += String.fromCharCode(0xdc00 + b);
      i++;
    } else {
      out += String.fromCodePoint(cp);
      i += n;
    }
  }
  return out;
}

function hexValue(s: string, from: number, count: number): number | undefined {
  if (from + count > s.length) return undefined;
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const d = parseInt(s[i], 16);
    if (Number.isNaN(d)) return undefined;
    v = v * 16 + d;
  }
  return v;
}

/**
 * strconv.Unquote for a double-quoted Go string literal: the value, or undefined for "invalid syntax".
 * \x and octal escapes give bytes; the value is those bytes read as UTF-8 (see decodeUtf8).
 */
export function goUnquote(literal: string): string | undefined {
  const n = literal.length;
  if (n < 2 || literal[0] !== '"' || literal[n - 1] !== '"' || literal.includes('\n')) return undefined;
  const body = literal.slice(1, n - 1);
  if (!body.includes('\\') && !body.includes('"')) return body;
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) {
    const cp = body.codePointAt(i)!;
    if (cp === 0x22) return undefined; // an unescaped quote inside
    if (cp !== 0x5c) {
      pushUtf8(bytes, cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    const simple = 'abfnrtv\\"'.indexOf(e);
    if (simple >= 0) {
      bytes.push([7, 8, 12, 10, 13, 9, 11, 0x5c, 0x22][simple]);
      i += 2;
    } else if (e === 'x') {
      const v = hexValue(body, i + 2, 2);
      if (v === undefined) return undefined;
      bytes.push(v);
      i += 4;
    } else if (e === 'u' || e === 'U') {
      const width = e === 'u' ? 4 : 8;
      const v = hexValue(body, i + 2, width);
      if (v === undefined || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
      pushUtf8(bytes, v);
      i += 2 + width;
    } else if (e >= '0' && e <= '7') {
      const digits = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(digits)) return undefined;
      const v = parseInt(digits, 8);
      if (v > 255) return undefined;
      bytes.push(v);
      i += 4;
    } else return undefined; // includes \' which only single-quoted runes allow
  }
  return decodeUtf8(bytes);
}
