// The exec form of RUN/COPY/CMD: a JSON array of strings. Returns each string mapped to the document, or
// undefined when the text is not such an array (Docker then treats the line as shell form).
import { MappedBuilder, type MappedText } from './source';

export interface JsonString {
  text: string;
  mapped: MappedText;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseJsonArray(src: MappedText): JsonString[] | undefined {
  const text = src.text;
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  ws();
  if (text[i] !== '[') return undefined;
  i++;
  const out: JsonString[] = [];
  ws();
  if (text[i] === ']') {
    i++;
    ws();
    return i === text.length ? out : undefined;
  }
  for (;;) {
    ws();
    if (text[i] !== '"') return undefined;
    const open = i++;
    const b = new MappedBuilder(src);
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const e = text[i + 1];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          b.push(String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)), i);
          i += 6;
        } else if (e !== undefined && SIMPLE_ESCAPES[e] !== undefined) {
          b.push(SIMPLE_ESCAPES[e], i + 1);
          i += 2;
        } else return undefined;
      } else {
        if (text.charCodeAt(i) < 0x20) return undefined;
        b.push(text[i], i);
        i++;
      }
    }
    if (i >= text.length) return undefined;
    i++;
    out.push({ text: b.toString(), mapped: b.build(open + 1) });
    ws();
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] !== ']') return undefined;
    i++;
    ws();
    return i === text.length ? out : undefined;
  }
}
