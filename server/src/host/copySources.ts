// Which COPY/ADD sources of a Dockerfile match no file of its build context. Read from disk, outside the analysis
// core; the core only uses the answer to keep hints quiet about steps a failing COPY may never reach.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { memoize } from '../core/memo';

interface ContextCopy {
  src: string;
  dest: string;
}

const COPY_LINE = /^[ \t]*(?:COPY|ADD)\b((?:[ \t]+--[^\s]+)*)((?:[ \t]+[^\s\\]+)+)[ \t]+([^\s\\]+)[ \t]*$/gim;
const ONE_COPY_LINE = new RegExp(COPY_LINE.source, 'im');

/** The sources COPY/ADD take from the build context (not `--from`, URLs, absolute paths or variables), as written, with the destination. */
function contextCopies(dockerfile: string): ContextCopy[] {
  const out: ContextCopy[] = [];
  for (const m of dockerfile.matchAll(COPY_LINE)) for (const c of copiesOfLine(m[0])) out.push(c);
  return out;
}

// Asked again on every keystroke, of lines a long Dockerfile repeats in every stage: each line is read once.
const copiesOfLine = memoize((line: string): readonly ContextCopy[] => {
  const m = ONE_COPY_LINE.exec(line)!;
  if (/--from=/.test(m[1])) return [];
  const out: ContextCopy[] = [];
  for (const src of m[2].trim().split(/[ \t]+/)) {
    if (/[$\[{]|^[a-z]+:\/\//i.test(src) || src.startsWith('/') || src.includes('..')) continue;
    out.push({ src, dest: m[3] });
  }
  return out;
});

/** COPY/ADD sources of a Dockerfile that match nothing in the context folder (plain names and `*`/`?` in the last part), each once. */
export function missingCopySources(dockerfile: string, context: string): string[] {
  const out: string[] = [];
  // A source is looked for once, however many COPYs name it (a long Dockerfile copies go.mod in every stage).
  const looked = new Set<string>();
  for (const { src } of contextCopies(dockerfile)) {
    if (looked.has(src)) continue;
    looked.add(src);
    if (!matchesInContext(context, src)) out.push(src);
  }
  return out;
}

/**
 * The go.mod of the one module folder a Dockerfile copies from its context into a working directory (`COPY ./service .`,
 * `COPY service/ /build/` after `WORKDIR /build`), for a Dockerfile whose own folder has none; undefined when it copies
 * none or several. Copied elsewhere, the folder may be anything the image carries, not what it builds.
 */
export function copiedModuleGoMod(dockerfile: string, context: string): string | undefined {
  const workdirs = new Set([...dockerfile.matchAll(/^[ \t]*WORKDIR[ \t]+(\S+)[ \t]*$/gim)].map((m) => m[1].replace(/\/+$/, '')));
  const found = new Set<string>();
  for (const { src, dest } of contextCopies(dockerfile)) {
    const rel = src.replace(/^\.\//, '').replace(/\/+$/, '');
    if (rel === '' || rel === '.' || /[*?]/.test(rel)) continue;
    const into = dest.replace(/\/+$/, '');
    if (into !== '' && into !== '.' && !workdirs.has(into)) continue;
    const goMod = path.join(context, rel, 'go.mod');
    if (fs.existsSync(goMod)) found.add(goMod);
  }
  return found.size === 1 ? [...found][0] : undefined;
}
function matchesInContext(context: string, src: string): boolean {
  const rel = src.replace(/^\.\//, '').replace(/\/+$/, '');
  if (rel === '' || rel === '.') return true;
  const dir = path.join(context, path.dirname(rel));
  const base = path.basename(rel);
  if (!/[*?]/.test(base) && !/[*?]/.test(path.dirname(rel))) return fs.existsSync(path.join(context, rel));
  if (/[*?]/.test(path.dirname(rel))) return true; // globs in folders: not worth guessing
  const re = new RegExp(
    `^${base
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  try {
    return fs.readdirSync(dir).some((n) => re.test(n));
  } catch {
    return false;
  }
}
