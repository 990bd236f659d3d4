// docker-bake.json: `target` blocks (`context`, `dockerfile`, `target`, `args`, `inherits`) with `${VAR}` taken from
// the defaults of `variable` blocks. Read with the YAML parser (JSON is YAML) for the values' places.
// docker-bake.hcl is not read here: no HCL parser small enough for the extension exists, and a hand-written one
// would misread it; buildContexts.ts keeps its line scanner for the HCL targets' contexts.
import * as path from 'node:path';
import { isMap, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { BuildArgValue, BuildInvocation } from '../core/buildArgs';
import { LineIndex } from '../core/text';
import { interpolateBraced as interpolate } from './interpolate';
import { fileUri } from './paths';
import { parseYaml, rangeAt, scalarSpan, scalarText } from './yamlText';

interface Written {
  context?: string;
  dockerfile?: string;
  target?: string;
  args: Record<string, { written?: string; node: Node }>;
}

export function bakeJsonInvocations(file: string, text: string, shown: string): BuildInvocation[] {
  const doc = parseYaml(text);
  const targets = doc?.get('target', true);
  if (!isMap(targets)) return [];
  const lines = new LineIndex(text);
  const uri = fileUri(file);
  const vars = new Map<string, string>();
  const variables = doc?.get('variable', true);
  if (isMap(variables)) {
    for (const pair of variables.items as Pair<unknown, unknown>[]) {
      const name = scalarText(pair.key);
      const value = isMap(pair.value) ? scalarText(pair.value.get('default', true)) : undefined;
      if (name && value !== undefined) vars.set(name, value);
    }
  }
  const blocks = new Map<string, YAMLMap>();
  for (const pair of targets.items as Pair<unknown, unknown>[]) {
    const name = scalarText(pair.key);
    if (name && isMap(pair.value)) blocks.set(name, pair.value);
  }
  // A target's attributes: those it inherits (in order), then its own.
  const resolved = (name: string, visiting: Set<string>): Written => {
    const block = blocks.get(name);
    const out: Written = { args: {} };
    if (!block || visiting.has(name)) return out;
    visiting.add(name);
    const inherits = block.get('inherits', true);
    for (const parent of isSeq(inherits) ? inherits.items : []) {
      const p = scalarText(parent);
      if (!p) continue;
      const got = resolved(p, visiting);
      out.context = got.context ?? out.context;
      out.dockerfile = got.dockerfile ?? out.dockerfile;
      out.target = got.target ?? out.target;
      Object.assign(out.args, got.args);
    }
    visiting.delete(name);
    out.context = scalarText(block.get('context', true)) ?? out.context;
    out.dockerfile = scalarText(block.get('dockerfile', true)) ?? out.dockerfile;
    out.target = scalarText(block.get('target', true)) ?? out.target;
    const args = block.get('args', true);
    if (isMap(args)) {
      for (const pair of args.items as Pair<unknown, unknown>[]) {
        const argName = scalarText(pair.key);
        if (argName) out.args[argName] = { written: scalarText(pair.value), node: (pair.value ?? pair.key) as Node };
      }
    }
    return out;
  };
  const out: BuildInvocation[] = [];
  for (const name of blocks.keys()) {
    const w = resolved(name, new Set());
    const contextValue = interpolate(w.context ?? '.', vars);
    const dockerfileValue = interpolate(w.dockerfile ?? 'Dockerfile', vars);
    if (contextValue === undefined || dockerfileValue === undefined || /^[a-z][\w+.-]*:\/\//i.test(contextValue)) continue;
    const context = path.resolve(path.dirname(file), contextValue);
    const args: Record<string, BuildArgValue> = {};
    for (const [argName, { written, node }] of Object.entries(w.args)) {
      const span = scalarSpan(text, node);
      const value = written === undefined ? undefined : interpolate(written, vars);
      args[argName] = { value: value ?? written ?? '', known: value !== undefined, ...(span ? { at: { uri, range: rangeAt(lines, span.start, span.end) } } : {}) };
    }
    const target = w.target === undefined ? undefined : interpolate(w.target, vars);
    out.push({ kind: 'bake', label: `${shown} target ${name}`, uri, dockerfile: fileUri(path.resolve(context, dockerfileValue)), context: fileUri(context), ...(target ? { target } : {}), args });
  }
  return out;
}
