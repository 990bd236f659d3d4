// Credentials must never leave the process: every string shown to a person, written to a log or a file, or put on
// a command line goes through redactCredentials. It is the one place that knows what a credential looks like:
// - URL user info the way the go command reads it (net/url: the authority runs to the first '/', '?' or '#';
//   the user info is everything before its LAST '@', so `https://a:p@ss@host` is user a, password p@ss);
// - scheme-less `user:pass@host` (go prepends https:// to such GOPROXY entries and sends the user info);
// - well-known token shapes (GitHub, GitLab, Slack, npm, AWS keys), wherever they appear (paths too);
// - key=value secrets such as `-X main.token=…` in GOFLAGS/-ldflags.
// Over-redacting costs a less helpful message; under-redacting leaks a token, so ties go to redacting.
import { memoize } from './memo';

const MASK = '***';

/** `scheme://authority`: go splits GOPROXY on `,` and `|` before parsing, and free text ends a URL at white space. */
const SCHEME_URL = /([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^\s,|/?#]*)/g;
/** A word of free text (a GOPROXY entry at most). */
const WORD = /[^\s,|]+/g;
/** Characters that open a quoted or bracketed value in front of a scheme-less user info. */
const OPENERS = '"\'`(<[{';
/** Characters go allows in user info (validUserinfo), and `\` of a JSON escape: an opener after one is inside it. */
const INFO_CHAR = /[A-Za-z0-9\-._~!$&*+;=%\\]/;
/** `KEY=`, `--flag=` and an opening quote in front of a scheme-less user info are not part of it. */
const LEAD = /^(?:-{0,2}[A-Za-z_][\w.-]*=)*(?:\\?["'`])*/;
/** `image:tag@sha256:…` is a digest, not user info. */
const DIGEST = /^sha(?:256|384|512):/;

/** Token prefixes with a body: GitHub, GitLab, Slack, npm. The prefix stays so the kind of token is recognisable. */
const PREFIXED_TOKEN = /(?<![A-Za-z0-9])(gh[pousr]_|github_pat_|glpat-|gldt-|glrt-|glptt-|xox[abposr]-|npm_)[A-Za-z0-9_-]{8,}/g;
/** AWS access key ids. */
const AWS_KEY = /(?<![A-Za-z0-9])(AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])/g;
/** `name=value` where the name says it is a secret (`main.token=…`, `DB_PASSWORD=…`); `$VAR` values are references. */
const SECRET_ASSIGNMENT =
  /(?<![A-Za-z0-9_.])(?!--?secret=)([\w.-]*(?:token|passw(?:or)?d|pwd|secret|api[-_]?key|access[-_]?key|private[-_]?key|credentials?)[\w.-]*)=(?![$*])("[^"]*"|'[^']*'|\\"(?:[^"\\]|\\[^"])*\\"|[^\s"'`\\,;&|)\]}]+)/gi;

/** A generic opaque token: long, letters and digits mixed (an e-mail local part or a user name rarely is). */
function looksLikeToken(s: string): boolean {
  return s.length >= 20 && /^[A-Za-z0-9_-]+$/.test(s) && /[0-9]/.test(s) && /[A-Za-z]/.test(s);
}

/** Where the user info ending at `at` starts in `auth` (a word's text before its first '/', '?' or '#'). */
function infoStart(auth: string, at: number): number {
  let i = at;
  while (i > 0) {
    const ch = auth[i - 1];
    // An opener right after a user-info character is inside the password (`p"ss`), else it opens the value.
    if (OPENERS.includes(ch) && !(i >= 2 && INFO_CHAR.test(auth[i - 2]))) break;
    i--;
  }
  const lead = LEAD.exec(auth.slice(i, at))?.[0] ?? '';
  return i + lead.length;
}

interface Found {
  /** Offsets of the user info in the text (the '@' is at `end`). */
  start: number;
  end: number;
  /** Whether a scheme is written (`https://…`). */
  scheme: boolean;
}

/** Every URL user info in `text`, the way go parses it; `all` also returns scheme-less ones that look like no credential. */
function findUserinfo(text: string, all: boolean): Found[] {
  const found: Found[] = [];
  for (const m of text.matchAll(SCHEME_URL)) {
    const at = m[2].lastIndexOf('@');
    const start = m.index + m[1].length;
    if (at >= 0) found.push({ start, end: start + at, scheme: true });
  }
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const stop = word.search(/[/?#]/);
    const auth = stop < 0 ? word : word.slice(0, stop);
    const at = auth.lastIndexOf('@');
    if (at <= 0 || (stop >= 0 && word.startsWith('//', stop) && auth.endsWith(':'))) continue; // a scheme URL: above
    const start = infoStart(auth, at);
    const info = auth.slice(start, at);
    if (!info || DIGEST.test(auth.slice(at + 1))) continue;
    if (all || info.includes(':') || looksLikeToken(info) || new RegExp(PREFIXED_TOKEN.source).test(info)) {
      found.push({ start: m.index + start, end: m.index + at, scheme: false });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Replaces each found user info with what `by` returns for it; `by` also gets the '@' to keep or drop. */
function rewrite(text: string, found: Found[], by: (f: Found) => string): string {
  let out = '';
  let last = 0;
  for (const f of found) {
    if (f.start < last) continue;
    out += text.slice(last, f.start) + by(f);
    last = f.end + 1;
  }
  return out + text.slice(last);
}

/** Text with every credential replaced by `***` (URL user info keeps its `@`, tokens keep their prefix). */
export function redactCredentials(text: string): string {
  if (!text) return text;
  // Every published message passes here, and most recur from one analysis to the next: short texts are kept.
  return text.length <= MEMO_CHARS ? redactedShort(text) : redactUncached(text);
}

const MEMO_CHARS = 2048;
const redactedShort = memoize(redactUncached, 4096);

function redactUncached(text: string): string {
  const urls = rewrite(text, findUserinfo(text, false), () => `${MASK}@`);
  return urls
    .replace(PREFIXED_TOKEN, `$1${MASK}`)
    .replace(AWS_KEY, `$1${MASK}`)
    .replace(SECRET_ASSIGNMENT, (m, name: string, value: string) => (value.includes('://') ? m : `${name}=${MASK}`)); // URLs: user info above
}

/** True when the text carries anything redactCredentials would hide. */
export function hasCredentials(text: string): boolean {
  return redactCredentials(text) !== text;
}

/** True when the text holds a token of a known shape (GitHub, GitLab, Slack, npm, an AWS key id). */
export function hasTokenShape(text: string): boolean {
  PREFIXED_TOKEN.lastIndex = 0;
  AWS_KEY.lastIndex = 0;
  return PREFIXED_TOKEN.test(text) || AWS_KEY.test(text);
}

/**
 * A URL or GOPROXY list with every user info removed (scheme-less entries get the https:// go would add), for
 * values a fix writes into a file: the credential then comes from a secret mount (`.netrc`), never the file.
 */
export function stripUserinfo(value: string, implied = 'https://'): string {
  return rewrite(value, findUserinfo(value, true), (f) => (f.scheme ? '' : implied));
}
