// GitLab CI (`.gitlab-ci.yml`): `docker build` lines in each job's `before_script` (its own, else `default:`'s) and
// `script`, run in one shell from the repository's root, after `include: local` files and `extends` are merged as
// GitLab merges them (gitlabConfig.ts). `$VAR` takes a literal value of the job's or the file's `variables`, placed
// where that value is written; a variable the script sets itself, a predefined one or any other is unknown.
import * as path from 'node:path';
import type { BuildInvocation, WrittenAt } from '../core/buildArgs';
import { commandInvocation, dockerBuildCommands, type ResolveWord } from './dockerBuildCommand';
import { ciSource, get, itemsOf, loadCiConfig, resolveExtends, textOf, type CiSource, type CiValue } from './gitlabConfig';
import { assignedNames } from './shellAssigned';
import { rangeAt, scalarMapped, scalarSpan, scalarText } from './yamlText';
import { soleVariable } from '../syntax/dockerWords';

const NOT_JOBS = new Set([
  'stages',
  'types',
  'variables',
  'default',
  'include',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'spec',
]);
const VARIABLE = /\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/g;

interface Variable {
  value: string;
  at?: WrittenAt;
}

/** Literal values of a `variables:` hash (`NAME: value` or `NAME: {value: …}`), each with where it is written. */
function literalVariables(v: CiValue | undefined, into: Map<string, Variable>, only?: (name: string, src: CiSource) => boolean): void {
  if (!v || !('map' in v)) return;
  for (const [name, entry] of v.map) {
    const valueOf = 'map' in entry ? get(entry, 'value') : entry;
    const value = textOf(valueOf);
    if (!valueOf || !('node' in valueOf) || value === undefined || (only && !only(name, valueOf.src))) {
      into.delete(name);
      continue;
    }
    // A value with `$` is expanded by GitLab and again by the shell: not a value we know.
    if (/[$`]/.test(value)) {
      into.delete(name);
      continue;
    }
    const span = scalarSpan(valueOf.src.text, valueOf.node);
    into.set(name, { value, ...(span ? { at: { uri: valueOf.src.uri, range: rangeAt(valueOf.src.lines, span.start, span.end) } } : {}) });
  }
}

/** `inherit: {default|variables: false | [names]}`: whether the job takes this key of `default:` or this global variable. */
function inherits(job: CiValue, kind: 'default' | 'variables', name: string): boolean {
  const v = get(get(job, 'inherit'), kind);
  if (!v) return true;
  const text = textOf(v);
  if (text === 'false') return false;
  if (text === 'true') return true;
  return itemsOf(v).some((i) => i.src.tree.text(i.node) === name);
}

/** Lines of a job's scripts, nested lists included: past this, aliases of aliases make a small file a huge script. */
const MAX_SCRIPT_LINES = 2000;

/** Script lines of a `script:` value (a string, or a list of strings and nested lists), each with its file. */
function scriptLines(
  v: CiValue | undefined,
  out: { node: unknown; src: CiSource }[] = [],
  budget = { left: MAX_SCRIPT_LINES },
): { node: unknown; src: CiSource }[] {
  for (const item of itemsOf(v)) {
    if (--budget.left < 0) break;
    const nested = item.src.tree.items(item.node);
    if (nested.length) for (const node of nested) scriptLines({ node: node as never, src: item.src }, out, budget);
    else if (typeof scalarText(item.node) === 'string') out.push(item);
  }
  return out;
}

/**
 * The builds a GitLab CI file runs. `read` gives a workspace file's text (for `include: local`); `root` is the
 * repository's folder.
 */
export function gitlabInvocations(
  file: string,
  text: string,
  shown: string,
  read: (p: string) => string | undefined = () => undefined,
  root = path.dirname(file),
): BuildInvocation[] {
  const main = ciSource(file, text);
  const config = main && loadCiConfig(main, root, read);
  if (!config || !('map' in config.top)) return [];
  const { top, incomplete } = config;
  // With an include that cannot be read, a variable is known only where the file itself writes it (it wins over any include).
  const trusted = incomplete ? (_name: string, src: CiSource) => src === main : undefined;
  const out: BuildInvocation[] = [];
  for (const [name, value] of top.map) {
    // Hidden jobs (`.template`) run only through `extends`, which the jobs that use them repeat here.
    if (NOT_JOBS.has(name) || name.startsWith('.') || !('map' in value)) continue;
    // A job extending what cannot be found may take its script and variables from it.
    const job = resolveExtends(top, name);
    if (!job) continue;
    const vars = new Map<string, Variable>();
    literalVariables(get(top, 'variables'), vars, (n, src) => inherits(job, 'variables', n) && (trusted?.(n, src) ?? true));
    literalVariables(get(job, 'variables'), vars, trusted);
    const before = get(job, 'before_script') ?? (inherits(job, 'default', 'before_script') ? get(get(top, 'default'), 'before_script') : undefined);
    const lines = [...scriptLines(before), ...scriptLines(get(job, 'script'))];
    const assigned = assignedNames(lines.map((l) => scalarText(l.node)!));
    const known = (n: string) => (assigned === 'all' || assigned.has(n) ? undefined : vars.get(n));
    const expand = (w: string, extra: (n: string) => string | undefined = () => undefined) => {
      const v = w.replace(VARIABLE, (all, a?: string, b?: string) => extra((a ?? b)!) ?? known((a ?? b)!)?.value ?? all);
      return /[$`]/.test(v) ? undefined : v;
    };
    const resolve: ResolveWord = (w) => expand(w);
    // The job runs in a clone of the repository at $CI_PROJECT_DIR.
    const resolvePath: ResolveWord = (w) => expand(w, (n) => (n === 'CI_PROJECT_DIR' && !known(n) ? root : undefined));
    const placeOf = (w: string) => {
      const name = soleVariable(w);
      return name ? known(name)?.at : undefined;
    };
    const folder = { dir: root as string | null };
    for (const line of lines) {
      const script = scalarText(line.node)!;
      const { src } = line;
      const mapped = scalarMapped(src.text, line.node as never, script);
      // Every line runs in the same shell: a `cd` stays for the lines after it, a build elsewhere is left alone.
      if (!/\b(build|cd|pushd|popd)\b/.test(script)) continue;
      for (const cmd of dockerBuildCommands(mapped, { resolve, resolvePath, placeOf, folder }, src.uri, src.lines)) {
        const inv = commandInvocation(cmd, root, 'gitlab', `${shown} job ${name}`, main!.uri);
        if (inv) out.push(inv);
      }
    }
  }
  return out;
}
