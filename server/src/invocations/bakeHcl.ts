// docker-bake.hcl: `target` blocks (`context`, `dockerfile`, `target`, `args`, `inherits`), read from the HCL syntax
// tree with each value's place. Values are evaluated as far as the file alone tells: strings, `${NAME}` from the
// defaults of `variable` blocks and from top-level attributes. A variable without a default (bake takes it from the
// environment), a function call, a conditional or any other expression cannot be known here.
import type { BuildArgValue, BuildInvocation } from '../core/buildArgs';
import { LineIndex } from '../core/text';
import { bakeInvocations, type BakeTargetBlock, type Evaluated } from './bakeTargets';
import { readHcl, type HclNode } from './hclParser';
import { pathToUri } from '../core/uri';
import { rangeAt } from './yamlText';

type Lookup = (name: string) => string | undefined;

/** The builds a docker-bake.hcl declares; none until the HCL parser is loaded, or when the file does not parse. */
export function bakeHclInvocations(file: string, text: string, shown: string): BuildInvocation[] {
  const blocks = readHcl(text, (root) => targetBlocks(root, text, pathToUri(file)));
  return blocks ? bakeInvocations(file, shown, blocks) : [];
}

function targetBlocks(root: HclNode, text: string, uri: string): BakeTargetBlock[] {
  const body = kids(root).find((n) => n.type === 'body');
  if (!body) return [];
  const variables = new Variables();
  for (const n of kids(body)) {
    if (n.type === 'attribute') variables.define(attributeName(n), attributeValue(n));
    else if (n.type === 'block' && blockType(n) === 'variable') {
      const name = blockLabels(n)[0];
      if (name !== undefined) variables.define(name, blockAttributes(n).get('default'));
    }
  }
  const lines = new LineIndex(text);
  const out: BakeTargetBlock[] = [];
  for (const block of kids(body)) {
    if (block.type !== 'block' || blockType(block) !== 'target') continue;
    const name = blockLabels(block)[0];
    if (!name) continue;
    const attrs = blockAttributes(block);
    const lookup = matrixScope(attrs.get('matrix'), variables.lookup);
    const attribute = (key: string): Evaluated | undefined => {
      const expr = attrs.get(key);
      return expr ? { value: evaluate(expr, lookup) } : undefined;
    };
    const args: Record<string, BuildArgValue> = {};
    for (const [argName, expr] of objectElements(attrs.get('args'), lookup)) {
      const [start, end] = valueSpan(expr);
      const value = evaluate(expr, lookup);
      // `null` passes nothing (the Dockerfile's default stays), and a variable whose default is null passes
      // something only when the environment sets it.
      const written = variables.isNull(expr) ? '' : text.slice(start, end);
      const here = { uri, range: rangeAt(lines, start, end) };
      // `GOPROXY = "${GOPROXY}"`: the value is written at the variable's default; the target passes it here.
      const source = value !== undefined ? variables.defaultOf(soleReference(expr)) : undefined;
      const at = source ? { uri, range: rangeAt(lines, ...valueSpan(source)) } : undefined;
      args[argName] = { value: value ?? written, known: value !== undefined, at: at ?? here, ...(at ? { passedAt: here } : {}) };
    }
    const inherits = attrs.get('inherits');
    out.push({
      name,
      context: attribute('context'),
      dockerfile: attribute('dockerfile'),
      target: attribute('target'),
      ...(attrs.has('platforms') ? { platforms: { value: hclPlatforms(tupleItems(attrs.get('platforms')!).map((item) => evaluate(item, lookup))) } } : {}),
      ...(attrs.has('dockerfile-inline') ? { inline: true } : {}),
      inherits: inherits
        ? tupleItems(inherits)
            .map((item) => evaluate(item, lookup))
            .filter((p): p is string => !!p)
        : [],
      args,
    });
  }
  return out;
}

/** Global values by name, each evaluated when first asked (a default may use another variable). */
class Variables {
  private readonly written = new Map<string, HclNode | undefined>();
  private readonly values = new Map<string, string | undefined>();
  private readonly evaluating = new Set<string>();

