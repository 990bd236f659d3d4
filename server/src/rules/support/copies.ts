// What a COPY/ADD brings into the image, as the caching and routing rules need it: the whole build context, or just
// the module files.
import type { CopyInstruction, Instruction } from '../../syntax/dockerfileModel';

/** A source that names the build context's root: `.`, `./`, `/`, `./.` (BuildKit reads `/` as the context root). */
export function isContextRoot(source: string): boolean {
  const t = source.replace(/\/+$/, '').replace(/^\.\//, '');
  return t === '' || t === '.';
}

/** `COPY . .`, `COPY ./ /src`, `COPY / /app`, `ADD . /src`: every source is the context root. */
export function isWholeContextCopy(ins: Instruction): ins is CopyInstruction {
  return (ins.kind === 'COPY' || ins.kind === 'ADD') && !ins.from && ins.sources.length > 0 && ins.sources.every((s) => isContextRoot(s.text));
}

/** A COPY of go.mod, go.sum or go.work (or `go.*`) from the context, without the rest of it. */
export function copiesModuleFiles(ins: Instruction): ins is CopyInstruction {
  return (
    (ins.kind === 'COPY' || ins.kind === 'ADD') &&
    !ins.from &&
    ins.sources.some((s) => /(^|\/)go\.(mod|sum|work|\*)$/.test(s.text)) &&
    !ins.sources.some((s) => isContextRoot(s.text))
  );
}
