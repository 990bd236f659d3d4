// What a COPY/ADD brings into the image, as the caching and routing rules need it: the whole build context, or just
// the module files.
import { posix } from 'node:path';
import type { AnalysisContext } from './context';
import type { CopyInstruction, Instruction } from '../syntax/dockerfileModel';

/** A source that names the build context's root: `.`, `./`, `/`, `./.` (BuildKit reads `/` as the context root). */
export function isContextRoot(source: string): boolean {
  const t = source.replace(/\/+$/, '').replace(/^\.\//, '');
  return t === '' || t === '.';
}

/** `COPY . .`, `COPY ./ /src`, `COPY / /app`, `ADD . /src`: every source is the context root. */
export function isWholeContextCopy(ins: Instruction): ins is CopyInstruction {
  return (ins.kind === 'COPY' || ins.kind === 'ADD') && !ins.from && ins.sources.length > 0 && ins.sources.every((s) => isContextRoot(s.text));
}

/** A source naming a module file: go.mod, go.sum, go.work, or `go.*`. */
export function isModuleFileSource(source: string): boolean {
  return /(^|\/)go\.(mod|sum|work|\*)$/.test(source);
}

/** A COPY of go.mod, go.sum or go.work (or `go.*`) from the context, without the rest of it. */
export function copiesModuleFiles(ins: Instruction): ins is CopyInstruction {
  return (
    (ins.kind === 'COPY' || ins.kind === 'ADD') &&
    !ins.from &&
    ins.sources.some((s) => isModuleFileSource(s.text)) &&
    !ins.sources.some((s) => isContextRoot(s.text))
  );
}

/**
 * The folder of the build's go.mod inside the build context (`service` for `<context>/service/go.mod`), '' at its root;
 * undefined when go.mod is not under the context (or not in view).
 */
export function moduleFolder(ctx: AnalysisContext): string | undefined {
  const mod = ctx.req.related.goMod?.uri;
  const context = (ctx.req.related.contextDir ?? ctx.uri.replace(/\/[^/]*$/, '')).replace(/\/+$/, '');
  if (!mod || !mod.startsWith(`${context}/`)) return undefined;
  return mod.slice(context.length + 1).replace(/(^|\/)go\.mod$/, '');
}

/** A COPY of the module's whole folder (`COPY ./service .` for `service/go.mod`), or of the whole context. */
export function copiesWholeModule(ins: Instruction, folder: string | undefined): ins is CopyInstruction {
  if ((ins.kind !== 'COPY' && ins.kind !== 'ADD') || ins.from || ins.sources.length === 0) return false;
  return ins.sources.every((s) => isContextRoot(s.text) || (!!folder && s.text.replace(/^\.\//, '').replace(/\/+$/, '') === folder));
}

/**
 * The folder a COPY/ADD puts a go.mod into, as an absolute path: a source named go.mod (or `go.*`), the whole context
 * or the module's folder when the build's go.mod is at its root (`folder` from moduleFolder). `workdir` resolves a
 * relative destination; undefined when no go.mod lands or the place cannot be worked out.
 */
export function goModDestination(ins: Instruction, workdir: string | undefined, folder: string | undefined): string | undefined {
  if ((ins.kind !== 'COPY' && ins.kind !== 'ADD') || !ins.destination || ins.sources.length === 0) return undefined;
  const named = ins.sources.some((s) => /(^|\/)go\.(mod|\*)$/.test(s.text));
  const whole = !ins.from && folder !== undefined && copiesWholeModule(ins, folder);
  if (!named && !whole) return undefined;
  const dest = ins.destination.text;
  if (dest.includes('$')) return undefined;
  const base = dest.startsWith('/') ? '' : workdir;
  if (base === undefined) return undefined;
  const joined = posix.normalize(`${base}/${dest}`);
  // `COPY go.mod /go/go.mod` names the file; a folder destination ends in `/`, is `.`, or takes several sources.
  if (named && ins.sources.length === 1 && !/\/$/.test(dest) && !/(^|\/)\.$/.test(dest) && /(^|\/)go\.mod$/.test(joined)) return posix.dirname(joined);
  // The whole context brings the module's folder along under the destination (`COPY . .` for `service/go.mod`).
  const under = !named && folder && isWholeContextCopy(ins) ? `/${folder}` : '';
  return posix.normalize(`${joined}${under}`).replace(/(.)\/+$/, '$1');
}
