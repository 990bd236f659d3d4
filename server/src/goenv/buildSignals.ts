// What a build configuration file says about private modules: GOPRIVATE-style patterns it sets, and the hosts
// it holds credentials for. The files are of many kinds (Dockerfiles, shell in RUN lines and CI steps, YAML,
// Makefiles), and the signals look alike in all of them (`NAME=value`, `NAME: value`, a git config line, a
// .netrc line), so this reads text rather than one syntax. Comment lines are skipped; values with `$`
// expansions are not taken literally.
import type { SourceFile } from '../core/types';

export type SignalHow = 'GOPROXY' | 'GOPRIVATE' | 'GONOPROXY' | 'GONOSUMDB' | 'insteadOf' | 'netrc' | 'ssh-keyscan' | 'secret-mount' | 'ssh-mount' | 'GOAUTH';

export interface BuildSignal {
  kind: 'pattern' | 'credentials' | 'goproxy';
  how: SignalHow;
  /** For a pattern: the variable that sets it. */
  variable?: 'GOPRIVATE' | 'GONOPROXY' | 'GONOSUMDB';
  /** For a pattern: the pattern list without entries that expand variables; for goproxy: the literal value set. */
  value: string;
  /** For credentials: the host (lower-case), undefined when the credentials name none (a mounted secret, GOAUTH). */
  host?: string;
  /** For credentials: the host and path prefix they are for (`git.acme.com`, `github.com/acme`). */
  prefix?: string;
  uri: string;
  /** 0-based line of the match. */
  line: number;
}

