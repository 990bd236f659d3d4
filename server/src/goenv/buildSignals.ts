// What a build configuration file says about private modules: GOPRIVATE-style patterns it sets, and the hosts
// it holds credentials for. The files are of many kinds (Dockerfiles, shell in RUN lines and CI steps, YAML,
// Makefiles), and the signals look alike in all of them (`NAME=value`, `NAME: value`, a git config line, a
// .netrc line), so this reads text rather than one syntax. Comment lines are skipped; values with `$`
// expansions are not taken literally.
import type { SourceFile } from '../core/types';
import { FileTextCache, sameElements } from '../core/memo';

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

/** A signal found in a chunk of lines: its line is counted from the chunk's first line, and it names no file yet. */
type ChunkSignal = Omit<BuildSignal, 'uri'>;

// The kinds of signal, in the order a file's signals are listed (within a kind, in file order).
const KINDS = 10;
const NETRC_KIND = 5;

/** The signals of a run of whole lines, per kind; `netrc`: whether it mentions netrc (machine lines count only then). */
interface ChunkScan {
  kinds: ChunkSignal[][];
  netrc: boolean;
}

// Every pattern above needs one of these words in the line it matches: a chunk without any has no signal, and most
// chunks of most build files have none (two files in three of the real-world corpus).
const ANY_SIGNAL = /goprivate|gonoproxy|gonosumdb|goproxy|goauth|insteadof|machine|ssh-keyscan|netrc|type=ssh/i;

function scanChunk(chunk: string): ChunkScan {
  const kinds: ChunkSignal[][] = Array.from({ length: KINDS }, () => []);
  if (!ANY_SIGNAL.test(chunk)) return { kinds, netrc: false };
  const text = withoutCommentLines(chunk);
  const breaks: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks.push(i);
  const at = (offset: number) => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  [PATTERN_ASSIGN, ENV_SPACE_FORM].forEach((re, kind) => {
    for (const m of text.matchAll(re)) {
      const value = literalPatterns(unquote(m[2]));
      const variable = m[1] as 'GOPRIVATE' | 'GONOPROXY' | 'GONOSUMDB';
      if (value) kinds[kind].push({ kind: 'pattern', how: variable, variable, value, line: at(m.index) });
    }
  });
  for (const m of text.matchAll(GOPROXY_ASSIGN)) {
    const value = unquote(m[1]).trim();
    if (value !== '' && !value.includes('$')) kinds[2].push({ kind: 'goproxy', how: 'GOPROXY', value, line: at(m.index) });
  }
  const credentials = (kind: number, how: SignalHow, prefix: string | undefined, offset: number) => {
    const host = prefix?.split('/')[0];
    kinds[kind].push({ kind: 'credentials', how, value: '', host, prefix, line: at(offset) });
  };
  for (const m of text.matchAll(INSTEAD_OF)) {
    const prefix = urlPrefix(m[1]);
    if (prefix) credentials(3, 'insteadOf', prefix, m.index);
  }
  const netrc = /netrc/i.test(text);
  // Kept whether or not this chunk mentions netrc: another part of the file may.
  for (const m of text.matchAll(NETRC_MACHINE)) if (m[1].includes('.')) credentials(NETRC_KIND, 'netrc', m[1].toLowerCase(), m.index);
  for (const m of text.matchAll(SSH_KEYSCAN)) {
    const words = m[1].trim().split(/\s+/);
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (/^-[tpTf]$/.test(w)) i++;
      else if (!w.startsWith('-') && w !== '') {
        for (const h of w.split(',')) if (/^[a-z0-9][a-z0-9.-]*\.[a-z0-9-]+$/i.test(h)) credentials(6, 'ssh-keyscan', h.toLowerCase(), m.index);
      }
    }
  }
  for (const m of text.matchAll(SECRET_NETRC)) credentials(7, 'secret-mount', undefined, m.index);
  for (const m of text.matchAll(SSH_MOUNT)) credentials(8, 'ssh-mount', undefined, m.index);
  for (const m of text.matchAll(GOAUTH)) if (m[1] !== '' && m[1] !== 'off' && !m[1].startsWith('$')) credentials(9, 'GOAUTH', undefined, m.index);
  return { kinds, netrc };
}

// A file is scanned in chunks of lines: a keystroke changes one chunk of a document, which is scanned again on every
// analysis, and every chunk whose text is the same at the same place is taken from the scan before (see scan). Every
// pattern reads within one line, so a file's scan is its chunks' scans put together. Chunks are not shared between
// files or kept by their text beyond that: two files rarely share a chunk, and a document opened once would fill
// such a store with chunks of texts no one scans again.
const CHUNK_LINES = 32;

interface FileScan {
  /** The chunks' texts and scans. */
  chunks: { text: string; scan: ChunkScan }[];
  /** Each chunk's signals as placed in the file, by kind. */
  placed: BuildSignal[][][];
  signals: BuildSignal[];
}

