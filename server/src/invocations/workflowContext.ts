// What a GitHub Actions expression can be known to give in a job: the combinations of its `strategy.matrix` (the
// product of its lists, less `exclude`, with `include` added as GitHub adds it) and the `env` of the workflow, the
// job and the step, each value with where it is written. `${{ secrets.… }}`, step outputs and the like are unknown.
import type { WrittenAt } from '../core/buildArgs';
import type { LineIndex } from '../core/text';
import { rangeAt, scalarSpan } from './yamlText';
import type { YamlTree } from './yamlTree';

/** A matrix value and the node that writes it. */
export interface Cell {
  value: unknown;
  node: unknown;
}
export type Combination = Record<string, Cell>;
const MAX_COMBINATIONS = 32;
const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The job's matrix combinations (one empty combination without a matrix, or with one an expression gives). */
export function combinations(tree: YamlTree, matrixNode: unknown): Combination[] {
  const matrix = tree.entries(matrixNode);
  if (matrix.length === 0) return [{}];
  const cellsOf = (node: unknown): Combination | undefined => {
    const entries = tree.entries(node);
    return entries.length ? Object.fromEntries(entries.map((e) => [e.name, { value: tree.plain(e.value), node: e.value }])) : undefined;
  };
  const listed = (name: string) =>
    tree
      .items(matrix.find((e) => e.name === name)?.value)
      .map(cellsOf)
      .filter((c): c is Combination => !!c);
  const keys = matrix.map((e) => e.name).filter((k) => k !== 'include' && k !== 'exclude');
  let product: Combination[] = keys.length ? [{}] : [];
  for (const e of matrix) {
    if (!keys.includes(e.name)) continue;
    // A list an expression gives (`${{ fromJSON(…) }}`): the key's value is unknown.
    const values = tree.items(e.value);
    if (values.length === 0) continue;
    product = product.flatMap((c) => values.map((node) => ({ ...c, [e.name]: { value: tree.plain(node), node } }))).slice(0, MAX_COMBINATIONS);
  }
  const exclude = listed('exclude');
  product = product.filter((c) => !exclude.some((x) => Object.entries(x).every(([k, cell]) => same(c[k]?.value, cell.value))));
  // An `include` entry extends every combination whose original values it does not change, else it is one more.
  const extra: Combination[] = [];
  for (const entry of listed('include')) {
    let added = false;
    product = product.map((c) => {
      if (!Object.entries(entry).every(([k, cell]) => !keys.includes(k) || same(c[k]?.value, cell.value))) return c;
      added = true;
      return { ...c, ...entry };
    });
    if (!added) extra.push(entry);
  }
  const all = [...product, ...extra].slice(0, MAX_COMBINATIONS);
  return all.length ? all : [{}];
}

/** An `env` value: its text when known, and where it is written. */
export interface EnvValue {
  value?: string;
  at?: WrittenAt;
}

/** The file the nodes are in, for the places of values. */
export interface Where {
  text: string;
  lines: LineIndex;
  uri: string;
  tree: YamlTree;
}

export interface ExpressionContext {
  matrix: Combination;
  env?: ReadonlyMap<string, EnvValue>;
  /** The checked-out repository's folder, for `${{ github.workspace }}` in paths. */
  workspace?: string;
}

function placeOfNode(where: Where, node: unknown): WrittenAt | undefined {
  const span = scalarSpan(where.text, node as never);
  return span ? { uri: where.uri, range: rangeAt(where.lines, span.start, span.end) } : undefined;
}

function contextValue(expr: string, ctx: ExpressionContext, where: Where): { value?: unknown; at?: WrittenAt } | undefined {
  const m = /^(matrix|env|github)((?:\.[\w-]+)+)$/.exec(expr);
  if (!m) return undefined;
  const keys = m[2].slice(1).split('.');
  if (m[1] === 'env') return keys.length === 1 ? ctx.env?.get(keys[0]) : undefined;
  if (m[1] === 'github') return keys.length === 1 && keys[0] === 'workspace' ? { value: ctx.workspace } : undefined;
  const cell = ctx.matrix[keys[0]];
  if (!cell) return undefined;
  let { value, node } = cell;
  for (const key of keys.slice(1)) {
    value = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
    node = where.tree.get(node, key);
  }
  return { value, at: placeOfNode(where, node) };
}

/** Text with its expressions evaluated; undefined when one cannot be. */
export function evaluateExpressions(written: string, ctx: ExpressionContext, where: Where): string | undefined {
  let known = true;
  const value = written.replace(EXPRESSION, (_all, expr: string) => {
    const v = contextValue(expr, ctx, where)?.value;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    known = false;
    return '';
  });
  return known ? value : undefined;
}

/** Where the value of a text that is one expression alone (`${{ matrix.proxy }}`, `${{ env.GOPROXY }}`) is written. */
export function expressionPlace(written: string, ctx: ExpressionContext, where: Where): WrittenAt | undefined {
  const m = /^\$\{\{\s*([^}]*?)\s*\}\}$/.exec(written);
  return m ? contextValue(m[1], ctx, where)?.at : undefined;
}

/** An `env:` map over the layer under it: each value evaluated (`${{ matrix.x }}` in a job's env) and placed. */
export function envLayer(node: unknown, under: ReadonlyMap<string, EnvValue>, ctx: ExpressionContext, where: Where): Map<string, EnvValue> {
  const out = new Map(under);
  for (const e of where.tree.entries(node)) {
    const written = where.tree.text(e.value);
    const inner = { ...ctx, env: under, workspace: undefined };
    const value = written === undefined ? undefined : evaluateExpressions(written, inner, where);
    // A value that is one expression is written where the expression's value is.
    const at = (written !== undefined && expressionPlace(written, inner, where)) || placeOfNode(where, e.value);
    out.set(e.name, { value, at });
  }
  return out;
}
