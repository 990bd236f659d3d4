// What a COPY/ADD brings into the image, as the caching and routing rules need it: the whole build context, or just
// the module files.
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
