// What an analysis is asked about: the document, the files it depends on, settings and locale.
// Resolving the related files (disk, open documents) is the caller's job (server/src/host/workspace.ts);
// the core only reads what it is given.
import type { AnalysisSettings, Locale, SourceFile } from './types';
import type { BuildArgs, BuildInvocation } from './buildArgs';

export type DocumentKind = 'dockerfile' | 'gomod' | 'gowork';

export interface ModuleFiles {
  /** The go.mod (or go.work) the Dockerfile builds, if one was found. */
  goMod?: SourceFile;
  goWork?: SourceFile;
  /** go.mod files of the modules a go.work uses. */
  workModules?: SourceFile[];
  /** go.sum next to goMod, if present (its text). */
  goSum?: SourceFile;
}

export interface RelatedFiles extends ModuleFiles {
  /** For a go.mod or go.work: the Dockerfiles that build it (each with its own module files resolved). */
  dockerfiles?: SourceFile[];
  /**
   * Build context directory (file URI) of the Dockerfile being analysed, or of the Dockerfiles building a go.mod.
   * Defaults to the Dockerfile's folder.
   */
  contextDir?: string;
  /** True when a compose or bake file names contextDir; otherwise it is only the Dockerfile's folder, a guess. */
  contextDeclared?: boolean;
  /** True when a vendor/ directory exists next to the go.mod (downloads are not needed with -mod=vendor default). */
  vendorDir?: boolean;
  /**
   * The rest of the workspace's build configuration (its other Dockerfiles, CI and build files): where GOPRIVATE
   * patterns and credentials show which modules are private.
   */
  buildFiles?: SourceFile[];
  /**
   * For a Dockerfile: COPY/ADD sources (as written) that match no file of the build context. The context may be a
   * guess, so this never makes a finding; it keeps the hints quiet about steps a failing COPY may never reach.
   */
  missingCopySources?: string[];
  /**
   * For a Dockerfile: the URIs of the other Dockerfiles that build the same go.mod (their texts are in buildFiles).
   * Worked out when first asked, during the analysis: it needs the build context of every Dockerfile of the workspace,
   * so every build file that may declare one is parsed, and few analyses need it.
   */
  siblingDockerfiles?: () => string[];
  /**
   * For a Dockerfile: the build files its RUN commands run from the build context (Makefiles and the files they
   * include, shell scripts, magefiles, Taskfiles), found through WORKDIR and COPY (goenv/toolInvocations.ts).
   */
  buildScripts?: BuildScript[];
  /** For a Dockerfile: the ways the workspace builds it (compose, bake, CI, Makefiles, scripts), with their arguments. */
  invocations?: BuildInvocation[];
  /** For a go.mod or go.work: the ways the workspace builds each of `dockerfiles`, by the Dockerfile's URI. */
  dockerfileInvocations?: Record<string, BuildInvocation[]>;
}

/** A build file of the context, with its path relative to the context (`/` separators), as RUN commands reach it. */
export interface BuildScript extends SourceFile {
  contextPath: string;
}

export interface AnalysisRequest {
  file: SourceFile;
  kind: DocumentKind;
  related: RelatedFiles;
  settings: AnalysisSettings;
  locale: Locale;
  /**
   * The build arguments of the build analysed (one set: a compose service, a CI step, the command line over the
   * settings). Absent: those of `goProxyDoctor.buildArgs`. Per request, not in the settings, because one Dockerfile
   * may be built several ways, each with its own set.
   */
  buildArgs?: BuildArgs;
}
