// GitHub Actions workflows: `docker/build-push-action` steps (`context`, `file`, `target`, `build-args`) and
// `docker build` lines in `run:` steps, once per combination of the job's matrix. `${{ matrix.… }}` takes the
// combination's value; any other expression (secrets, step outputs) is unknown.
import * as path from 'node:path';
import { isMap, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { BuildArgValue, BuildInvocation } from '../core/buildArgs';
import { LineIndex } from '../core/text';
import { commandInvocation, dockerBuildCommands } from './dockerBuildCommand';
import { fileUri } from './paths';
import { parseYaml, plain, rangeAt, scalarMapped, scalarText } from './yamlText';

type Combination = Record<string, unknown>;
const MAX_COMBINATIONS = 32;
const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;

/** The job's matrix combinations (one empty combination without a matrix). */
function combinations(job: YAMLMap): Combination[] {
  const matrix = plain(job.getIn(['strategy', 'matrix'], true));
  if (!matrix || typeof matrix !== 'object' || Array.isArray(matrix)) return [{}];
  let combos: Combination[] = [{}];
  for (const [key, values] of Object.entries(matrix as Record<string, unknown>)) {
    if (key === 'include' || key === 'exclude' || !Array.isArray(values)) continue;
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v }))).slice(0, MAX_COMBINATIONS);
  }
  const include = (matrix as Record<string, unknown>).include;
  if (Array.isArray(include) && combos.length === 1 && Object.keys(combos[0]).length === 0) {
    const extra = include.filter((e): e is Combination => !!e && typeof e === 'object');
    if (extra.length) combos = extra.slice(0, MAX_COMBINATIONS);
  }
  return combos;
}

/** Text with its expressions evaluated against a matrix combination; undefined when one cannot be. */
export function evaluateExpressions(written: string, combo: Combination): string | undefined {
  let known = true;
  const value = written.replace(EXPRESSION, (_all, expr: string) => {
    const m = /^matrix((?:\.[\w-]+)+)$/.exec(expr);
    let v: unknown = m ? combo : undefined;
    for (const key of m ? m[1].slice(1).split('.') : []) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    known = false;
    return '';
  });
  return known ? value : undefined;
}

/** The builds a workflow runs. `root` is the repository's folder (where the workflow checks out). */
export function workflowInvocations(file: string, text: string, shown: string, root: string): BuildInvocation[] {
  const doc = parseYaml(text);
  const jobs = doc?.get('jobs', true);
  if (!isMap(jobs)) return [];
  const lines = new LineIndex(text);
  const uri = fileUri(file);
  const out: BuildInvocation[] = [];
  const seen = new Set<string>();
  const add = (inv: BuildInvocation | undefined) => {
    if (!inv) return;
    const key = JSON.stringify([inv.label, inv.dockerfile, inv.context, inv.target, inv.args]);
    if (!seen.has(key)) seen.add(key), out.push(inv);
  };
  const workflowDir = scalarText(doc?.getIn(['defaults', 'run', 'working-directory'], true));
  for (const pair of jobs.items as Pair<unknown, unknown>[]) {
    const jobName = scalarText(pair.key);
    const job = pair.value;
    if (jobName === undefined || !isMap(job)) continue;
    const steps = job.get('steps', true);
    if (!isSeq(steps)) continue;
    const label = `${shown} job ${jobName}`;
    const jobDir = scalarText(job.getIn(['defaults', 'run', 'working-directory'], true)) ?? workflowDir;
    for (const combo of combinations(job)) {
      const evaluate = (w: string) => evaluateExpressions(w, combo);
      for (const step of steps.items) {
        if (!isMap(step)) continue;
        const uses = scalarText(step.get('uses', true));
        if (uses && /^docker\/build-push-action@/i.test(uses)) add(buildPushAction(step.get('with', true), evaluate, { text, lines, uri, root, label }));
        const runNode = step.get('run', true) as Node | undefined;
        const run = scalarText(runNode);
        if (run === undefined || !/\bbuild\b/.test(run)) continue;
        const dir = evaluate(scalarText(step.get('working-directory', true)) ?? jobDir ?? '.');
        if (dir === undefined) continue;
        // Shell variables are unknown; expressions are evaluated before the shell sees the line.
        const resolve = (w: string) => {
          const v = evaluate(w);
          return v === undefined || /[$`]/.test(v) ? undefined : v;
        };
        for (const cmd of dockerBuildCommands(scalarMapped(text, runNode!, run), resolve, uri, lines)) add(commandInvocation(cmd, path.resolve(root, dir), 'workflow', label, uri));
      }
    }
  }
  return out;
}

interface Where {
  text: string;
  lines: LineIndex;
  uri: string;
  root: string;
  label: string;
}

function buildPushAction(withNode: unknown, evaluate: (w: string) => string | undefined, where: Where): BuildInvocation | undefined {
  const input = (name: string) => (isMap(withNode) ? (withNode.get(name, true) as Node | undefined) : undefined);
  const given = (name: string): string | null | undefined => {
    const n = input(name);
    if (n === undefined) return undefined;
    const w = scalarText(n);
    return w === undefined ? null : (evaluate(w) ?? null);
  };
  // Without `context` the action builds the checked-out repository's root (its Git context).
  const contextValue = given('context');
  const fileValue = given('file');
  if (contextValue === null || fileValue === null || (contextValue && /^[a-z][\w+.-]*:\/\//i.test(contextValue))) return undefined;
  const context = path.resolve(where.root, contextValue || '.');
  // `file` is relative to the workflow's working folder, like `docker build -f`.
  const dockerfile = fileValue ? path.resolve(where.root, fileValue) : path.join(context, 'Dockerfile');
  const target = given('target');
  const args: Record<string, BuildArgValue> = {};
  const argsNode = input('build-args');
  const written = scalarText(argsNode);
  if (argsNode && written !== undefined) {
    const mapped = scalarMapped(where.text, argsNode, written);
    let offset = 0;
    for (const line of written.split('\n')) {
      const at = offset;
      offset += line.length + 1;
      const eq = line.indexOf('=');
      const name = line.slice(0, eq < 0 ? undefined : eq).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
      const raw = eq < 0 ? '' : line.slice(eq + 1).trim();
      const valueStart = eq < 0 ? at + line.length : at + line.indexOf(raw, eq + 1);
      const range = rangeAt(where.lines, mapped.docOffset(valueStart), raw ? mapped.docOffset(valueStart + raw.length - 1) + 1 : mapped.docOffset(valueStart));
      const value = eq < 0 ? undefined : evaluate(raw);
      args[name] = { value: value ?? raw, known: value !== undefined, at: { uri: where.uri, range } };
    }
  }
  return { kind: 'workflow', label: where.label, uri: where.uri, dockerfile: fileUri(dockerfile), context: fileUri(context), ...(target ? { target } : {}), args };
}

