// Bake's targets, from either form of the file (docker-bake.json, docker-bake.hcl): each reader evaluates what a
// target block writes, and this resolves `inherits` and turns each target into the build it runs.
import * as path from 'node:path';
import type { BuildArgValue, BuildInvocation } from '../core/buildArgs';
import { pathToUri } from '../core/uri';

/** An attribute's value; undefined when it cannot be known where it is written (an unset variable, a function). */
export interface Evaluated {
  value: string | undefined;
}

/** One target block as written, its attributes evaluated. */
export interface BakeTargetBlock {
  name: string;
  context?: Evaluated;
  dockerfile?: Evaluated;
  target?: Evaluated;
  /** `platforms`: the list, undefined when an item cannot be known. */
  platforms?: { value: string[] | undefined };
  /** `dockerfile-inline`: the build reads no Dockerfile of the workspace. */
  inline?: boolean;
  /** Parent targets, in order (later ones win). */
  inherits: string[];
  args: Record<string, BuildArgValue>;
}

interface Resolved {
  context?: Evaluated;
  dockerfile?: Evaluated;
  target?: Evaluated;
  platforms?: { value: string[] | undefined };
  inline?: boolean;
  args: Record<string, BuildArgValue>;
}

/** The builds of a bake file's target blocks (`shown`: how labels name the file). */
export function bakeInvocations(file: string, shown: string, blocks: readonly BakeTargetBlock[]): BuildInvocation[] {
  // Blocks of the same name are one target, later attributes over earlier ones, as bake merges them.
  const byName = new Map<string, BakeTargetBlock[]>();
  for (const b of blocks) byName.set(b.name, [...(byName.get(b.name) ?? []), b]);
  const resolved = (name: string, visiting: Set<string>): Resolved => {
    const out: Resolved = { args: {} };
    const own = byName.get(name);
    if (!own || visiting.has(name)) return out;
    visiting.add(name);
    for (const parent of own.flatMap((b) => b.inherits)) over(out, resolved(parent, visiting));
    visiting.delete(name);
    for (const b of own) over(out, b);
    return out;
  };
  const out: BuildInvocation[] = [];
  const uri = pathToUri(file);
  for (const name of byName.keys()) {
    const t = resolved(name, new Set());
    const contextValue = t.context ? t.context.value : '.';
    const dockerfileValue = t.dockerfile ? t.dockerfile.value : 'Dockerfile';
    // A remote context (a Git URL) or a path we cannot know builds no file we can see.
    if (t.inline || contextValue === undefined || dockerfileValue === undefined || /^[a-z][\w+.-]*:\/\/|^git@/i.test(contextValue)) continue;
    const context = path.resolve(path.dirname(file), contextValue);
    const target = t.target?.value;
    const platforms = t.platforms?.value;
    out.push({
      kind: 'bake',
      label: `${shown} target ${name}`,
      uri,
      dockerfile: pathToUri(path.resolve(context, dockerfileValue)),
      context: pathToUri(context),
      ...(target ? { target } : {}),
      ...(platforms && platforms.length > 0 ? { platforms } : {}),
      args: t.args,
    });
  }
  return out;
}

/** A target's own attributes over those it has so far (an inherited target's, an earlier block's). */
function over(into: Resolved, from: Resolved | BakeTargetBlock): void {
  into.context = from.context ?? into.context;
  into.dockerfile = from.dockerfile ?? into.dockerfile;
  into.target = from.target ?? into.target;
  into.platforms = from.platforms ?? into.platforms;
  into.inline = from.inline ?? (from.dockerfile ? false : into.inline);
  Object.assign(into.args, from.args);
}
