// Everything a rule may look at, parsed once per analysis and only when a rule asks for it.
import type { AnalysisRequest } from './request';
import type { AnalysisSettings, Locale, SourceFile } from './types';
import type { DockerfileModel } from '../syntax/dockerfileModel';
import type { DockerfileTimeline } from '../goenv/timelineModel';
import { parseDockerfile } from '../syntax/dockerfile';
import { buildTimeline } from '../goenv/timeline';
import { parseGoMod, type GoModFile, type GoModRequire } from '../syntax/gomod';

export interface ParsedDockerfile {
  file: SourceFile;
  model: DockerfileModel;
  timeline: DockerfileTimeline;
}

export interface RequiredModule {
  require: GoModRequire;
  file: GoModFile;
}

export function parseDockerfileFile(file: SourceFile): ParsedDockerfile {
  const model = parseDockerfile(file.text, file.uri);
  return { file, model, timeline: buildTimeline(model) };
}

export class AnalysisContext {
  private cache = new Map<string, unknown>();

  constructor(readonly req: AnalysisRequest) {}

  get locale(): Locale {
    return this.req.locale;
  }

  get settings(): AnalysisSettings {
    return this.req.settings;
  }

  get uri(): string {
    return this.req.file.uri;
  }

  private once<T>(key: string, make: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, make());
    return this.cache.get(key) as T;
  }

  /** The Dockerfile under analysis (undefined for go.mod/go.work documents). */
  get dockerfile(): ParsedDockerfile | undefined {
    return this.once('dockerfile', () => (this.req.kind === 'dockerfile' ? parseDockerfileFile(this.req.file) : undefined));
  }

  /** The go.mod in play: the document itself, or the one the Dockerfile builds. */
  get goMod(): GoModFile | undefined {
    return this.once('goMod', () => {
      if (this.req.kind === 'gomod') return parseGoMod(this.req.file.text, this.req.file.uri, 'gomod');
      const f = this.req.related.goMod;
      return f ? parseGoMod(f.text, f.uri, 'gomod') : undefined;
    });
  }

  get goWork(): GoModFile | undefined {
    return this.once('goWork', () => {
      if (this.req.kind === 'gowork') return parseGoMod(this.req.file.text, this.req.file.uri, 'gowork');
      const f = this.req.related.goWork;
      return f ? parseGoMod(f.text, f.uri, 'gowork') : undefined;
    });
  }

  /** go.mod files of a go.work's modules. */
  get workModules(): GoModFile[] {
    return this.once('workModules', () => (this.req.related.workModules ?? []).map((f) => parseGoMod(f.text, f.uri, 'gomod')));
  }

  /** Every module required by the go.mod in play and, in a workspace, by each used module (deduplicated by path). */
  get requiredModules(): RequiredModule[] {
    return this.once('requiredModules', () => {
      const seen = new Set<string>();
      const out: RequiredModule[] = [];
      const files = [this.goMod, ...this.workModules].filter((f): f is GoModFile => !!f);
      const ownModules = new Set(files.map((f) => f.module?.path).filter((p): p is string => !!p));
      for (const file of files) {
        for (const require of file.requires) {
          // A module required by another module of the same workspace is built from source, never fetched.
          if (ownModules.has(require.path) || seen.has(require.path)) continue;
          seen.add(require.path);
          out.push({ require, file });
        }
      }
      return out;
    });
  }

  /** For a go.mod/go.work document: the Dockerfiles that build it. */
  get buildingDockerfiles(): ParsedDockerfile[] {
    return this.once('buildingDockerfiles', () => (this.req.related.dockerfiles ?? []).map(parseDockerfileFile));
  }
}
