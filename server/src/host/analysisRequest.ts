// Assembles the analysis request for a document from what the workspace resolves: for a Dockerfile, its module files,
// builds, build files, COPY sources and build scripts; for a go.mod or go.work, the Dockerfiles that build it.
import * as path from 'node:path';
import type { AnalysisRequest, DocumentKind, RelatedFiles } from '../core/request';
import type { AnalysisSettings, Locale, SourceFile } from '../core/types';
import { settingsBuildArgs, type BuildInvocation } from '../core/buildArgs';
import { pathToUri, uriToPath } from '../core/uri';
import { buildContextDirs } from './buildContexts';
import { missingCopySources } from './copySources';
import { buildScriptsFor } from './buildScripts';

/** What a request is assembled from (the workspace's answers, each cached as the workspace keeps it). */
export interface RequestSources {
  moduleFilesFor(dockerfilePath: string): RelatedFiles;
  workModules(goWorkPath: string, text: string): SourceFile[];
  declaredContext(dockerfilePath: string): string | undefined;
  dockerfilesBuilding(modFilePath: string, openDockerfiles: readonly string[]): string[];
  buildFiles(except: string[]): SourceFile[];
  invocationsOf(dockerfilePath: string): BuildInvocation[];
  buildFileText(p: string): string | undefined;
  source(p: string | undefined): SourceFile | undefined;
  exists(p: string): boolean;
}

/** The analysis request for a document, with everything it depends on resolved. */
export function analysisRequest(
  sources: RequestSources,
  file: SourceFile,
  kind: DocumentKind,
  settings: AnalysisSettings,
  locale: Locale,
  openDockerfiles: readonly string[],
): AnalysisRequest {
  const p = uriToPath(file.uri);
  if (!p) return { file, kind, related: {}, settings, locale };
  if (kind === 'dockerfile') {
    const related = sources.moduleFilesFor(p);
    related.buildFiles = sources.buildFiles([p]);
    related.invocations = sources.invocationsOf(p);
    // COPY reads from the context the module files were found in: a go.mod above the Dockerfile's folder that the
    // build reaches makes that folder the context.
    const goModDir = related.goMod && uriToPath(related.goMod.uri) ? path.dirname(uriToPath(related.goMod.uri)!) : undefined;
    const contextDir = uriToPath(related.contextDir ?? '') ?? path.dirname(p);
    const copyContext = !related.contextDeclared && goModDir && goModDir.length < contextDir.length ? goModDir : contextDir;
    related.missingCopySources = missingCopySources(file.text, copyContext);
    related.buildScripts = buildScriptsFor(file, copyContext, (f) => sources.buildFileText(f), settingsBuildArgs(settings.buildArgs ?? {}));
    const goModPath = related.goMod && uriToPath(related.goMod.uri);
    if (goModPath) {
      let siblings: string[] | undefined;
      related.siblingDockerfiles = () =>
        (siblings ??= sources
          .dockerfilesBuilding(goModPath, openDockerfiles)
          .filter((d) => d !== p)
          .sort()
          .map((d) => pathToUri(d)));
    }
    return { file, kind, related, settings, locale };
  }
  // A copy: the workspace keeps the list it gives.
  const dockerfilePaths = [...sources.dockerfilesBuilding(p, openDockerfiles)].sort();
  const dockerfiles = dockerfilePaths.map((d) => sources.source(d)).filter((f): f is SourceFile => !!f);
  const dir = path.dirname(p);
  const related: RelatedFiles = {
    dockerfiles,
    goSum: kind === 'gomod' ? sources.source(path.join(dir, 'go.sum')) : undefined,
    vendorDir: sources.exists(path.join(dir, 'vendor', 'modules.txt')),
    contextDir: dockerfilePaths[0] ? pathToUri(buildContextDirs(sources, dockerfilePaths[0])[0] ?? path.dirname(dockerfilePaths[0])) : undefined,
    contextDeclared: dockerfilePaths[0] ? sources.declaredContext(dockerfilePaths[0]) !== undefined : false,
    buildFiles: sources.buildFiles(dockerfilePaths),
    dockerfileInvocations: Object.fromEntries(dockerfilePaths.map((d) => [pathToUri(d), sources.invocationsOf(d)])),
  };
  if (kind === 'gowork') related.workModules = sources.workModules(p, file.text);
  return { file, kind, related, settings, locale };
}
