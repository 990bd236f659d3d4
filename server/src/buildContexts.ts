// The Docker build context of a Dockerfile: its own folder, unless a compose file or a bake file in the
// workspace builds it with another `context`. Read with small line scanners (the shapes compose and bake
// files use for `build:`), not a YAML/HCL parser: we only need context/dockerfile pairs.
import * as path from 'node:path';

interface FileReader {
  read(p: string): string | undefined;
  findNamed(names: string[]): string[];
}

const COMPOSE_FILES = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml'];
const BAKE_FILES = ['docker-bake.hcl', 'docker-bake.json'];

export interface BuildTarget {
  /** Absolute context directory. */
  context: string;
  /** Absolute Dockerfile path. */
  dockerfile: string;
}

function unquote(s: string): string {
  return s.trim().replace(/^["'](.*)["']$/, '$1');
}

/** `build: ./dir` or `build:` with `context:` / `dockerfile:` children, per service. */
export function composeTargets(file: string, text: string): BuildTarget[] {
  const base = path.dirname(file);
  const out: BuildTarget[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)build:\s*(.*?)\s*(#.*)?$/.exec(lines[i]);
    if (!m) continue;
    const indent = m[1].length;
    if (m[2] && !m[2].startsWith('{')) {
      const context = path.resolve(base, unquote(m[2]));
      out.push({ context, dockerfile: path.join(context, 'Dockerfile') });
      continue;
    }
    let context = '.';
    let dockerfile = 'Dockerfile';
    const inline = /context:\s*([^,}]+)/.exec(m[2]);
    if (inline) context = unquote(inline[1]);
    const inlineDf = /dockerfile:\s*([^,}]+)/.exec(m[2]);
    if (inlineDf) dockerfile = unquote(inlineDf[1]);
    for (let j = i + 1; j < lines.length; j++) {
      const child = /^(\s*)(context|dockerfile):\s*(.*?)\s*(#.*)?$/.exec(lines[j]);
      const lead = /^(\s*)\S/.exec(lines[j]);
      if (lead && lead[1].length <= indent) break;
      if (child && child[1].length > indent) {
        if (child[2] === 'context') context = unquote(child[3]);
        else dockerfile = unquote(child[3]);
      }
    }
    const contextDir = path.resolve(base, context);
    out.push({ context: contextDir, dockerfile: path.resolve(contextDir, dockerfile) });
  }
  return out;
}

/** `target "x" { context = "." dockerfile = "build/Dockerfile" }` blocks (HCL), or the JSON form. */
export function bakeTargets(file: string, text: string): BuildTarget[] {
  const base = path.dirname(file);
  const out: BuildTarget[] = [];
  if (file.endsWith('.json')) {
    try {
      const json = JSON.parse(text) as { target?: Record<string, { context?: string; dockerfile?: string }> };
      for (const t of Object.values(json.target ?? {})) {
        const context = path.resolve(base, t.context ?? '.');
        out.push({ context, dockerfile: path.resolve(context, t.dockerfile ?? 'Dockerfile') });
      }
    } catch {
      /* not JSON: no targets */
    }
    return out;
  }
  const block = /target\s+"[^"]*"\s*\{([^}]*)\}/g;
  for (let m = block.exec(text); m; m = block.exec(text)) {
    const context = /\bcontext\s*=\s*"([^"]*)"/.exec(m[1])?.[1] ?? '.';
    const dockerfile = /\bdockerfile\s*=\s*"([^"]*)"/.exec(m[1])?.[1] ?? 'Dockerfile';
    const contextDir = path.resolve(base, context);
    out.push({ context: contextDir, dockerfile: path.resolve(contextDir, dockerfile) });
  }
  return out;
}

/** Context directories that build this Dockerfile; the Dockerfile's own folder when nothing says otherwise. */
/** The contexts that compose or bake files give this Dockerfile (none when no file names it). */
export function declaredBuildContexts(files: FileReader, dockerfilePath: string): string[] {
  const found: string[] = [];
  for (const f of files.findNamed(COMPOSE_FILES)) for (const t of composeTargets(f, files.read(f) ?? '')) if (t.dockerfile === dockerfilePath) found.push(t.context);
  for (const f of files.findNamed(BAKE_FILES)) for (const t of bakeTargets(f, files.read(f) ?? '')) if (t.dockerfile === dockerfilePath) found.push(t.context);
  return [...new Set(found)];
}

/** The build contexts of a Dockerfile: the declared ones, else its own folder. */
export function buildContextDirs(files: FileReader, dockerfilePath: string): string[] {
  const found = declaredBuildContexts(files, dockerfilePath);
  return found.length ? found : [path.dirname(dockerfilePath)];
}
