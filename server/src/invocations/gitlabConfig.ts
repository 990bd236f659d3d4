// A GitLab CI configuration as GitLab composes it, with the file and node of every value: the files `include: local`
// names (merged under the including file), hidden and other jobs a job `extends` (one or several, in order, under
// the job), hashes merged key by key and anything else replaced. What an include GitLab fetches (`remote`,
// `project`, `template`, `component`) or a wildcard gives cannot be read here: the configuration is then incomplete.
import * as path from 'node:path';
import { isMap, isSeq, type Node } from 'yaml';
import { LineIndex } from '../core/text';
import { pathToUri } from '../core/uri';
import { parseYaml } from './yamlText';
import { YamlTree } from './yamlTree';

export interface CiSource {
  file: string;
  uri: string;
  text: string;
  lines: LineIndex;
  tree: YamlTree;
}

/** A hash merged from the files and jobs that write it, or a value (a scalar or a list) with where it is written. */
export type CiValue = { map: Map<string, CiValue> } | { node: Node; src: CiSource };

/** Nodes turned into merged values per file: aliases can make a small file a huge tree. */
const MAX_VALUES = 20000;
const MAX_INCLUDE_DEPTH = 8;
const MAX_EXTENDS_DEPTH = 11;

export function ciSource(file: string, text: string): CiSource | undefined {
  const doc = parseYaml(text);
  return doc ? { file, uri: pathToUri(file), text, lines: new LineIndex(text), tree: new YamlTree(doc) } : undefined;
}

function toValue(src: CiSource, node: unknown, budget: { left: number }): CiValue | undefined {
  if (--budget.left < 0) throw new RangeError('configuration too large');
  const n = src.tree.deref(node);
  if (isMap(n)) {
    const map = new Map<string, CiValue>();
    for (const e of src.tree.entries(n)) {
      const v = toValue(src, e.value, budget);
      if (v) map.set(e.name, v);
    }
    return { map };
  }
  return n && typeof n === 'object' ? { node: n as Node, src } : undefined;
}

export function merge(under: CiValue | undefined, over: CiValue | undefined): CiValue | undefined {
  if (!under || !over) return over ?? under;
  if (!('map' in under) || !('map' in over)) return over;
  const map = new Map(under.map);
  for (const [k, v] of over.map) map.set(k, merge(map.get(k), v)!);
  return { map };
}

export const get = (v: CiValue | undefined, key: string): CiValue | undefined => (v && 'map' in v ? v.map.get(key) : undefined);

/** A value's text when it is a scalar. */
export function textOf(v: CiValue | undefined): string | undefined {
  return v && 'node' in v ? v.src.tree.text(v.node) : undefined;
}

/** The items of a list value (each with its file), or the value itself when it is one scalar. */
export function itemsOf(v: CiValue | undefined): { node: unknown; src: CiSource }[] {
  if (!v || !('node' in v)) return [];
  const n = v.src.tree.deref(v.node);
  return (isSeq(n) ? v.src.tree.items(n) : [n]).map((node) => ({ node, src: v.src }));
}

export interface CiConfig {
  top: CiValue;
  /** Some include could not be read: anything may come from it. */
  incomplete: boolean;
}

/**
 * The configuration of `src` with its local includes under it. `read` gives a workspace file's text; `root` is the
 * repository's folder, from which local includes are named.
 */
export function loadCiConfig(src: CiSource, root: string, read: (p: string) => string | undefined): CiConfig | undefined {
  const budget = { left: MAX_VALUES };
  let incomplete = false;
  const load = (s: CiSource, depth: number, seen: readonly string[]): CiValue | undefined => {
    const own = toValue(s, s.tree.contents, budget);
    if (!own || !('map' in own)) return undefined;
    let under: CiValue | undefined;
    for (const inc of includes(get(own, 'include'))) {
      const target = inc === undefined || depth >= MAX_INCLUDE_DEPTH ? undefined : path.join(root, inc);
      // A local include is a file of the repository.
      if (target !== undefined && path.relative(root, target).startsWith('..')) {
        incomplete = true;
        continue;
      }
      const text = target === undefined || seen.includes(target) ? undefined : read(target);
      const included = text === undefined ? undefined : ciSource(target!, text);
      const value = included && load(included, depth + 1, [...seen, target!]);
      if (value) under = merge(under, value);
      else incomplete = true;
    }
    own.map.delete('include');
    return merge(under, own);
  };
  try {
    const top = load(src, 0, [src.file]);
    return top ? { top, incomplete } : undefined;
  } catch {
    return undefined;
  }
}

/** The local files an `include` names (from the repository's root); undefined for one that cannot be read here. */
function includes(v: CiValue | undefined): (string | undefined)[] {
  const one = (x: CiValue | undefined): string | undefined => {
    let local: string | undefined;
    if (x && 'map' in x) {
      // `rules:` may leave the file out and `inputs:` change what it says; any other kind GitLab fetches.
      if (x.map.size !== 1) return undefined;
      local = textOf(get(x, 'local'));
    } else local = textOf(x);
    if (local === undefined || /^[a-z][\w+.-]*:\/\//i.test(local) || /[*$]/.test(local)) return undefined;
    return local.replace(/^\/+/, '');
  };
  if (!v || 'map' in v) return v ? [one(v)] : [];
  if (!isSeq(v.src.tree.deref(v.node))) return [one(v)];
  return v.src.tree.items(v.node).map((node) => one(toValue(v.src, node, { left: MAX_VALUES })));
}

/** A job with the jobs it `extends` merged under it, in order; undefined when one of them cannot be found. */
export function resolveExtends(top: CiValue, name: string, depth = 0): CiValue | undefined {
  const job = get(top, name);
  if (!job || !('map' in job) || depth > MAX_EXTENDS_DEPTH) return undefined;
  const parents = itemsOf(get(job, 'extends')).map((i) => i.src.tree.text(i.node));
  if (parents.length === 0) return job;
  let under: CiValue | undefined;
  for (const p of parents) {
    const base = p === undefined ? undefined : resolveExtends(top, p, depth + 1);
    if (!base) return undefined;
    under = merge(under, base);
  }
  const own = new Map(job.map);
  own.delete('extends');
  return merge(under, { map: own });
}