  define(name: string | undefined, expr: HclNode | undefined): void {
    if (name) this.written.set(name, expr);
  }

  /** The expression a variable's default is written as (undefined for a name the file does not define). */
  defaultOf(name: string | undefined): HclNode | undefined {
    return name === undefined ? undefined : this.written.get(name);
  }

  /** Whether an expression is `null`, or a variable whose default is. */
  isNull(expr: HclNode, depth = 0): boolean {
    const n = unwrap(expr);
    if (n.type === 'null_lit') return true;
    const written = n.type === 'variable_expr' && depth < 8 ? this.written.get(n.text) : undefined;
    return !!written && this.isNull(written, depth + 1);
  }

  readonly lookup: Lookup = (name) => {
    if (this.values.has(name)) return this.values.get(name);
    const expr = this.written.get(name);
    // A cycle, a variable with no default or a name the file does not define: unknown.
    if (!expr || this.evaluating.has(name)) return undefined;
    this.evaluating.add(name);
    const value = evaluate(expr, this.lookup);
    this.evaluating.delete(name);
    this.values.set(name, value);
    return value;
  };
}

/** A `matrix` target builds once per combination: the names the matrix sets have no single value. */
function matrixScope(matrix: HclNode | undefined, outer: Lookup): Lookup {
  if (!matrix) return outer;
  const object = unwrap(matrix);
  if (object.type !== 'object') return () => undefined;
  const set = new Set([...objectElements(matrix, () => undefined)].map(([name]) => name));
  return (name) => (set.has(name) ? undefined : outer(name));
}

/** The value of an expression as text, or undefined when the file alone cannot tell it. */
function evaluate(expr: HclNode, lookup: Lookup): string | undefined {
  const n = unwrap(expr);
  switch (n.type) {
    case 'string_lit':
    case 'quoted_template':
      return template(n, lookup);
    case 'numeric_lit':
    case 'bool_lit':
      return n.text;
    case 'variable_expr':
      return lookup(n.text);
    default:
      // null, heredocs, functions, conditionals, operators, collections, references to other blocks.
      return undefined;
  }
}

/** A quoted string: its literal parts unescaped and its `${…}` evaluated; template directives are not evaluated. */
function template(n: HclNode, lookup: Lookup): string | undefined {
  let out = '';
  for (const part of kids(n)) {
    if (part.type === 'quoted_template_start' || part.type === 'quoted_template_end') continue;
    if (part.type === 'template_literal') {
      const literal = unescape(part.text);
      if (literal === undefined) return undefined;
      out += literal;
    } else if (part.type === 'template_interpolation') {
      // `${~ … ~}` also trims the text around it.
      const inner = kids(part).filter((k) => k.type !== 'template_interpolation_start' && k.type !== 'template_interpolation_end');
      if (inner.length !== 1 || inner[0].type !== 'expression') return undefined;
      const value = evaluate(inner[0], lookup);
      if (value === undefined) return undefined;
      out += value;
    } else return undefined;
  }
  return out;
}

