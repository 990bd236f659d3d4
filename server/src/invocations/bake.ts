// docker-bake.json: `target` blocks (`context`, `dockerfile`, `target`, `args`, `inherits`) with `${VAR}` taken from
// the defaults of `variable` blocks. Read with the YAML parser (JSON is YAML) for the values' places.
import { isMap, isSeq, type Node, type Pair } from 'yaml';
import type { BuildArgValue, BuildInvocation } from '../core/buildArgs';
import { LineIndex } from '../core/text';
import { bakeInvocations, type BakeTargetBlock, type Evaluated } from './bakeTargets';
import { interpolateBraced as interpolate } from './interpolate';
import { pathToUri } from '../core/uri';
import { parseYaml, rangeAt, scalarSpan, scalarText } from './yamlText';

export function bakeJsonInvocations(file: string, text: string, shown: string): BuildInvocation[] {
  const doc = parseYaml(text);
  const targets = doc?.get('target', true);
  if (!isMap(targets)) return [];
  const lines = new LineIndex(text);
  const uri = pathToUri(file);
  const vars = new Map<string, string>();
  const variables = doc?.get('variable', true);
  if (isMap(variables)) {
    for (const pair of variables.items as Pair<unknown, unknown>[]) {
      const name = scalarText(pair.key);
      const value = isMap(pair.value) ? scalarText(pair.value.get('default', true)) : undefined;
      if (name && value !== undefined) vars.set(name, value);
    }
  }
  const blocks: BakeTargetBlock[] = [];
  for (const pair of targets.items as Pair<unknown, unknown>[]) {
    const name = scalarText(pair.key);
    const block = pair.value;
    if (!name || !isMap(block)) continue;
    const scope = matrixScope(block.get('matrix', true), vars);
    const attribute = (key: string): Evaluated | undefined => {
      const node = block.get(key, true);
      if (node === undefined) return undefined;
      const written = scalarText(node);
      return { value: written === undefined ? undefined : interpolate(written, scope) };
    };
    const inherits = block.get('inherits', true);
    const args: Record<string, BuildArgValue> = {};
    const argsMap = block.get('args', true);
    if (isMap(argsMap)) {
      for (const arg of argsMap.items as Pair<unknown, unknown>[]) {
        const argName = scalarText(arg.key);
        if (!argName) continue;
        const written = scalarText(arg.value);
        const span = scalarSpan(text, (arg.value ?? arg.key) as Node);
        const value = written === undefined ? undefined : interpolate(written, scope);
        args[argName] = {
          value: value ?? written ?? '',
          known: value !== undefined,
          ...(span ? { at: { uri, range: rangeAt(lines, span.start, span.end) } } : {}),
        };
      }
    }
    blocks.push({
      name,
      context: attribute('context'),
      dockerfile: attribute('dockerfile'),
      target: attribute('target'),
      ...(block.has('platforms') ? { platforms: { value: jsonPlatforms(block.get('platforms', true), scope) } } : {}),
      ...(block.has('dockerfile-inline') ? { inline: true } : {}),
      inherits: isSeq(inherits) ? inherits.items.map(scalarText).filter((p): p is string => !!p) : [],
      args,
    });
  }
  return bakeInvocations(file, shown, blocks);
}

/** A `matrix` target builds once per combination: the names the matrix sets have no single value. */
function matrixScope(matrix: unknown, vars: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  if (matrix === undefined) return vars;
  if (!isMap(matrix)) return new Map();
  const scope = new Map(vars);
  for (const pair of matrix.items as Pair<unknown, unknown>[]) scope.delete(scalarText(pair.key) ?? '');
  return scope;
}

/** `"platforms": ["linux/amd64", "linux/arm64"]`, each item interpolated; undefined when one cannot be known. */
function jsonPlatforms(node: unknown, scope: Parameters<typeof interpolate>[1]): string[] | undefined {
  if (!isSeq(node)) return undefined;
  const out: string[] = [];
  for (const item of node.items) {
    const written = scalarText(item);
    const value = written === undefined ? undefined : interpolate(written, scope);
    if (value === undefined) return undefined;
    out.push(value);
  }
  return out;
}
