// GitHub Actions workflows: `docker/build-push-action` steps (`context`, `file`, `target`, `build-args`) and
// `docker build` lines in `run:` steps (from their `working-directory`, moved by a `cd` before the build), once per
// combination of the job's matrix. `${{ matrix.… }}` takes the combination's value and `${{ env.… }}` / `$NAME` in
// a run line the `env` of the workflow, the job and the step, each placed where its value is written; any other
// expression (secrets, step outputs), a variable the script sets itself or one an earlier step writes to
// `$GITHUB_ENV` is unknown.
import * as path from 'node:path';
import { isMap, type Node } from 'yaml';
import { platformList, type BuildArgValue, type BuildInvocation } from '../core/buildArgs';
import { LineIndex } from '../core/text';
import { commandInvocation, dockerBuildCommands, type ResolveWord } from './dockerBuildCommand';
import { pathToUri } from '../core/uri';
import { assignedNames } from './shellAssigned';
import { combinations, envLayer, evaluateExpressions, expressionPlace, type EnvValue, type ExpressionContext, type Where } from './workflowContext';
import { parseYaml, rangeAt, scalarMapped } from './yamlText';
import { YamlTree } from './yamlTree';
import { soleVariable } from '../syntax/dockerWords';

const SHELL_VARIABLE = /\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/g;

