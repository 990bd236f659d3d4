// Compose files: each service's `build` (a context string, or a map with `context`, `dockerfile`, `target` and
// `args` as a map or a `NAME=value` list), with compose's interpolation from the `.env` file next to the file.
import * as path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { BuildArgValue, BuildInvocation } from '../core/buildArgs';
import { LineIndex } from '../core/text';
import { interpolate } from './interpolate';
import { fileUri } from './paths';
import { parseYaml, rangeAt, scalarSpan, scalarText } from './yamlText';

export function isComposeName(base: string): boolean {
  return /^(compose\.ya?ml|docker-compose\.ya?ml|docker-compose\.[\w.-]+\.ya?ml)$/i.test(base);
}

/**
 * The builds a compose file declares. `shown` is how labels name the file; `env` the variables of its `.env`.
 */
export function composeInvocations(file: string, text: string, shown: string, env: ReadonlyMap<string, string>): BuildInvocation[] {
  const doc = parseYaml(text);
  const services = doc?.get('services', true);
  if (!isMap(services)) return [];
  const lines = new LineIndex(text);
  const uri = fileUri(file);
  const base = path.dirname(file);
  const out: BuildInvocation[] = [];
  for (const pair of services.items as Pair<unknown, unknown>[]) {
    const service = scalarText(pair.key);
    if (service === undefined || !isMap(pair.value)) continue;
    const build: unknown = pair.value.get('build', true);
    let contextWritten: string | undefined;
    let dockerfileWritten = 'Dockerfile';
    let target: string | undefined;
    const args: Record<string, BuildArgValue> = {};
    if (isScalar(build)) contextWritten = scalarText(build);
    else if (isMap(build)) {
      // A Dockerfile written inline is no file of the workspace.
      if (build.has('dockerfile_inline')) continue;
      contextWritten = scalarText(build.get('context', true)) ?? '.';
      const df = build.get('dockerfile', true);
      if (df !== undefined) {
        const written = scalarText(df);
        if (written === undefined) continue;
        dockerfileWritten = written;
      }
      const t = build.get('target', true);
      if (t !== undefined) {
        const written = scalarText(t);
        target = written === undefined ? undefined : interpolate(written, env);
      }
      readArgs(build.get('args', true), text, uri, lines, env, args);
    } else continue;
    if (contextWritten === undefined) continue;
    const contextValue = interpolate(contextWritten, env);
    const dockerfileValue = interpolate(dockerfileWritten, env);
    // A remote context (a Git URL) or one we cannot know builds no file we can see.
    if (contextValue === undefined || dockerfileValue === undefined || /^[a-z][\w+.-]*:\/\/|^git@/i.test(contextValue)) continue;
    const context = path.resolve(base, contextValue);
    out.push({
      kind: 'compose',
      label: `${shown} service ${service}`,
      uri,
      dockerfile: fileUri(path.resolve(context, dockerfileValue)),
      context: fileUri(context),
      ...(target ? { target } : {}),
      args,
    });
  }
  return out;
}

function readArgs(node: unknown, text: string, uri: string, lines: LineIndex, env: ReadonlyMap<string, string>, into: Record<string, BuildArgValue>): void {
  const valueAt = (n: Node | undefined, written: string | undefined, from: number): BuildArgValue => {
    const span = scalarSpan(text, n);
    const at = span ? { uri, range: rangeAt(lines, Math.min(span.start + from, span.end), span.end) } : undefined;
    // No value: compose takes it from the environment it runs in.
    const value = written === undefined ? undefined : interpolate(written, env);
    return { value: value ?? written ?? '', known: value !== undefined, ...(at ? { at } : {}) };
  };
  if (isMap(node)) {
    for (const pair of node.items as Pair<unknown, unknown>[]) {
      const name = scalarText(pair.key);
      if (!name) continue;
      const valueNode = isScalar(pair.value) ? pair.value : undefined;
      into[name] = valueAt(valueNode ?? (pair.key as Node), scalarText(valueNode), valueNode ? 0 : Number.MAX_SAFE_INTEGER);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const entry = scalarText(item);
      if (!entry) continue;
      const eq = entry.indexOf('=');
      const name = eq < 0 ? entry : entry.slice(0, eq);
      if (!name) continue;
      if (eq < 0) {
        into[name] = valueAt(item as Node, undefined, Number.MAX_SAFE_INTEGER);
        continue;
      }
      // The value's place: after the `=` as written (a quoted item has its quote before the name).
      const span = scalarSpan(text, item as Node);
      const writtenEq = span ? text.slice(span.start, span.end).indexOf('=') : eq;
      into[name] = valueAt(item as Node, entry.slice(eq + 1), writtenEq + 1);
    }
  }
}