function scan(file: SourceFile, before?: FileScan): FileScan {
  const text = file.text;
  const chunks: { text: string; scan: ChunkScan }[] = [];
  for (let start = 0; start < text.length;) {
    let end = start;
    for (let k = 0; k < CHUNK_LINES && end >= 0; k++) end = text.indexOf('\n', end === start && k === 0 ? start : end + 1);
    const stop = end < 0 ? text.length : end + 1;
    const chunk = text.slice(start, stop);
    // The chunk at the same place before, if its text is the same.
    const was = before?.chunks[chunks.length];
    chunks.push({ text: chunk, scan: was && was.text === chunk ? was.scan : scanChunk(chunk) });
    start = stop;
  }
  // A .netrc machine line is credentials only in a file that mentions netrc.
  const netrc = chunks.some((c) => c.scan.netrc);
  // A chunk that says what it said before, at the same place, keeps its objects: most keystrokes change no signal.
  let samePlaces = !!before && before.placed.length === chunks.length;
  const placed = chunks.map((c, i) => {
    // The same scan at the same place of the same file: placed as before.
    if (before && before.chunks[i]?.scan === c.scan) return before.placed[i];
    const kinds = placedSignals(c.scan, file.uri, i * CHUNK_LINES);
    const was = before?.placed[i];
    if (was && was !== kinds && sameSignals(was, kinds)) return was;
    samePlaces = false;
    return kinds;
  });
  // Every chunk placed as before, netrc or not as before (a keystroke in a long file): the signals are those before,
  // without gathering them again.
  if (samePlaces && netrc === before!.chunks.some((c) => c.scan.netrc)) return { chunks, placed, signals: before!.signals };
  const signals: BuildSignal[] = [];
  for (let kind = 0; kind < KINDS; kind++) {
    if (kind === NETRC_KIND && !netrc) continue;
    for (const p of placed) for (const s of p[kind]) signals.push(s);
  }
  // The same signals: the same list, which what is derived from a scan is kept by (its chunks are this text's, so
  // the text before is not held).
  return { chunks, placed, signals: before && sameElements(before.signals, signals) ? before.signals : signals };
}

function sameSignal(a: BuildSignal, b: BuildSignal): boolean {
  return (
    a.kind === b.kind &&
    a.how === b.how &&
    a.variable === b.variable &&
    a.value === b.value &&
    a.host === b.host &&
    a.prefix === b.prefix &&
    a.uri === b.uri &&
    a.line === b.line
  );
}

function sameSignals(a: BuildSignal[][], b: BuildSignal[][]): boolean {
  return a.length === b.length && a.every((list, k) => list.length === b[k].length && list.every((s, i) => sameSignal(s, b[k][i])));
}

// A chunk's signals placed in a file (its URI, its first line): the same chunk at the same place in the next version
// of the document gives the same objects, so a keystroke builds the signals of the chunk it changed only.
const placements = new WeakMap<ChunkScan, { uri: string; first: number; kinds: BuildSignal[][] }>();

function placedSignals(scan: ChunkScan, uri: string, first: number): BuildSignal[][] {
  const kept = placements.get(scan);
  if (kept && kept.uri === uri && kept.first === first) return kept.kinds;
  const kinds = scan.kinds.map((list) => list.map((s) => ({ ...s, uri, line: first + s.line })));
  placements.set(scan, { uri, first, kinds });
  return kinds;
}

// The same texts are scanned again on every keystroke in another document: keep the result per file and text.
// Bounded by the number of files and by the characters kept. The document being analysed itself (transient) is
// kept apart, for the last few documents only: its text changes with every keystroke and a closed document's would
// stay among the workspace's files, but the analysis of another document that comes next reads it too (a large
// Dockerfile open beside the one opened next was scanned again for it). A file's scan with its text before (the
// keystroke before, the text on disk before the editor's) is where the next scan starts: what did not change is
// taken over.
const scans = new FileTextCache<FileScan>(512, 32_000_000);
const transientScans = new FileTextCache<FileScan>(4, 4_000_000);
// A file's scan of the text it had before: an editor that opens a file and closes it again gives the text on disk
// back, and a large Dockerfile opened and closed would be scanned again each time.
const replacedScans = new FileTextCache<FileScan>(64, 8_000_000);

export function buildSignals(file: SourceFile, transient = false): BuildSignal[] {
  const hit = scans.get(file.uri, file.text) ?? transientScans.get(file.uri, file.text);
  if (hit) return hit.signals;
  const kept = transient ? transientScans : scans;
  const before = kept.latest(file.uri);
  const result = (!transient && replacedScans.get(file.uri, file.text)) || scan(file, before?.value);
  if (before && !transient) replacedScans.set(file.uri, before.text, before.value);
  kept.set(file.uri, file.text, result);
  return result.signals;
}
