// A parsed YAML file read the way the tools that load it read it: an alias (`*name`) stands for the node its anchor
// (`&name`) marks, and a merge key (`<<: *base`, `<<: [*a, *b]`) copies the keys of the maps it names that the map
// does not write itself. The nodes handed out are the real ones, so a value reached through an alias keeps the place
// where it is written — one place however many aliases reach it.
import { isAlias, isMap, isScalar, isSeq, visit, type Alias, type Document, type Node, type Pair } from 'yaml';
import { plain, scalarText } from './yamlText';

/** Merge keys followed within one lookup (a map merged twice is read once, so this only bounds the recursion). */
const MAX_MERGE_DEPTH = 64;

export interface Entry {
  /** The key as text. */
  name: string;
  key: Node;
  /** The value, with aliases followed (undefined for a key without value). */
  value: unknown;
}

export function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  return (typeof key.value === 'symbol' && key.value.description === '<<') || (key.value === '<<' && key.type === 'PLAIN');
}

export class YamlTree {
  private readonly targets = new Map<Alias, Node | undefined>();
  private readonly plainOf = new Map<unknown, unknown>();

  constructor(readonly doc: Document.Parsed) {
    // One walk in document order: an alias stands for the last node before it with its anchor.
    const anchored = new Map<string, Node>();
    visit(doc, {
      Node: (_key, node) => {
        if (isAlias(node)) this.targets.set(node, anchored.get(node.source));
        else if (node.anchor) anchored.set(node.anchor, node);
      },
    });
  }

  get contents(): unknown {
    return this.deref(this.doc.contents);
  }

  /** The node an alias stands for; any other value as it is. */
  deref(node: unknown): unknown {
    return isAlias(node) ? this.targets.get(node) : node;
  }

  /** A map's entries with merge keys applied (own keys win, then the merged maps in order); [] for anything else. */
  entries(node: unknown): Entry[] {
    const out = new Map<string, Entry>();
    this.collect(this.deref(node), out, 0, new Set());
    return [...out.values()];
  }

  private collect(node: unknown, out: Map<string, Entry>, depth: number, seen: Set<unknown>): void {
    if (!isMap(node) || depth > MAX_MERGE_DEPTH || seen.has(node)) return;
    seen.add(node);
    const own = new Map<string, Entry>();
    const merged: unknown[] = [];
    for (const pair of node.items as Pair<unknown, unknown>[]) {
      if (isMergeKey(pair.key)) {
        const source = this.deref(pair.value);
        if (isSeq(source)) merged.push(...source.items.map((i) => this.deref(i)));
        else merged.push(source);
        continue;
      }
      const name = scalarText(this.deref(pair.key));
      // A later duplicate key replaces an earlier one, as loading the file into a map does.
      if (name !== undefined) own.set(name, { name, key: pair.key as Node, value: this.deref(pair.value) });
    }
    for (const [name, e] of own) if (!out.has(name)) out.set(name, e);
    // Of the merged maps the first one that has a key gives it; a map reached twice gives nothing the second time.
    for (const m of merged) this.collect(m, out, depth + 1, seen);
  }

  /** A key's value in a map (merge keys applied), aliases followed. */
  get(node: unknown, key: string): unknown {
    return this.entries(node).find((e) => e.name === key)?.value;
  }

  has(node: unknown, key: string): boolean {
    return this.entries(node).some((e) => e.name === key);
  }

  getIn(node: unknown, keys: readonly string[]): unknown {
    let at = this.deref(node);
    for (const k of keys) at = this.get(at, k);
    return at;
  }

  /** A sequence's items, aliases followed; [] for anything else. */
  items(node: unknown): unknown[] {
    const seq = this.deref(node);
    return isSeq(seq) ? seq.items.map((i) => this.deref(i)) : [];
  }

  /** A scalar's text through an alias. */
  text(node: unknown): string | undefined {
    return scalarText(this.deref(node));
  }

  /** A plain JavaScript value (maps and sequences with their aliases and merges resolved), or undefined. */
  plain(node: unknown): unknown {
    const n = this.deref(node);
    if (!isMap(n) && !isSeq(n)) return plain(n);
    if (this.plainOf.has(n)) return this.plainOf.get(n);
    let value: unknown;
    try {
      value = n.toJS(this.doc, { maxAliasCount: 100 });
    } catch {
      // Too many aliases (or one that names no anchor): no value.
      value = undefined;
    }
    this.plainOf.set(n, value);
    return value;
  }
}