const ESCAPE = /\\(?:([nrt"\\])|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))|\$\$\{|%%\{|\\/g;
const SIMPLE: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** HCL's escapes in a quoted string (`\n`, `\"`, `\uNNNN`, `$${` for `${`, `%%{` for `%{`); undefined for an invalid one. */
function unescape(literal: string): string | undefined {
  let invalid = false;
  const out = literal.replace(ESCAPE, (m, simple: string | undefined, u4: string | undefined, u8: string | undefined) => {
    if (simple) return SIMPLE[simple];
    const code = u4 ?? u8;
    if (code) {
      const cp = parseInt(code, 16);
      if (cp > 0x10ffff) invalid = true;
      return invalid ? '' : String.fromCodePoint(cp);
    }
    if (m === '\\') invalid = true;
    return m.slice(1);
  });
  return invalid ? undefined : out;
}

/** The variable an expression is exactly (`NAME` or `"${NAME}"`), else undefined. */
function soleReference(expr: HclNode): string | undefined {
  const n = unwrap(expr);
  if (n.type === 'variable_expr') return n.text;
  if (n.type !== 'quoted_template') return undefined;
  const parts = kids(n).filter((k) => k.type !== 'quoted_template_start' && k.type !== 'quoted_template_end');
  if (parts.length !== 1 || parts[0].type !== 'template_interpolation') return undefined;
  const inner = kids(parts[0]).filter((k) => k.type === 'expression');
  if (inner.length !== 1) return undefined;
  const ref = unwrap(inner[0]);
  return ref.type === 'variable_expr' ? ref.text : undefined;
}

/** The offsets of a value as written: a quoted string without its quotes, anything else whole. */
function valueSpan(expr: HclNode): [number, number] {
  const n = unwrap(expr);
  if (n.type === 'string_lit' || n.type === 'quoted_template') {
    const parts = kids(n);
    const open = parts[0];
    const close = parts[parts.length - 1];
    if (open?.type === 'quoted_template_start' && close?.type === 'quoted_template_end') return [open.endIndex, close.startIndex];
  }
  return [expr.startIndex, expr.endIndex];
}

/** The node an expression stands for, through the wrappers the grammar puts around it and parentheses. */
function unwrap(n: HclNode): HclNode {
  for (;;) {
    if (n.type !== 'expression' && n.type !== 'literal_value' && n.type !== 'template_expr' && n.type !== 'collection_value') return n;
    const inner = kids(n);
    if (inner.length !== 1) return n;
    n = inner[0];
  }
}

/** `{ NAME = value, "NAME" = value }`: each element's name (a bare name is literal) and value expression. */
function objectElements(expr: HclNode | undefined, lookup: Lookup): Map<string, HclNode> {
  const out = new Map<string, HclNode>();
  const object = expr && unwrap(expr);
  if (object?.type !== 'object') return out;
  for (const elem of kids(object)) {
    if (elem.type !== 'object_elem') continue;
    const [key, value] = kids(elem);
    if (!key || !value) continue;
    const bare = unwrap(key);
    const name = bare.type === 'variable_expr' ? bare.text : evaluate(key, lookup);
    if (name) out.set(name, value);
  }
  return out;
}

function tupleItems(expr: HclNode): HclNode[] {
  const tuple = unwrap(expr);
  return tuple.type === 'tuple' ? kids(tuple).filter((n) => n.type === 'expression') : [];
}

function blockType(block: HclNode): string | undefined {
  const first = kids(block)[0];
  return first?.type === 'identifier' ? first.text : undefined;
}

/** A block's labels (`target "api"`): quoted or bare. */
function blockLabels(block: HclNode): (string | undefined)[] {
  return kids(block)
    .slice(1)
    .filter((n) => n.type === 'string_lit' || n.type === 'identifier')
    .map((n) => (n.type === 'identifier' ? n.text : template(n, () => undefined)));
}

/** A block's attributes by name (a later one of the same name wins; bake refuses the file anyway). */
function blockAttributes(block: HclNode): Map<string, HclNode> {
  const out = new Map<string, HclNode>();
  const body = kids(block).find((n) => n.type === 'body');
  for (const n of body ? kids(body) : []) {
    const name = n.type === 'attribute' ? attributeName(n) : undefined;
    const value = name && attributeValue(n);
    if (name && value) out.set(name, value);
  }
  return out;
}

function attributeName(attribute: HclNode): string | undefined {
  const first = kids(attribute)[0];
  return first?.type === 'identifier' ? first.text : undefined;
}

function attributeValue(attribute: HclNode): HclNode | undefined {
  return kids(attribute).find((n) => n.type === 'expression');
}

/** Named children, without comments (which may sit anywhere). */
function kids(n: HclNode): HclNode[] {
  return n.namedChildren.filter((c): c is HclNode => !!c && c.type !== 'comment');
}

/** The evaluated items of `platforms = [...]`; undefined when one cannot be known. */
function hclPlatforms(items: (string | undefined)[]): string[] | undefined {
  return items.every((p): p is string => p !== undefined) ? items : undefined;
}
