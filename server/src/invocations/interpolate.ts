// Compose's variable interpolation (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`, `${VAR:?err}`,
// `$VAR`, `$$`) and the `.env` file it takes values from. A variable neither the file nor a default sets comes from
// the environment of whoever runs compose: the value is unknown.

/** The interpolated text, or undefined when it depends on a variable we cannot know. */
export function interpolate(written: string, vars: ReadonlyMap<string, string>, depth = 0): string | undefined {
  return expand(written, vars, depth, false);
}

/** Bake's (HCL's) template interpolation: only `${NAME}`, with `$${` for a literal `${`; a bare `$NAME` is text. */
export function interpolateBraced(written: string, vars: ReadonlyMap<string, string>): string | undefined {
  return expand(written, vars, 0, true);
}

function expand(written: string, vars: ReadonlyMap<string, string>, depth: number, bracesOnly: boolean): string | undefined {
  if (depth > 8) return undefined;
  let out = '';
  for (let i = 0; i < written.length; i++) {
    const c = written[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = written[i + 1];
    if (bracesOnly && next === '$' && written[i + 2] === '{') {
      out += '$';
      i++;
      continue;
    }
    if (next === '$' && !bracesOnly) {
      out += '$';
      i++;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(written, i + 1);
      if (close < 0) return undefined;
      const value = expandBraced(written.slice(i + 2, close), vars, depth);
      if (value === undefined) return undefined;
      out += value;
      i = close;
      continue;
    }
    const name = bracesOnly ? undefined : /^[A-Za-z_][A-Za-z0-9_]*/.exec(written.slice(i + 1))?.[0];
    if (!name) {
      out += c;
      continue;
    }
    const value = vars.get(name);
    if (value === undefined) return undefined;
    out += value;
    i += name.length;
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

function expandBraced(body: string, vars: ReadonlyMap<string, string>, depth: number): string | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-+?])([\s\S]*))?$/.exec(body);
  if (!m) return undefined;
  const [, name, colon, op, word] = m;
  const value = vars.get(name);
  const set = colon ? value !== undefined && value !== '' : value !== undefined;
  if (!op) return value;
  if (op === '-') return set ? value : interpolate(word, vars, depth + 1);
  if (op === '+') return set ? interpolate(word, vars, depth + 1) : value === undefined ? undefined : '';
  return set ? value : undefined;
}

/** `NAME=value` lines of a `.env` file (`export`, quotes and comments as compose reads them). */
export function parseDotEnv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) continue;
    let value = m[2];
    const q = value[0];
    if ((q === '"' || q === "'") && value.indexOf(q, 1) > 0) {
      value = value.slice(1, value.indexOf(q, 1));
      if (q === '"') value = value.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    } else value = value.replace(/\s+#.*$/, '').trim();
    vars.set(m[1], value);
  }
  return vars;
}