const PATTERN_ASSIGN = /\b(GOPRIVATE|GONOPROXY|GONOSUMDB)["']?[ \t]*(?:[?:+]?=|:(?!=))[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s"'`;&|)\\]*)/g;
const GOPROXY_ASSIGN = /\bGOPROXY["']?[ \t]*(?:[?:+]?=|:(?!=))[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s"'`;&|)\\]*)/g;
const ENV_SPACE_FORM = /^[ \t]*ENV[ \t]+(GOPRIVATE|GONOPROXY|GONOSUMDB)[ \t]+("[^"\n]*"|'[^'\n]*'|[^\s"'`;&|)\\]+)/gim;
const INSTEAD_OF = /url\.["']?([^"'\s]+?)["']?\.insteadof/gi;
const NETRC_MACHINE = /\bmachine[ \t]+([A-Za-z0-9][A-Za-z0-9.-]*)/g;
const SSH_KEYSCAN = /\bssh-keyscan\b([^\n;&|>]*)/g;
const SECRET_NETRC = /--mount=\S*type=secret\S*netrc|--mount=\S*netrc\S*type=secret/gi;
const SSH_MOUNT = /--mount=\S*type=ssh\b/gi;
const GOAUTH = /\bGOAUTH["']?[ \t]*(?:=|:(?!=))[ \t]*["']?([^\s"']*)/g;

/** The text with every comment line blanked (same length, so offsets and line numbers hold). */
function withoutCommentLines(text: string): string {
  return text.replace(/^[ \t]*(#|\/\/).*$/gm, (m) => ' '.repeat(m.length));
}

/** Line of an offset, from the offsets of the line breaks (binary search: a file can hold thousands of signals). */
function lineFinder(text: string): (offset: number) => number {
  const breaks: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks.push(i);
  return (offset) => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function unquote(v: string): string {
  return /^(["']).*\1$/s.test(v) ? v.slice(1, -1) : v;
}

/** A pattern list without the entries that expand a variable (their value is not in the file). */
function literalPatterns(value: string): string {
  return value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '' && !p.includes('$') && !p.includes('{'))
    .join(',');
}

/** `https://user:token@host/org/` or `git@host:org/` → `host/org` (lower-case host), or undefined. */
export function urlPrefix(url: string): string | undefined {
  let rest = url.trim();
  const scp = /^[^@/:\s]+@([^:/\s]+):(.*)$/.exec(rest);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(rest)) rest = `${scp[1]}/${scp[2]}`;
  else {
    rest = rest.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    const slash = rest.indexOf('/');
    const authority = slash < 0 ? rest : rest.slice(0, slash);
    const at = authority.lastIndexOf('@');
    if (at >= 0) rest = rest.slice(at + 1);
  }
  const [host, ...path] = rest.split('/');
  const cleanHost = host.toLowerCase().replace(/:\d*$/, '');
  if (!cleanHost || /[^a-z0-9.-]/.test(cleanHost)) return undefined;
  const tail = path
    .join('/')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  if (tail.includes('$') || tail.includes('{')) return cleanHost;
  return tail ? `${cleanHost}/${tail}` : cleanHost;
}

function scan(file: SourceFile): BuildSignal[] {
  const text = withoutCommentLines(file.text);
  const out: BuildSignal[] = [];
  const at = lineFinder(text);
  for (const re of [PATTERN_ASSIGN, ENV_SPACE_FORM]) {
    for (const m of text.matchAll(re)) {
      const value = literalPatterns(unquote(m[2]));
      const variable = m[1] as 'GOPRIVATE' | 'GONOPROXY' | 'GONOSUMDB';
      if (value) out.push({ kind: 'pattern', how: variable, variable, value, uri: file.uri, line: at(m.index) });
    }
  }
  for (const m of text.matchAll(GOPROXY_ASSIGN)) {
    const value = unquote(m[1]).trim();
    if (value !== '' && !value.includes('$')) out.push({ kind: 'goproxy', how: 'GOPROXY', value, uri: file.uri, line: at(m.index) });
  }
  const credentials = (how: SignalHow, prefix: string | undefined, offset: number) => {
    const host = prefix?.split('/')[0];
    out.push({ kind: 'credentials', how, value: '', host, prefix, uri: file.uri, line: at(offset) });
  };
  for (const m of text.matchAll(INSTEAD_OF)) {
    const prefix = urlPrefix(m[1]);
    if (prefix) credentials('insteadOf', prefix, m.index);
  }
  if (/netrc/i.test(text)) {
    for (const m of text.matchAll(NETRC_MACHINE)) if (m[1].includes('.')) credentials('netrc', m[1].toLowerCase(), m.index);
  }
  for (const m of text.matchAll(SSH_KEYSCAN)) {
    const words = m[1].trim().split(/\s+/);
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (/^-[tpTf]$/.test(w)) i++;
      else if (!w.startsWith('-') && w !== '') {
        for (const h of w.split(',')) if (/^[a-z0-9][a-z0-9.-]*\.[a-z0-9-]+$/i.test(h)) credentials('ssh-keyscan', h.toLowerCase(), m.index);
      }
    }
  }
  for (const m of text.matchAll(SECRET_NETRC)) credentials('secret-mount', undefined, m.index);
  for (const m of text.matchAll(SSH_MOUNT)) credentials('ssh-mount', undefined, m.index);
  for (const m of text.matchAll(GOAUTH)) if (m[1] !== '' && m[1] !== 'off' && !m[1].startsWith('$')) credentials('GOAUTH', undefined, m.index);
  return out;
}

// The same texts are scanned again on every keystroke in another document: keep the result per file and text.
// Bounded by the number of files and by the characters kept. The document being analysed itself is scanned
// without keeping it (transient): its text changes with every keystroke, and a closed document's would stay.
const scans = new Map<string, { text: string; signals: BuildSignal[] }>();
const SCANS_KEPT = 512;
const SCANNED_CHARS_KEPT = 32_000_000;
let scannedChars = 0;

export function buildSignals(file: SourceFile, transient = false): BuildSignal[] {
  const hit = scans.get(file.uri);
  if (hit && hit.text === file.text) return hit.signals;
  const signals = scan(file);
  if (transient) return signals;
  if (hit) {
    scans.delete(file.uri);
    scannedChars -= hit.text.length;
  }
  if (file.text.length > SCANNED_CHARS_KEPT) return signals;
  scans.set(file.uri, { text: file.text, signals });
  scannedChars += file.text.length;
  for (const [uri, old] of scans) {
    if (scannedChars <= SCANNED_CHARS_KEPT && scans.size <= SCANS_KEPT) break;
    scans.delete(uri);
    scannedChars -= old.text.length;
  }
  return signals;
}
