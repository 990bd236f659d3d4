// Which file names the product analyses, by name alone: the server's workspace and the client's editor both ask.

/** `Dockerfile`, `Containerfile`, `api.Dockerfile`, `Dockerfile.dev` (any case). */
export function isDockerfileName(base: string): boolean {
  return /^(Dockerfile|Containerfile)$/i.test(base) || /\.(Dockerfile|Containerfile)$/i.test(base) || /^(Dockerfile|Containerfile)\./i.test(base);
}

/** A go.mod or a go.work. */
export function isModuleFileName(base: string): boolean {
  return base === 'go.mod' || base === 'go.work';
}

/** A Dockerfile, a go.mod or a go.work: the documents findings are about. */
export function isAnalysedFileName(base: string): boolean {
  return isModuleFileName(base) || isDockerfileName(base);
}

/** The last part of a path, with either separator. */
export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
