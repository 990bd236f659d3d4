// YAML (and JSON, which the same parser reads) with source positions: the readers of compose files, workflows,
// GitLab CI and bake JSON take values from the parsed tree and ranges from the parser's offsets.
import { isScalar, parseDocument, Schema, type Document, type Node } from 'yaml';
import { LineIndex } from '../core/text';
import type { Range } from '../core/types';
import { MappedText, type Segment } from '../syntax/source';

// The schema every file is read with (YAML 1.2's core schema, with `<<` merge keys), made once: the parser makes one
// per document otherwise, a quarter of a cold parse of a small compose file, and the first document in a workspace of
// 200 service folders parses 200 of them. A file that names its YAML version (`%YAML 1.1`) gets that version's schema.
const CORE_WITH_MERGE = new Schema({ merge: true, resolveKnownTags: true, schema: 'core' });
const VERSION_DIRECTIVE = /^%YAML/m;

/** A parsed file, or undefined when the text is not YAML the readers can use. */
export function parseYaml(text: string): Document.Parsed | undefined {
  try {
    const doc = VERSION_DIRECTIVE.test(text)
      ? parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false })
      : parseDocument(text, { schema: CORE_WITH_MERGE, uniqueKeys: false, prettyErrors: false });
    return doc.errors.length ? undefined : doc;
  } catch {
    return undefined;
  }
}

/** A plain JavaScript value of a node (maps and sequences included), or undefined. */
export function plain(node: unknown): unknown {
  if (node && typeof node === 'object' && 'toJSON' in node && typeof (node as { toJSON: unknown }).toJSON === 'function') {
    try {
      return (node as { toJSON(): unknown }).toJSON();
    } catch {
      return undefined;
    }
  }
  return node;
}

/** A scalar's value as text (numbers and booleans as written by YAML), or undefined for anything else or null. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return typeof node === 'string' ? node : undefined;
  const v = node.value;
  return v === null || v === undefined || typeof v === 'object' ? undefined : String(v);
}

/** Offsets of a scalar's text in the document, without its quotes. */
export function scalarSpan(text: string, node: Node | undefined): { start: number; end: number } | undefined {
  if (!node?.range) return undefined;
  let [start, end] = node.range;
  const q = text[start];
  if ((q === '"' || q === "'") && end - start >= 2 && text[end - 1] === q) {
    start++;
    end--;
  }
  return { start, end };
}

/**
 * A scalar's value mapped to the document: each line of the value is found where it is written (a block scalar
 * drops its indentation), so a word cut from it keeps its place. Lines not found map to the scalar's start.
 */
export function scalarMapped(text: string, node: Node, value: string): MappedText {
  const span = scalarSpan(text, node);
  if (!span) return MappedText.contiguous(value, 0);
  const segments: Segment[] = [];
  let cursor = span.start;
  let at = 0;
  for (const line of value.split('\n')) {
    const found = line ? text.indexOf(line, cursor) : -1;
    const doc = found >= 0 && found < span.end ? found : cursor;
    segments.push({ at, doc });
    if (found >= 0 && found < span.end) cursor = found + line.length;
    at += line.length + 1;
  }
  return new MappedText(value, segments);
}

export function rangeAt(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}