/** Names a run script writes to `$GITHUB_ENV` (for the steps after it); 'all' when it cannot be told which. */
function exportedNames(run: string): Set<string> | 'all' {
  const out = new Set<string>();
  for (const line of run.split('\n')) {
    if (!line.includes('GITHUB_ENV')) continue;
    const m = /\becho\s+["']?([A-Za-z_]\w*)(?:=|<<)/.exec(line);
    if (!m) return 'all';
    out.add(m[1]);
  }
  return out;
}

/** The builds a workflow runs. `root` is the repository's folder (where the workflow checks out). */
export function workflowInvocations(file: string, text: string, shown: string, root: string): BuildInvocation[] {
  const doc = parseYaml(text);
  if (!doc) return [];
  const tree = new YamlTree(doc);
  const top = tree.contents;
  const jobs = tree.entries(tree.get(top, 'jobs'));
  const where: Where = { text, lines: new LineIndex(text), uri: pathToUri(file), tree };
  const out: BuildInvocation[] = [];
  const seen = new Set<string>();
  const add = (inv: BuildInvocation | undefined) => {
    if (!inv) return;
    const key = JSON.stringify([inv.label, inv.dockerfile, inv.context, inv.target, inv.args]);
    if (!seen.has(key)) (seen.add(key), out.push(inv));
  };
  const workflowDir = tree.text(tree.getIn(top, ['defaults', 'run', 'working-directory']));
  // The workflow's env cannot use the matrix.
  const workflowEnv = envLayer(tree.get(top, 'env'), new Map(), { matrix: {} }, where);
  for (const { name: jobName, value: job } of jobs) {
    const steps = tree.items(tree.get(job, 'steps'));
    if (!isMap(job) || steps.length === 0) continue;
    const label = `${shown} job ${jobName}`;
    const jobDir = tree.text(tree.getIn(job, ['defaults', 'run', 'working-directory'])) ?? workflowDir;
    for (const combo of combinations(tree, tree.getIn(job, ['strategy', 'matrix']))) {
      const env = envLayer(tree.get(job, 'env'), workflowEnv, { matrix: combo }, where);
      let exported: Set<string> | 'all' = new Set();
      for (const step of steps) {
        if (!isMap(step)) continue;
        const stepEnv = envLayer(tree.get(step, 'env'), env, { matrix: combo }, where);
        // What an earlier step wrote to $GITHUB_ENV is the value now.
        for (const [name, v] of stepEnv) if (exported === 'all' || exported.has(name)) stepEnv.set(name, { at: v.at });
        const ctx: ExpressionContext = { matrix: combo, env: stepEnv, workspace: root };
        const valueCtx: ExpressionContext = { ...ctx, workspace: undefined };
        const uses = tree.text(tree.get(step, 'uses'));
        if (uses && /^docker\/build-push-action@/i.test(uses)) add(buildPushAction(tree.get(step, 'with'), ctx, valueCtx, where, root, label));
        const runNode = tree.get(step, 'run') as Node | undefined;
        const run = tree.text(runNode);
        if (run === undefined) continue;
        const wrote = exportedNames(run);
        if (/\bbuild\b/.test(run)) {
          const dir = evaluateExpressions(tree.text(tree.get(step, 'working-directory')) ?? jobDir ?? '.', ctx, where);
          if (dir !== undefined) {
            for (const cmd of dockerBuildCommands(
              scalarMapped(text, runNode!, run),
              runReading(run, stepEnv, ctx, valueCtx, where, root, dir),
              where.uri,
              where.lines,
            )) {
              add(commandInvocation(cmd, root, 'workflow', label, where.uri));
            }
          }
        }
        exported = exported === 'all' || wrote === 'all' ? 'all' : new Set([...exported, ...wrote]);
      }
    }
  }
  return out;
}

/** How a run script's words are read: expressions first, then the shell's `$NAME` from the step's env. */
function runReading(
  run: string,
  env: ReadonlyMap<string, EnvValue>,
  ctx: ExpressionContext,
  valueCtx: ExpressionContext,
  where: Where,
  root: string,
  dir: string,
) {
  const assigned = assignedNames([run]);
  const shell = (n: string) => (assigned === 'all' || assigned.has(n) ? undefined : env.get(n));
  const expand = (w: string, c: ExpressionContext, extra: (n: string) => string | undefined = () => undefined): string | undefined => {
    const evaluated = evaluateExpressions(w, c, where);
    if (evaluated === undefined) return undefined;
    const v = evaluated.replace(SHELL_VARIABLE, (all, a?: string, b?: string) => extra((a ?? b)!) ?? shell((a ?? b)!)?.value ?? all);
    return /[$`]/.test(v) ? undefined : v;
  };
  const resolve: ResolveWord = (w) => expand(w, valueCtx);
  // The job runs in the checked-out repository, $GITHUB_WORKSPACE.
  const resolvePath: ResolveWord = (w) => expand(w, ctx, (n) => (n === 'GITHUB_WORKSPACE' && !shell(n) ? root : undefined));
  const placeOf = (w: string) => {
    const name = soleVariable(w);
    return name ? shell(name)?.at : expressionPlace(w, valueCtx, where);
  };
  return { resolve, resolvePath, placeOf, folder: { dir: path.resolve(root, dir) as string | null } };
}

function buildPushAction(
  withNode: unknown,
  ctx: ExpressionContext,
  valueCtx: ExpressionContext,
  where: Where,
  root: string,
  label: string,
): BuildInvocation | undefined {
  const { tree } = where;
  const given = (name: string): string | null | undefined => {
    if (!tree.has(withNode, name)) return undefined;
    const w = tree.text(tree.get(withNode, name));
    return w === undefined ? null : (evaluateExpressions(w, ctx, where) ?? null);
  };
  // Without `context` the action builds the checked-out repository's root (its Git context).
  const contextValue = given('context');
  const fileValue = given('file');
  if (contextValue === null || fileValue === null || (contextValue && /^[a-z][\w+.-]*:\/\//i.test(contextValue))) return undefined;
  const context = path.resolve(root, contextValue || '.');
  // `file` is relative to the workflow's working folder, like `docker build -f`.
  const dockerfile = fileValue ? path.resolve(root, fileValue) : path.join(context, 'Dockerfile');
  const target = given('target');
  const args: Record<string, BuildArgValue> = {};
  const argsNode = tree.get(withNode, 'build-args') as Node | undefined;
  const written = tree.text(argsNode);
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
      const value = eq < 0 ? undefined : evaluateExpressions(raw, valueCtx, where);
      const place = value === undefined ? undefined : expressionPlace(raw, valueCtx, where);
      args[name] = { value: value ?? raw, known: value !== undefined, at: place ?? { uri: where.uri, range } };
    }
  }
  const platforms = platformList(given('platforms') ?? undefined);
  return {
    kind: 'workflow',
    label,
    uri: where.uri,
    dockerfile: pathToUri(dockerfile),
    context: pathToUri(context),
    ...(target ? { target } : {}),
    ...(platforms ? { platforms } : {}),
    args,
  };
}
