// The go.mod / go.work statement grammar of golang.org/x/mod/modfile: lines, `verb ( … )` blocks, and
// the comments that belong to them. Statements are handed to a visitor as soon as they are read, so that
// memory stays small whatever the input.
import type { Range } from '../core/types';
import { ModLexer, type ModToken, type SyntaxErrorSink } from './gomodLexer';

export interface ModComment {
  /** Starts with `//`; no line break. */
  text: string;
  range: Range;
}

export interface ModLine {
  /** The line's tokens (at most MAX_LINE_TOKENS are kept). At top level the verb is the first; in a block it is the block's. */
  tokens: ModToken[];
  /** How many tokens the line really has. */
  tokenCount: number;
  /** From the first token to the end of the last (comments excluded). */
  range: Range;
  /** Whole-line comments just above the line; undefined marks a blank line between them (in blocks). */
  before: (ModComment | undefined)[];
  /** The `// …` comment at the end of the line. */
  suffix?: ModComment;
  /** The line holds a syntax error: its content cannot be trusted. */
  damaged: boolean;
}

export interface ModBlock {
  /** The tokens before `(` (one, the verb, in a well-formed file). */
  header: ModToken[];
  headerCount: number;
  lparen: ModToken;
  /** From the verb to the `(`. */
  headerRange: Range;
  before: (ModComment | undefined)[];
}

export interface ModSyntaxVisitor {
  /** A directive line: at top level (block undefined) or inside a block. */
  line(line: ModLine, block: ModBlock | undefined): void;
  blockStart(block: ModBlock): void;
  /** terminated is false when the file ended inside the block. */
  blockEnd(block: ModBlock, terminated: boolean): void;
}

/** Directives never have more than a handful of arguments; a longer line only needs its length. */
export const MAX_LINE_TOKENS = 64;

function isEndOfLine(t: ModToken): boolean {
  return t.kind === 'eof' || t.kind === 'newline' || t.kind === 'eolComment';
}

function commentOf(t: ModToken): ModComment {
  return { text: t.text, range: t.range };
}

/** Collects a line's tokens, keeping the first MAX_LINE_TOKENS. */
class TokenList {
  readonly tokens: ModToken[];
  count = 1;
  end: Range['end'];

  constructor(readonly first: ModToken) {
    this.tokens = [first];
    this.end = first.range.end;
  }

  push(t: ModToken): void {
    if (this.tokens.length < MAX_LINE_TOKENS) this.tokens.push(t);
    this.count++;
    this.end = t.range.end;
  }

  line(eol: ModToken, before: (ModComment | undefined)[]): ModLine {
    return {
      tokens: this.tokens,
      tokenCount: this.count,
      range: { start: this.first.range.start, end: this.end },
      before,
      suffix: eol.kind === 'eolComment' ? commentOf(eol) : undefined,
      damaged: eol.damaged,
    };
  }
}

/** Go's `file:line:column` for an offset: lines counted by '\n', columns in characters from 1. */
function goLocation(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: [...text.slice(lineStart, offset)].length + 1 };
}

export class ModParser {
  private readonly lexer: ModLexer;
  private lookahead: ModToken;

  /** fileName appears in the "unterminated block" message, as the go command prints it. */
  constructor(
    private readonly text: string,
    private readonly fileName: string,
    private readonly visitor: ModSyntaxVisitor,
    private readonly onError: SyntaxErrorSink,
  ) {
    this.lexer = new ModLexer(text, onError);
    this.lookahead = this.lexer.next();
  }

  private peek(): ModToken {
    return this.lookahead;
  }

  /** Returns the lookahead and reads the next token (so lexing stays one token ahead, as in Go). */
  private lex(): ModToken {
    const t = this.lookahead;
    if (t.kind !== 'eof') this.lookahead = this.lexer.next();
    return t;
  }

  parseFile(): void {
    let pending: ModComment[] | undefined;
    for (;;) {
      const t = this.peek();
      switch (t.kind) {
        case 'eof':
          return;
        case 'comment':
          this.lex();
          (pending ??= []).push(commentOf(t));
          break;
        case 'newline':
        case 'eolComment': // only after a recovered error
          this.lex();
          pending = undefined; // a blank line detaches the comments above it
          break;
        default:
          this.parseStatement(pending ?? []);
          pending = undefined;
      }
    }
  }

  private parseStatement(before: ModComment[]): void {
    const list = new TokenList(this.lex());
    for (;;) {
      const t = this.lex();
      if (isEndOfLine(t)) {
        this.visitor.line(list.line(t, before), undefined);
        return;
      }
      if (t.kind === '(') {
        const next = this.peek();
        if (isEndOfLine(next)) {
          this.parseBlock(list, t, before);
          return;
        }
        if (next.kind === ')') {
          const rparen = this.lex();
          if (isEndOfLine(this.peek())) {
            this.lex();
            const block = this.block(list, t, before);
            this.visitor.blockStart(block);
            this.visitor.blockEnd(block, true);
            return;
          }
          list.push(t);
          list.push(rparen);
          continue;
        }
      }
      list.push(t);
    }
  }

  private block(header: TokenList, lparen: ModToken, before: (ModComment | undefined)[]): ModBlock {
    return {
      header: header.tokens,
      headerCount: header.count,
      lparen,
      headerRange: { start: header.first.range.start, end: lparen.range.end },
      before,
    };
  }

  private parseBlock(header: TokenList, lparen: ModToken, before: ModComment[]): void {
    const block = this.block(header, lparen, before);
    this.visitor.blockStart(block);
    let comments: (ModComment | undefined)[] = [];
    let lines = 0;
    for (;;) {
      const t = this.peek();
      switch (t.kind) {
        case 'eolComment':
          this.lex();
          break;
        case 'newline':
          this.lex();
          // Blank lines are kept as markers between comments (they separate comment paragraphs).
          if ((comments.length === 0 && lines > 0) || (comments.length > 0 && comments[comments.length - 1] !== undefined)) comments.push(undefined);
          break;
        case 'comment':
          this.lex();
          comments.push(commentOf(t));
          break;
        case 'eof': {
          const at = goLocation(this.text, header.first.offset);
          this.onError(t.range, `syntax error (unterminated block started at ${this.fileName}:${at.line}:${at.column})`);
          this.visitor.blockEnd(block, false);
          return;
        }
        case ')': {
          this.lex();
          const after = this.peek();
          if (!isEndOfLine(after)) {
            this.onError(after.range, 'syntax error (expected newline after closing paren)');
            while (!isEndOfLine(this.peek())) this.lex();
          }
          this.lex();
          this.visitor.blockEnd(block, true);
          return;
        }
        default:
          this.parseBlockLine(block, comments);
          lines++;
          comments = [];
      }
    }
  }

  private parseBlockLine(block: ModBlock, before: (ModComment | undefined)[]): void {
    const list = new TokenList(this.lex());
    for (;;) {
      const t = this.lex();
      if (isEndOfLine(t)) {
        this.visitor.line(list.line(t, before), block);
        return;
      }
      list.push(t);
    }
  }
}
