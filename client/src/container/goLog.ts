// Streaming parser of `go mod download -x -json` output (Go 1.19 through 1.26 print the same shapes):
//   stderr  `# get URL` / `# get URL: 200 OK (0.011s)` / `# get URL: <error>`, `go: …` errors with tab-indented
//           continuation lines, the multi-line `verifying M@V: checksum mismatch … SECURITY ERROR` block,
//           `-x` command echoes of direct VCS fetches, and our script's `# gpd-size BYTES PATH` lines;
//   stdout  one JSON object per module, pretty-printed across lines (`Path`, `Version`, `Error`, …).
// Every string in the events is redacted: go prints `user:xxxxx@`, but error texts from proxies, git or
// older versions may carry the real credential.
import { redactCredentials } from '../../../server/src/core/redact';
import { SIZE_LINE_PREFIX } from './plan';

export interface RequestStarted {
  type: 'request-started';
  url: string;
  host: string;
  path: string;
}

export interface RequestFinished {
  type: 'request-finished';
  url: string;
  host: string;
  path: string;
  status?: number;
  statusText?: string;
  seconds?: number;
  /** Transport error, or the go command's own refusal (e.g. `insecure credentials`). */
  error?: string;
}

/** Size of a file fetched by a successful request (known once go has finished). */
export interface RequestBytes {
  type: 'request-bytes';
  url: string;
  host: string;
  path: string;
  bytes: number;
}

export interface ModuleFinished {
  type: 'module';
  path: string;
  version?: string;
  error?: string;
}

/** A `go: …` error (continuation lines joined with `\n`) or the checksum-mismatch block. */
export interface GoError {
  type: 'go-error';
  message: string;
  module?: string;
  version?: string;
}

/** Informational `go: downloading …` lines. */
export interface GoInfo {
  type: 'go-info';
  message: string;
}

export interface OtherLine {
  type: 'line';
  stream: 'stdout' | 'stderr';
  text: string;
}

export type GoLogEvent = RequestStarted | RequestFinished | RequestBytes | ModuleFinished | GoError | GoInfo | OtherLine;

const GET_STARTED = /^# get (\S+)$/;
/** `# get URL: 200 OK (0.011s)`; the timing is optional so older or patched builds still parse. */
const GET_STATUS = /^# get (\S+): (\d{3})(?: ([^()]*?))?(?: \((\d+(?:\.\d+)?)s\))?$/;
const GET_ERROR = /^# get (\S+): (.+)$/;
const MODULE_AT = /^(\S+?)@(v[^\s:]+|[^\s:@]+): /;
const MISMATCH = /^(?:go: )?\S.*: checksum mismatch$/;
const FIRST_MODULE = /([^\s:@]+)@(v[^\s:/@]+)/;
const MISMATCH_END = /^For more information, see 'go help module-auth'\.$/;

function splitUrl(raw: string): { url: string; host: string; path: string } {
  const url = redactCredentials(raw);
  try {
    const u = new URL(raw);
    return { url, host: u.host, path: u.pathname + u.search };
  } catch {
    return { url, host: '', path: raw };
  }
}

/** Cuts chunks into lines, keeping an unterminated tail for the next chunk. */
class LineSplitter {
  private tail = '';
  push(chunk: string): string[] {
    const text = this.tail + chunk;
    const lines = text.split('\n');
    this.tail = lines.pop() ?? '';
    return lines.map((l) => l.replace(/\r$/, ''));
  }
  end(): string[] {
    const rest = this.tail;
    this.tail = '';
    return rest === '' ? [] : [rest.replace(/\r$/, '')];
  }
}

/** Accumulates stdout until a top-level JSON object is complete (string- and escape-aware brace counting). */
class JsonObjectReader {
  private buffer = '';
  private depth = 0;
  private inString = false;
  private escaped = false;

  /** Returns complete objects' texts and the non-JSON lines seen outside objects. */
  pushLine(line: string): { objects: string[]; stray: string[] } {
    const objects: string[] = [];
    const stray: string[] = [];
    if (this.depth === 0 && !line.trimStart().startsWith('{')) {
      if (line.trim() !== '') stray.push(line);
      return { objects, stray };
    }
    for (const ch of line) {
      this.buffer += ch;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === '\\') this.escaped = true;
        else if (ch === '"') this.inString = false;
      } else if (ch === '"') this.inString = true;
      else if (ch === '{') this.depth++;
      else if (ch === '}' && --this.depth === 0) {
        objects.push(this.buffer.trim());
        this.buffer = '';
      }
    }
    if (this.depth > 0) this.buffer += '\n';
    else if (this.buffer.trim() !== '') {
      stray.push(this.buffer.trim());
      this.buffer = '';
    }
    return { objects, stray };
  }

  end(): string[] {
    const rest = this.buffer.trim();
    this.buffer = '';
    this.depth = 0;
    return rest ? [rest] : [];
  }
}

export class GoLogParser {
  private readonly stdout = new LineSplitter();
  private readonly stderr = new LineSplitter();
  private readonly json = new JsonObjectReader();
  /** A multi-line error waiting for its continuation lines. */
  private pending: { message: string; module?: string; version?: string; mismatch: boolean; intro?: boolean } | undefined;
  /** Successful requests by decoded URL path, to attribute file sizes. */
  private readonly fetched: Array<{ url: string; host: string; path: string; decoded: string }> = [];

