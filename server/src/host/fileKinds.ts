// What a file is, by its name (and the editor's language id): a document the analysis reads, a Dockerfile, a build
// or CI file.
import type { DocumentKind } from '../core/request';
import { isDockerfileName } from '../core/fileNames';

export function documentKind(uriOrPath: string, languageId?: string): DocumentKind | undefined {
  switch (languageId) {
    case 'dockerfile':
      return 'dockerfile';
    case 'go.mod':
    case 'gomod':
      return 'gomod';
    case 'go.work':
    case 'gowork':
      return 'gowork';
  }
  const base = decodeURIComponent(uriOrPath.split(/[\\/]/).pop() ?? '');
  if (base === 'go.mod') return 'gomod';
  if (base === 'go.work') return 'gowork';
  if (isDockerfileName(base)) return 'dockerfile';
  return undefined;
}

/** CI and build files that may set Go variables or hold credentials for a build (evidence of private modules). */
export function isBuildConfigName(base: string): boolean {
  return (
    /^(Makefile|GNUmakefile|Jenkinsfile|\.gitlab-ci\.ya?ml|\.drone\.ya?ml|azure-pipelines\.ya?ml|cloudbuild\.ya?ml|skaffold\.ya?ml|\.goreleaser\.ya?ml|docker-bake\.(hcl|json)|(docker-)?compose[\w.-]*\.ya?ml)$/i.test(
      base,
    ) || /\.mk$/i.test(base)
  );
}
