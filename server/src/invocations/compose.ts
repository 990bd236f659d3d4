// Compose files: each service's `build` (a context string, or a map with `context`, `dockerfile`, `target` and
// `args` as a map or a `NAME=value` list), with compose's interpolation from the `.env` file next to the file. As
// compose loads them: YAML anchors, aliases and merge keys resolved; a service's `extends` (in the same file or in
// another one) applied in its file; then the project's override file (`compose.override.yaml` …) merged over it.
import * as path from 'node:path';
import type { BuildInvocation } from '../core/buildArgs';
import { LineIndex } from '../core/text';
import { argValues, isReset, mergeBuild, readBuild, type BuildSpec, type ComposeSource } from './composeBuild';
import { interpolate } from './interpolate';
import { pathToUri } from '../core/uri';
import { parseYaml } from './yamlText';
import { YamlTree } from './yamlTree';

/** The names compose looks for in a folder, in its order: the first found is the project's file. */
export const COMPOSE_DEFAULT_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** The override files compose merges over it (the first found). */
export const COMPOSE_OVERRIDE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];
/** Files followed through `extends: {file: …}` from one file: a longer chain is left unread. */
const MAX_EXTENDS_FILES = 4;

export function isComposeName(base: string): boolean {
  return /^(compose\.ya?ml|docker-compose\.ya?ml|docker-compose\.[\w.-]+\.ya?ml|compose\.override\.ya?ml)$/i.test(base);
}

/** Reads the other files a compose project names (override files, `extends` files) and says how labels show them. */
export interface ComposeFiles {
  read(p: string): string | undefined;
  shown(p: string): string;
}

const NO_FILES: ComposeFiles = { read: () => undefined, shown: (p) => path.basename(p) };

function source(file: string, text: string, shown: string): ComposeSource | undefined {
  const doc = parseYaml(text);
  return doc ? { file, uri: pathToUri(file), text, lines: new LineIndex(text), shown, tree: new YamlTree(doc) } : undefined;
}

/** A service as one file gives it: its build with `extends` applied (undefined: none), or `unknown` when it extends what cannot be read. */
type ServiceBuild = { build?: BuildSpec; reset: boolean } | 'unknown';

/** The services of one file, each with its `extends` applied. */
function fileServices(
  src: ComposeSource,
  env: ReadonlyMap<string, string>,
  files: ComposeFiles,
  visited: readonly string[],
  read = new Map<string, Map<string, ServiceBuild> | undefined>(),
): Map<string, ServiceBuild> {
  const { tree } = src;
  const nodes = new Map(tree.entries(tree.get(tree.contents, 'services')).map((e) => [e.name, e.value]));
  const done = new Map<string, ServiceBuild>();
  const resolve = (name: string, stack: Set<string>): ServiceBuild => {
    const known = done.get(name);
    if (known) return known;
    const node = nodes.get(name);
    if (node === undefined || stack.has(name)) return 'unknown';
    const buildNode = tree.get(node, 'build');
    const own = readBuild(tree, buildNode, src);
    const ext = tree.get(node, 'extends');
    let result: ServiceBuild = { build: own, reset: isReset(buildNode) };
    if (ext !== undefined) {
      const base = extended(tree.text(ext) ?? tree.text(tree.get(ext, 'service')), tree.text(tree.get(ext, 'file')), new Set([...stack, name]));
      result = base === 'unknown' ? 'unknown' : { build: mergeBuild(base.build, own), reset: result.reset };
    }
    done.set(name, result);
    return result;
  };
  const extended = (service: string | undefined, fileWritten: string | undefined, stack: Set<string>): ServiceBuild => {
    if (service === undefined) return 'unknown';
    if (fileWritten === undefined) return resolve(service, stack);
    const fileValue = interpolate(fileWritten, env);
    if (fileValue === undefined || visited.length >= MAX_EXTENDS_FILES) return 'unknown';
    const other = path.resolve(path.dirname(src.file), fileValue);
    if (visited.includes(other)) return 'unknown';
    // Each file is read once however many services extend it.
    if (!read.has(other)) {
      const text = files.read(other);
      const otherSrc = text === undefined ? undefined : source(other, text, files.shown(other));
      read.set(other, otherSrc && fileServices(otherSrc, env, files, [...visited, other], read));
    }
    return read.get(other)?.get(service) ?? 'unknown';
  };
  for (const name of nodes.keys()) resolve(name, new Set());
  return done;
}

/**
 * The builds a compose project declares: `file` with the override files compose merges over it, in order. `shown`
 * is how labels name the file; `env` the variables of its `.env`.
 */
