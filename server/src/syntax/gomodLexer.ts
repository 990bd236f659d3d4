// The go.mod / go.work lexer: the token grammar of golang.org/x/mod/modfile, with LSP positions.
// Lines end at '\n' for Go (a lone '\r' is white space to it) but positions follow LSP, where a lone
// '\r' also ends a line. The go command stops at its first syntax error; this lexer reports it and
// recovers, so that the rest of the file can still be read.
import type { Range } from '../core/types';
import type { Position } from '../core/text';
import { goQuoteRune, isGoPrint, isGoSpace } from '../core/goStrings';

export type TokenKind = 'eof' | 'newline' | 'comment' | 'eolComment' | 'ident' | 'string' | '(' | ')' | '[' | ']' | '{' | '}' | ',';

export interface ModToken {
  kind: TokenKind;
  /** As written; strings keep their quotes; comments start at `//` and exclude the line break. */
  text: string;
  /** UTF-16 offset of the first character. */
  offset: number;
  range: Range;
  /** For the tokens that end a line (newline, eolComment, comment, eof): a syntax error was found on that line. */
  damaged: boolean;
}

/** Receives syntax errors in the order the go command would meet them (it reports only the first). */
export type SyntaxErrorSink = (range: Range, message: string) => void;

const PUNCTUATION = new Set(['\n', '(', ')', '[', ']', '{', '}', ',']);

const ASCII_IDENT = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) ASCII_IDENT[c] = '()[]{},'.includes(String.fromCharCode(c)) ? 0 : 1;

/** modfile's isIdent: printable, not white space, not one of the punctuation characters. */
function isIdentChar(cp: number): boolean {
  if (cp < 0x80) return ASCII_IDENT[cp] === 1;
  return !isGoSpace(cp) && isGoPrint(cp);
}

export class ModLexer {
  private i = 0;
  private line = 0;
  private lineStart = 0;
  /** Something other than white space was seen on the current line (decides whether `//` is an end-of-line comment). */
  private lineHasContent = false;
  private lineDamaged = false;

  constructor(
    private readonly text: string,
    private readonly onError: SyntaxErrorSink,
  ) {}

  private get position(): Position {
    return { line: this.line, character: this.i - this.lineStart };
  }

  private codePointAt(i: number): number {
    return this.text.codePointAt(i) ?? 0;
  }

  /** Moves past n UTF-16 units, counting LSP line breaks. */
  private advance(n: number): void {
    const end = Math.min(this.i + n, this.text.length);
    for (; this.i < end; this.i++) {
      const c = this.text.charCodeAt(this.i);
      if (c === 10 || (c === 13 && this.text.charCodeAt(this.i + 1) !== 10)) {
        this.line++;
        this.lineStart = this.i + 1;
      }
    }
  }

  private fail(start: Position, end: Position, message: string): void {
    this.lineDamaged = true;
    this.onError({ start, end }, message);
  }

  private token(kind: TokenKind, offset: number, start: Position, end: Position = this.position, text = this.text.slice(offset, this.i)): ModToken {
    const endsLine = kind === 'newline' || kind === 'comment' || kind === 'eolComment' || kind === 'eof';
    const tok: ModToken = { kind, text, offset, range: { start, end }, damaged: endsLine && this.lineDamaged };
    if (endsLine) {
      this.lineDamaged = false;
      this.lineHasContent = false;
    } else this.lineHasContent = true;
    return tok;
  }

  next(): ModToken {
    const text = this.text;
    for (;;) {
      // White space: Go skips spaces, tabs and carriage returns.
      while (this.i < text.length) {
        const c = text.charCodeAt(this.i);
        if (c !== 32 && c !== 9 && c !== 13) break;
        this.advance(1);
      }
      const offset = this.i;
      const start = this.position;
      if (offset >= text.length) return this.token('eof', offset, start);
      const c = text[offset];
      if (c === '/' && text[offset + 1] === '/') return this.comment(offset, start);
      if (c === '/' && text[offset + 1] === '*') {
        this.blockComment(start);
        continue;
      }
      if (PUNCTUATION.has(c)) {
        this.advance(1);
        return this.token(c === '\n' ? 'newline' : (c as TokenKind), offset, start);
      }
      if (c === '"' || c === '`') return this.quoted(offset, start);
      const cp = this.codePointAt(offset);
      if (!isIdentChar(cp)) {
        this.advance(cp > 0xffff ? 2 : 1);
        this.lineHasContent = true;
        this.fail(start, this.position, `unexpected input character ${goQuoteRune(cp)}`);
        continue;
      }
      return this.ident(offset, start);
    }
  }

  /** `//` to the end of the line; the line break belongs to the comment, as in Go. */
  private comment(offset: number, start: Position): ModToken {
    const nl = this.text.indexOf('\n', offset);
    const stop = nl < 0 ? this.text.length : nl;
    const textEnd = nl > offset && this.text[nl - 1] === '\r' ? nl - 1 : stop;
    this.advance(textEnd - offset);
    const end = this.position;
    this.advance(nl < 0 ? stop - this.i : nl + 1 - this.i);
    return this.token(this.lineHasContent ? 'eolComment' : 'comment', offset, start, end, this.text.slice(offset, textEnd));
  }

  /** `/*` is an error; recover by ignoring the rest of the line. */
  private blockComment(start: Position): void {
    this.advance(2);
    this.fail(start, this.position, 'mod files must use // comments (not /* */ comments)');
    const nl = this.text.indexOf('\n', this.i);
    this.advance((nl < 0 ? this.text.length : nl) - this.i);
  }

  private quoted(offset: number, start: Position): ModToken {
    const text = this.text;
    const quote = text[offset];
    this.advance(1);
    for (;;) {
      if (this.i >= text.length) {
        this.fail(start, this.position, 'unexpected EOF in string');
        break;
      }
      if (text[this.i] === '\n') {
        // The range stops before the newline (and before the '\r' of a CRLF).
        const cr = this.i > offset + 1 && text[this.i - 1] === '\r';
        const end = cr ? { line: this.line, character: this.i - 1 - this.lineStart } : this.position;
        this.fail(start, end, 'unexpected newline in string');
        return this.token('string', offset, start, end);
      }
      const ch = text[this.i];
      this.advance(1);
      if (ch === quote) break;
      if (ch === '\\' && quote === '"') {
        if (this.i >= text.length) {
          this.fail(start, this.position, 'unexpected EOF in string');
          break;
        }
        this.advance(this.codePointAt(this.i) > 0xffff ? 2 : 1); // any character, even a newline
      }
    }
    return this.token('string', offset, start);
  }

  private ident(offset: number, start: Position): ModToken {
    const text = this.text;
    // Identifiers never hold a line break, so the position moves along the line only.
    let i = this.i;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) break;
      if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
        // Reported here, where Go meets it; next() then skips the rest of the line.
        this.i = i;
        const at = this.position;
        this.fail(at, { line: at.line, character: at.character + 2 }, 'mod files must use // comments (not /* */ comments)');
        break;
      }
      if (c < 0x80) {
        if (!ASCII_IDENT[c]) break;
        i++;
      } else {
        const cp = text.codePointAt(i)!;
        if (!isIdentChar(cp)) break;
        i += cp > 0xffff ? 2 : 1;
      }
    }
    this.i = i;
    return this.token('ident', offset, start);
  }
}
