// The environment maps of the timeline, persistent: setting a variable makes a new map that shares all but a few
// small nodes with the old one (a hash trie, 32 ways per level). The timeline keeps one map per instruction and per
// go step, and a stage starts from the maps of the stage it builds on: as plain Maps each would be a full copy,
// quadratic in the number of variables over a long stage or a long FROM chain.
import type { EnvBinding } from './timelineModel';

interface Entry {
  key: string;
  hash: number;
  /** undefined: deleted (`go env -u`); kept so that the trie needs no node merging. */
  value: EnvBinding | undefined;
  /** Insertion order, so that iteration follows it as a Map's does. */
  seq: number;
}
interface Node {
  bitmap: number;
  slots: (Node | Entry | Entry[])[];
}

const BITS = 5;
const MAX_SHIFT = 30; // past this the hash is used up: colliding keys share a bucket

function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const isNode = (x: Node | Entry | Entry[]): x is Node => (x as Node).bitmap !== undefined;
const popcount = (x: number) => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

function find(node: Node, key: string, hash: number): Entry | undefined {
  for (let shift = 0; ; shift += BITS) {
    const bit = 1 << ((hash >>> shift) & 31);
    if (!(node.bitmap & bit)) return undefined;
    const slot = node.slots[popcount(node.bitmap & (bit - 1))];
    if (Array.isArray(slot)) return slot.find((e) => e.key === key);
    if (!isNode(slot)) return slot.key === key ? slot : undefined;
    node = slot;
  }
}

/** A copy of `list` with `item` inserted at `at`, made at its final size (slice and splice would allocate twice). */
function inserted<T>(list: readonly T[], at: number, item: T): T[] {
  const out = new Array<T>(list.length + 1);
  for (let i = 0; i < at; i++) out[i] = list[i];
  out[at] = item;
  for (let i = at; i < list.length; i++) out[i + 1] = list[i];
  return out;
}

function insert(node: Node, entry: Entry, shift: number): Node {
  const bit = 1 << ((entry.hash >>> shift) & 31);
  const at = popcount(node.bitmap & (bit - 1));
  if (!(node.bitmap & bit)) return { bitmap: node.bitmap | bit, slots: inserted(node.slots, at, entry) };
  const slots = node.slots.slice();
  const slot = slots[at];
  if (Array.isArray(slot)) slots[at] = [...slot.filter((e) => e.key !== entry.key), entry];
  else if (isNode(slot)) slots[at] = insert(slot, entry, shift + BITS);
  else if (slot.key === entry.key) slots[at] = entry;
  else if (shift + BITS > MAX_SHIFT) slots[at] = [slot, entry];
  else slots[at] = insert(insert({ bitmap: 0, slots: [] }, slot, shift + BITS), entry, shift + BITS);
  return { bitmap: node.bitmap, slots };
}

function collect(node: Node, out: Entry[]): void {
  for (const slot of node.slots) {
    if (Array.isArray(slot)) out.push(...slot);
    else if (isNode(slot)) collect(slot, out);
    else out.push(slot);
  }
}

function pick(node: Node, names: ReadonlySet<string>, out: Map<string, string>): void {
  for (const slot of node.slots) {
    if (Array.isArray(slot)) {
      for (const e of slot) if (e.value && names.has(e.key)) out.set(e.key, e.value.value);
    } else if (isNode(slot)) pick(slot, names, out);
    else if (slot.value && names.has(slot.key)) out.set(slot.key, slot.value.value);
  }
}

const inheritedCopies = new WeakMap<EnvBinding, EnvBinding>();

/** The binding as a stage that builds on the one that set it sees it (one shared copy per binding). */
function inherited(b: EnvBinding): EnvBinding {
  let copy = inheritedCopies.get(b);
  if (!copy) inheritedCopies.set(b, (copy = { ...b, origin: { ...b.origin, kind: 'inherited' } }));
  return copy;
}

let nextSeq = 0;

/**
 * A persistent environment map. `stage` is the stage it is read in: an ENV binding set by another stage (one this
 * stage builds on) reads as 'inherited', computed when read rather than by copying the map for every stage.
 */
export class EnvTrie implements ReadonlyMap<string, EnvBinding> {
  static readonly EMPTY = new EnvTrie({ bitmap: 0, slots: [] }, 0, 0, -1);

  private constructor(
    private readonly root: Node,
    readonly size: number,
    /** Entries in the trie, deleted ones included. */
    private readonly stored: number,
    private readonly stage: number,
  ) {}

  /** The same variables, read in another stage. */
  inStage(stage: number): EnvTrie {
    return stage === this.stage ? this : new EnvTrie(this.root, this.size, this.stored, stage);
  }

  private seen(b: EnvBinding): EnvBinding {
    return b.origin.kind === 'env' && b.origin.stageIndex !== this.stage ? inherited(b) : b;
  }

  /**
   * The values of the set variables among `names`, in no set order, from one walk over the map: cheaper than a
   * lookup per name when the names outnumber the map's entries (every go step resolves some forty). Undefined when
   * they do not: a walk per go step would make a stage of thousands of variables quadratic.
   */
  valuesAmong(names: ReadonlySet<string>): Map<string, string> | undefined {
    if (this.stored > names.size) return undefined;
    const out = new Map<string, string>();
    pick(this.root, names, out);
    return out;
  }

  get(key: string): EnvBinding | undefined {
    const v = find(this.root, key, hashOf(key))?.value;
    return v && this.seen(v);
  }

  has(key: string): boolean {
    return find(this.root, key, hashOf(key))?.value !== undefined;
  }

  set(key: string, value: EnvBinding): EnvTrie {
    const hash = hashOf(key);
    const old = find(this.root, key, hash);
    if (old?.value === value) return this;
    const entry: Entry = { key, hash, value, seq: old?.value ? old.seq : nextSeq++ };
    return new EnvTrie(insert(this.root, entry, 0), this.size + (old?.value ? 0 : 1), this.stored + (old ? 0 : 1), this.stage);
  }

  delete(key: string): EnvTrie {
    const hash = hashOf(key);
    const old = find(this.root, key, hash);
    if (!old?.value) return this;
    return new EnvTrie(insert(this.root, { key, hash, value: undefined, seq: old.seq }, 0), this.size - 1, this.stored, this.stage);
  }

  /** Every variable in insertion order: O(n log n), for hovers and plans (the analysis itself only looks names up). */
  private ordered(): [string, EnvBinding][] {
    const all: Entry[] = [];
    collect(this.root, all);
    return all
      .filter((e) => e.value !== undefined)
      .sort((a, b) => a.seq - b.seq)
      .map((e) => [e.key, this.seen(e.value!)]);
  }

  forEach(fn: (value: EnvBinding, key: string, map: ReadonlyMap<string, EnvBinding>) => void): void {
    for (const [k, v] of this.ordered()) fn(v, k, this);
  }

  entries(): MapIterator<[string, EnvBinding]> {
    return this.ordered()[Symbol.iterator]() as MapIterator<[string, EnvBinding]>;
  }

  keys(): MapIterator<string> {
    const keys = this.ordered().map((e) => e[0]);
    return keys[Symbol.iterator]() as MapIterator<string>;
  }

  values(): MapIterator<EnvBinding> {
    const values = this.ordered().map((e) => e[1]);
    return values[Symbol.iterator]() as MapIterator<EnvBinding>;
  }

  [Symbol.iterator](): MapIterator<[string, EnvBinding]> {
    return this.entries();
  }
}