  /** `onLine` sees every complete raw line (for the log view) before it is parsed. */
  constructor(
    private readonly emit: (event: GoLogEvent) => void,
    private readonly onLine?: (stream: 'stdout' | 'stderr', line: string) => void,
  ) {}

  pushStdout(chunk: string): void {
    for (const line of this.stdout.push(chunk)) this.stdoutLine(line);
  }

  pushStderr(chunk: string): void {
    for (const line of this.stderr.push(chunk)) this.stderrLine(line);
  }

  /** Flushes partial lines and any pending error: call once both streams have closed. */
  end(): void {
    for (const line of this.stdout.end()) this.stdoutLine(line);
    for (const line of this.stderr.end()) this.stderrLine(line);
    for (const rest of this.json.end()) this.emit({ type: 'line', stream: 'stdout', text: redactCredentials(rest) });
    this.flush();
  }

  private stdoutLine(line: string): void {
    this.onLine?.('stdout', line);
    const { objects, stray } = this.json.pushLine(line);
    for (const text of stray) this.emit({ type: 'line', stream: 'stdout', text: redactCredentials(text) });
    for (const text of objects) {
      let obj: { Path?: unknown; Version?: unknown; Error?: unknown };
      try {
        obj = JSON.parse(text) as typeof obj;
      } catch {
        this.emit({ type: 'line', stream: 'stdout', text: redactCredentials(text) });
        continue;
      }
      if (typeof obj.Path !== 'string') {
        this.emit({ type: 'line', stream: 'stdout', text: redactCredentials(text) });
        continue;
      }
      const event: ModuleFinished = { type: 'module', path: obj.Path };
      if (typeof obj.Version === 'string') event.version = obj.Version;
      if (typeof obj.Error === 'string' && obj.Error !== '') event.error = redactCredentials(obj.Error);
      this.emit(event);
    }
  }

  private stderrLine(line: string): void {
    this.onLine?.('stderr', line);
    if (this.pending) {
      // Continuations: tab-indented details; the mismatch block also has blank lines and a fixed paragraph.
      // `go: errors parsing go.mod:` is followed by unindented `file:line: …` lines.
      const foreign = line.startsWith('# ') || line.startsWith('go: ');
      const continues = line.startsWith('\t') || ((this.pending.mismatch || (this.pending.intro && line.trim() !== '')) && !foreign);
      if (continues) {
        this.pending.message += '\n' + line;
        if (this.pending.mismatch && MISMATCH_END.test(line)) this.flush();
        return;
      }
      this.flush();
    }
    let m: RegExpExecArray | null;
    if ((m = GET_STARTED.exec(line))) return this.emit({ type: 'request-started', ...splitUrl(m[1]!) });
    if ((m = GET_STATUS.exec(line))) {
      const target = splitUrl(m[1]!);
      const status = Number(m[2]);
      const event: RequestFinished = { type: 'request-finished', ...target, status };
      if (m[3]) event.statusText = m[3];
      if (m[4] !== undefined) event.seconds = Number(m[4]);
      if (status >= 200 && status < 300) this.fetched.push({ ...target, decoded: safeDecode(target.path.replace(/\?.*$/, '')) });
      return this.emit(event);
    }
    if ((m = GET_ERROR.exec(line))) return this.emit({ type: 'request-finished', ...splitUrl(m[1]!), error: redactCredentials(m[2]!) });
    if (line.startsWith(SIZE_LINE_PREFIX)) return this.sizeLine(line.slice(SIZE_LINE_PREFIX.length));
    if (MISMATCH.test(line)) {
      const message = line.replace(/^go: /, '');
      const at = FIRST_MODULE.exec(message);
      this.pending = { message, mismatch: true, ...(at ? { module: at[1]!, version: at[2]! } : {}) };
      return;
    }
    if (line.startsWith('go: downloading ')) return this.emit({ type: 'go-info', message: redactCredentials(line.slice(4)) });
    if (line.startsWith('go: ')) {
      const message = line.slice(4);
      const at = MODULE_AT.exec(message);
      this.pending = { message, mismatch: false, intro: message.endsWith(':'), ...(at ? { module: at[1]!, version: at[2]! } : {}) };
      return;
    }
    if (line.trim() !== '') this.emit({ type: 'line', stream: 'stderr', text: redactCredentials(line) });
  }

  private sizeLine(rest: string): void {
    const m = /^(\d+) (.+)$/.exec(rest);
    const at = m ? m[2]!.indexOf('/cache/download/') : -1;
    if (!m || at < 0) return this.emit({ type: 'line', stream: 'stderr', text: redactCredentials(SIZE_LINE_PREFIX + rest) });
    const relative = '/' + m[2]!.slice(at + '/cache/download/'.length);
    // The most recent successful request for this file fetched it (a `,` list may have tried others first).
    const request = [...this.fetched].reverse().find((r) => r.decoded.endsWith(relative));
    if (request) this.emit({ type: 'request-bytes', url: request.url, host: request.host, path: request.path, bytes: Number(m[1]) });
  }

  private flush(): void {
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    const event: GoError = { type: 'go-error', message: redactCredentials(p.message) };
    if (p.module !== undefined) event.module = p.module;
    if (p.version !== undefined) event.version = p.version;
    this.emit(event);
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Parses a complete capture (tests, or output collected elsewhere). */
export function parseGoLog(stdout: string, stderr: string): GoLogEvent[] {
  const events: GoLogEvent[] = [];
  const parser = new GoLogParser((e) => events.push(e));
  parser.pushStderr(stderr);
  parser.pushStdout(stdout);
  parser.end();
  return events;
}
