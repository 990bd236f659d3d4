// A compose service's `build` as written, with the file and node of every value: read from one file, then merged
// as compose merges (an `extends` base under the service, an override file over the base file): fields replace
// fields, `args` merge by name, `!reset` removes and `!override` replaces instead of merging.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { BuildArgValue } from '../core/buildArgs';
import type { LineIndex } from '../core/text';
import { interpolate } from './interpolate';
import { rangeAt, scalarSpan, scalarText } from './yamlText';
import type { YamlTree } from './yamlTree';

/** One parsed compose file. */
export interface ComposeSource {
  file: string;
  uri: string;
  text: string;
  lines: LineIndex;
  /** How labels name it. */
  shown: string;
  tree: YamlTree;
}

/** A path or name as written: its text and the file it is written in (a relative path is from that file's folder). */
export interface WrittenField {
  written: string;
  src: ComposeSource;
}

/** A build argument as written: its value (undefined: taken from the environment), node and where the value starts in it. */
export interface WrittenArg {
  written?: string;
  node?: Node;
  from: number;
  src: ComposeSource;
}

/** `null`: present but not a text we can use (a map, a sequence). */
export interface BuildSpec {
  context?: WrittenField | null;
  dockerfile?: WrittenField | null;
  target?: WrittenField | null;
  /** `platforms`, as written (null: not a list of texts). */
  platforms?: string[] | null;
  /** `dockerfile_inline`: the Dockerfile is in the compose file, none of the workspace. */
  inline?: boolean;
  args: Map<string, WrittenArg>;
  /** `args: !override {…}` or `!reset`: the args replace what is under them instead of merging. */
  argsReplace?: boolean;
  /** Keys written `!reset`: they remove what is under them. */
  reset: Set<string>;
  /** `build: !override`: replaces the build under it. */
  replace?: boolean;
}

const tagOf = (node: unknown): string | undefined => (node && typeof node === 'object' && 'tag' in node ? (node as { tag?: string }).tag : undefined);

function field(tree: YamlTree, node: unknown, src: ComposeSource): WrittenField | null {
  const written = tree.text(node);
  return written === undefined ? null : { written, src };
}

export const isReset = (node: unknown): boolean => tagOf(node) === '!reset';

/** The `build` of a service in one file, or undefined when it has none. */
export function readBuild(tree: YamlTree, node: unknown, src: ComposeSource): BuildSpec | undefined {
  const build = tree.deref(node);
  if (build === undefined || build === null || isReset(build)) return undefined;
  const spec: BuildSpec = { args: new Map(), reset: new Set(), replace: tagOf(build) === '!override' };
  if (isScalar(build)) {
    spec.context = field(tree, build, src);
    return spec;
  }
  if (!isMap(build)) return { ...spec, context: null };
  for (const e of tree.entries(build)) {
    if (isReset(e.value)) {
      spec.reset.add(e.name);
      continue;
    }
    if (e.name === 'context') spec.context = field(tree, e.value, src);
    else if (e.name === 'dockerfile') spec.dockerfile = field(tree, e.value, src);
    else if (e.name === 'target') spec.target = field(tree, e.value, src);
    else if (e.name === 'platforms') {
      const list = tree.deref(e.value);
      const items = isSeq(list) ? tree.items(list).map((i) => scalarText(i)) : [];
      spec.platforms = items.length > 0 && items.every((p): p is string => p !== undefined) ? items : null;
    } else if (e.name === 'dockerfile_inline') spec.inline = true;
    else if (e.name === 'args') {
      spec.argsReplace = tagOf(e.value) === '!override';
      readArgs(tree, e.value, src, spec.args);
    }
  }
  return spec;
}

function readArgs(tree: YamlTree, node: unknown, src: ComposeSource, into: Map<string, WrittenArg>): void {
  const args = tree.deref(node);
  if (isMap(args)) {
    for (const e of tree.entries(args)) {
      const valueNode = isScalar(e.value) ? e.value : undefined;
      // No value: compose takes it from the environment it runs in.
      into.set(e.name, valueNode ? { written: scalarText(valueNode), node: valueNode, from: 0, src } : { node: e.key, from: Number.MAX_SAFE_INTEGER, src });
    }
  } else if (isSeq(args)) {
    for (const item of tree.items(args)) {
      const entry = scalarText(item);
      if (!entry) continue;
      const eq = entry.indexOf('=');
      const name = eq < 0 ? entry : entry.slice(0, eq);
      if (!name) continue;
      if (eq < 0) {
        into.set(name, { node: item as Node, from: Number.MAX_SAFE_INTEGER, src });
        continue;
      }
      // The value's place: after the `=` as written (a quoted item has its quote before the name).
      const span = scalarSpan(src.text, item as Node);
      const writtenEq = span ? src.text.slice(span.start, span.end).indexOf('=') : eq;
      into.set(name, { written: entry.slice(eq + 1), node: item as Node, from: writtenEq + 1, src });
    }
  }
}

/** `over` written on top of `under` (an override file over the base, a service over the one it extends). */
export function mergeBuild(under: BuildSpec | undefined, over: BuildSpec | undefined): BuildSpec | undefined {
  if (!under || over?.replace) return over;
  if (!over) return under;
  const keep = <K extends 'context' | 'dockerfile' | 'target' | 'platforms'>(k: K) =>
    over[k] !== undefined ? over[k] : over.reset.has(k) ? undefined : under[k];
  const args = over.argsReplace || over.reset.has('args') ? new Map(over.args) : new Map([...under.args, ...over.args]);
  return {
    context: keep('context'),
    dockerfile: keep('dockerfile'),
    target: keep('target'),
    platforms: keep('platforms'),
    inline: over.inline || (under.inline && !over.reset.has('dockerfile_inline')),
    args,
    reset: new Set(),
  };
}

/** The values of a build's args, interpolated with compose's variables, each with its place. */
export function argValues(args: ReadonlyMap<string, WrittenArg>, env: ReadonlyMap<string, string>): Record<string, BuildArgValue> {
  const out: Record<string, BuildArgValue> = {};
  for (const [name, a] of args) {
    const span = scalarSpan(a.src.text, a.node);
    const at = span ? { uri: a.src.uri, range: rangeAt(a.src.lines, Math.min(span.start + a.from, span.end), span.end) } : undefined;
    const value = a.written === undefined ? undefined : interpolate(a.written, env);
    out[name] = { value: value ?? a.written ?? '', known: value !== undefined, ...(at ? { at } : {}) };
  }
  return out;
}
