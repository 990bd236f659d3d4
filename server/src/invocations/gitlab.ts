// GitLab CI (`.gitlab-ci.yml`): `docker build` lines in each job's `before_script` and `script`, run from the
// repository's root. `$VAR` takes a literal value from the job's or the file's `variables`; others are unknown.
import * as path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { BuildInvocation } from '../core/buildArgs';
import { LineIndex } from '../core/text';
import { commandInvocation, dockerBuildCommands, type ResolveWord } from './dockerBuildCommand';
import { fileUri } from './paths';
import { parseYaml, plain, scalarMapped, scalarText } from './yamlText';

const NOT_JOBS = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script']);

function literalVariables(node: unknown, into: Map<string, string>): void {
  const vars = plain(node);
  if (!vars || typeof vars !== 'object') return;
  for (const [name, v] of Object.entries(vars as Record<string, unknown>)) {
    const value = v && typeof v === 'object' ? (v as { value?: unknown }).value : v;
    if ((typeof value === 'string' && !/[$`]/.test(value)) || typeof value === 'number') into.set(name, String(value));
  }
}

/** Script lines of a `script:` value (a string, or a list of strings and nested lists). */
function scriptLines(node: unknown, out: Node[] = []): Node[] {
  if (isScalar(node) && typeof node.value === 'string') out.push(node);
  else if (isSeq(node)) for (const item of node.items) scriptLines(item, out);
  return out;
}

export function gitlabInvocations(file: string, text: string, shown: string): BuildInvocation[] {
  const doc = parseYaml(text);
  const top = doc?.contents;
  if (!isMap(top)) return [];
  const lines = new LineIndex(text);
  const uri = fileUri(file);
  const root = path.dirname(file);
  const globalVars = new Map<string, string>();
  literalVariables(top.get('variables', true), globalVars);
  const out: BuildInvocation[] = [];
  for (const pair of top.items as Pair<unknown, unknown>[]) {
    const job = scalarText(pair.key);
    // Hidden jobs (`.template`) run only through `extends`, which the jobs that use them repeat here.
    if (job === undefined || NOT_JOBS.has(job) || job.startsWith('.') || !isMap(pair.value)) continue;
    const vars = new Map(globalVars);
    literalVariables(pair.value.get('variables', true), vars);
    const resolve: ResolveWord = (w) => {
      const v = w.replace(/\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/g, (all, a?: string, b?: string) => vars.get((a ?? b)!) ?? all);
      return /[$`]/.test(v) ? undefined : v;
    };
    for (const key of ['before_script', 'script']) {
      for (const node of scriptLines(pair.value.get(key, true))) {
        const script = scalarText(node)!;
        if (!/\bbuild\b/.test(script)) continue;
        for (const cmd of dockerBuildCommands(scalarMapped(text, node, script), resolve, uri, lines)) {
          const inv = commandInvocation(cmd, root, 'gitlab', `${shown} job ${job}`, uri);
          if (inv) out.push(inv);
        }
      }
    }
  }
  return out;
}