export function composeInvocations(
  file: string,
  text: string,
  shown: string,
  env: ReadonlyMap<string, string>,
  files: ComposeFiles = NO_FILES,
  overrides: readonly string[] = [],
): BuildInvocation[] {
  const first = source(file, text, shown);
  if (!first) return [];
  const project = [first];
  for (const o of overrides) {
    const t = files.read(o);
    const s = t === undefined ? undefined : source(o, t, files.shown(o));
    if (s) project.push(s);
  }
  const merged = new Map<string, { build?: BuildSpec; unknown: boolean; in: ComposeSource[] }>();
  for (const src of project) {
    for (const [name, got] of fileServices(src, env, files, [src.file])) {
      const entry = merged.get(name) ?? merged.set(name, { unknown: false, in: [] }).get(name)!;
      // Labels name the files that say something about the service's build.
      if (entry.in.length === 0 || got === 'unknown' || got.build || got.reset) entry.in.push(src);
      if (got === 'unknown') entry.unknown = true;
      else entry.build = got.reset ? got.build : mergeBuild(entry.build, got.build);
    }
  }
  const out: BuildInvocation[] = [];
  for (const [name, { build, unknown, in: where }] of merged) {
    // A service that extends what cannot be read may take any build argument from it: no build we can tell.
    if (unknown || !build || build.inline || build.context === null || build.dockerfile === null) continue;
    const contextValue = build.context ? interpolate(build.context.written, env) : '.';
    const dockerfileValue = build.dockerfile ? interpolate(build.dockerfile.written, env) : 'Dockerfile';
    // A remote context (a Git URL) or one we cannot know builds no file we can see.
    if (contextValue === undefined || dockerfileValue === undefined || /^[a-z][\w+.-]*:\/\/|^git@/i.test(contextValue)) continue;
    // A relative path is from the file it is written in (compose rebases an extended file's paths to its folder).
    const context = path.resolve(path.dirname(build.context?.src.file ?? file), contextValue);
    const target = build.target ? interpolate(build.target.written, env) : undefined;
    const platforms = build.platforms?.map((p) => interpolate(p, env));
    out.push({
      kind: 'compose',
      label: `${where.map((s) => s.shown).join(' + ')} service ${name}`,
      uri: where[0].uri,
      dockerfile: pathToUri(path.resolve(context, dockerfileValue)),
      context: pathToUri(context),
      ...(target ? { target } : {}),
      ...(platforms && platforms.every((p): p is string => p !== undefined) ? { platforms } : {}),
      args: argValues(build.args, env),
    });
  }
  return out;
}

/**
 * The files compose reads together when run in this file's folder without `-f`, if this file starts them: the
 * first of the default names found there, with the first override file found. An override file alone is read
 * with its project's file; any other compose file (`docker-compose.prod.yml`, run with `-f`) alone.
 */
export function composeProjectFiles(file: string, exists: (p: string) => boolean): { overrides: string[] } | undefined {
  const dir = path.dirname(file);
  const base = path.basename(file);
  // Each name joined only when the one before it is not there: this is asked of every compose file of a workspace.
  const firstFound = (names: string[], found: (p: string) => boolean) => {
    for (const n of names) {
      const p = path.join(dir, n);
      if (found(p)) return p;
    }
    return undefined;
  };
  const project = firstFound(COMPOSE_DEFAULT_NAMES, (p) => p === file || exists(p));
  if (COMPOSE_OVERRIDE_NAMES.includes(base)) return project ? undefined : { overrides: [] };
  if (project !== file) return { overrides: [] };
  const override = firstFound(COMPOSE_OVERRIDE_NAMES, exists);
  return { overrides: override ? [override] : [] };
}

/** Text from which compose may make a path that is not written out: interpolation, a YAML escape, another file's service. */
const MAY_MAKE_PATH = /[$\\]|extends/;

/**
 * Whether the compose project this file starts may build `dockerfilePath`; false only where its texts show it cannot.
 * A build names its context and Dockerfile by paths written out, relative to the file's folder or absolute: a
 * Dockerfile outside that folder is reached only through the folder that holds it, whose name is then written.
 */
export function composeMayBuild(file: string, text: string, dockerfilePath: string, read: (p: string) => string | undefined): boolean {
  const dir = path.dirname(dockerfilePath);
  const folder = path.basename(dir);
  const mayName = (t: string) => MAY_MAKE_PATH.test(t) || t.includes(folder);
  if (mayName(text) || isWithin(path.dirname(file), dir)) return true;
  // Only a project's own file is read with override files (composeProjectFiles): their texts may name it too.
  if (!COMPOSE_DEFAULT_NAMES.includes(path.basename(file))) return false;
  const project = composeProjectFiles(file, (p) => read(p) !== undefined);
  return (
    !!project &&
    project.overrides.some((o) => {
      const t = read(o);
      return t !== undefined && mayName(t);
    })
  );
}

/** Whether `p` is `dir` or inside it. */
function isWithin(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
