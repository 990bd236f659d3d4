// Heredocs of RUN, COPY and ADD (`<<EOF` … `EOF`): their markers in an instruction's arguments, and their bodies
// read from the lines that follow it, as BuildKit's parser reads them.
import { MappedText, type Segment } from './source';
import type { RawHeredoc } from './dockerfileLines';
import { lineAt, type PhysicalLine } from './physicalLines';

interface HeredocMarker {
  name: string;
  stripTabs: boolean;
  quoted: boolean;
}

/** `<<EOF`, `<<-EOF`, `<< EOF`, `<<"EOF"`, `<<'EOF'` outside quotes in an instruction's arguments (not `<<<`). */
export function heredocMarkers(args: string, escape: string): HeredocMarker[] {
  const out: HeredocMarker[] = [];
  if (args.indexOf('<<') < 0) return out;
  let quote = '';
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (quote) {
      if (c === escape && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === escape) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    if (c !== '<' || args[i + 1] !== '<' || args[i + 2] === '<' || args[i - 1] === '<') continue;
    let j = i + 2;
    const stripTabs = args[j] === '-';
    if (stripTabs) j++;
    // Current frontends allow white space before the word (`RUN << EOF`).
    while (args[j] === ' ' || args[j] === '\t') j++;
    const q = args[j] === '"' || args[j] === "'" ? args[j] : '';
    if (q) j++;
    const m = /^[A-Za-z0-9_.-]+/.exec(args.slice(j, j + 256));
    if (!m) continue;
    j += m[0].length;
    if (q) {
      if (args[j] !== q) continue;
      j++;
    }
    out.push({ name: m[0], stripTabs, quoted: q !== '' });
    i = j - 1;
  }
  return out;
}

export function readHeredoc(
  text: string,
  starts: readonly number[],
  lines: PhysicalLine[],
  n: number,
  marker: HeredocMarker,
): { heredoc: RawHeredoc; next: number; end: number } {
  let content = '';
  const segments: Segment[] = [];
  const startLine = n;
  // Where the body ends: its last line's end, else where it starts.
  let contentEnd = n < lines.length ? starts[n] : text.length;
  // The line that ends the body, if any: an unterminated heredoc takes the rest of the text.
  let close = -1;
  for (; n < lines.length; n++) {
    const l = lineAt(lines, n, text, starts);
    let s = l.start;
    if (marker.stripTabs) while (s < l.end && text[s] === '\t') s++;
    const lineText = text.slice(s, l.end);
    if (lineText === marker.name) {
      close = n;
      break;
    }
    segments.push({ at: content.length, doc: s });
    content += lineText + '\n';
    contentEnd = l.end;
  }
  const contentStart = startLine < lines.length ? starts[startLine] : text.length;
  const closed = close >= 0;
  return {
    heredoc: {
      name: marker.name,
      stripTabs: marker.stripTabs,
      quoted: marker.quoted,
      content: mapped(content, segments, contentStart),
      contentStart,
      contentEnd,
      unterminated: !closed,
    },
    next: closed ? close + 1 : lines.length,
    end: closed ? lineAt(lines, close, text, starts).end : text.length,
  };
}

function mapped(text: string, segments: Segment[], fallback: number): MappedText {
  return new MappedText(text, segments.length ? segments : [{ at: 0, doc: fallback }]);
}
