// Everything a rule may look at, parsed once per analysis and only when a rule asks for it.
import type { AnalysisRequest } from '../core/request';
import type { AnalysisSettings, Locale } from '../core/types';
import { isTooLarge } from '../core/limits';
import { buildArgsKey, settingsBuildArgs, type BuildArgs } from '../core/buildArgs';
import { buildTimeline } from '../goenv/timeline';
import { privacyJudge, type PrivacyJudge } from '../goenv/privacyEvidence';
import { parseGoMod, type GoModFile } from '../syntax/gomod';
import { buildRuns, declaredArgNames, type BuildRun } from './buildRuns';
import { isParseOf, parseDockerfileFile, parseOtherDockerfile, timelineWith, type BuildingDockerfile, type ParsedDockerfile } from './parsedDockerfile';
import { parseGoModCached, requiredModules, type RequiredModule } from './moduleFiles';

/** What does not depend on the build arguments: a context for other build arguments takes it from its base. */
const SHARED_WITH_VARIANTS = new Set(['tooLarge', 'goMod', 'goWork', 'workModules', 'requiredModules', 'privacy']);

export class AnalysisContext {
  private cache = new Map<string, unknown>();
  /** Contexts of this document with other build arguments (withBuildArgs), by buildArgsKey. */
  private variants = new Map<string, AnalysisContext>();
  /** The previous analysis's variants: their timelines are reused by stages the edit did not touch. */
  private previousVariants?: Map<string, AnalysisContext>;
  /** For a variant: the context whose parse and module files it shares. */
  private base?: AnalysisContext;

  /**
   * @param previous the analysis of an earlier version of the same document: its parse is reused where the text
   * did not change (see parseDockerfile). Dropped once used, so contexts never chain.
   * @param parsed the document's parse that the workspace made for the request (the build files its RUN commands
   * read): taken as this context's when made with its options, instead of a second parse of the same text.
   */
  constructor(
    readonly req: AnalysisRequest,
    private previous?: AnalysisContext,
    private parsed?: ParsedDockerfile,
  ) {}

  /** The Dockerfile parse if this context has made it (never parses). */
  private get parsedDockerfile(): ParsedDockerfile | undefined {
    return this.cache.get('dockerfile') as ParsedDockerfile | undefined;
  }

  /** Forgets the previous analysis (it is only needed for the first parse). */
  releasePrevious(): void {
    this.previous = undefined;
    this.previousVariants = undefined;
    this.parsed = undefined;
  }

  /**
   * The same document as built with other build arguments: the Dockerfile's parse, the module files and their parses
   * are this context's; only the timeline (and what rules compute from it) is its own.
   */
  withBuildArgs(buildArgs: BuildArgs): AnalysisContext {
    const key = buildArgsKey(buildArgs);
    if (key === buildArgsKey(this.buildArgs)) return this;
    const known = this.variants.get(key);
    if (known) return known;
    const v = new AnalysisContext({ ...this.req, buildArgs });
    v.base = this;
    const parsed = this.dockerfile;
    const before = this.previousVariants?.get(key)?.parsedDockerfile;
    v.cache.set(
      'dockerfile',
      parsed && {
        file: parsed.file,
        model: parsed.model,
        timeline: buildTimeline(parsed.model, { vendored: !!this.req.related.vendorDir, buildArgs }, before?.timeline),
      },
    );
    this.variants.set(key, v);
    return v;
  }

  /** The document is over MAX_DOCUMENT_BYTES: it is not parsed at all (hovers and lenses find nothing in it). */
  get tooLarge(): boolean {
    return this.once('tooLarge', () => isTooLarge(this.req.file.text));
  }

  get locale(): Locale {
    return this.req.locale;
  }

  get settings(): AnalysisSettings {
    return this.req.settings;
  }

  get uri(): string {
    return this.req.file.uri;
  }

  /** The build arguments of the build analysed: the request's, else those of the settings. */
  get buildArgs(): BuildArgs {
    return this.once('buildArgs', () => this.req.buildArgs ?? settingsBuildArgs(this.settings.buildArgs ?? {}));
  }

  /**
   * For a Dockerfile the workspace builds: one run per distinct set of build arguments its builds pass (none when
   * nothing builds it). The analysis runs its rules once per run; hovers read the same runs.
   */
  get buildRuns(): BuildRun[] {
    return this.once('buildRuns', () => {
      const invocations = this.req.kind === 'dockerfile' ? (this.req.related.invocations ?? []) : [];
      const parsed = invocations.length > 0 ? this.dockerfile : undefined;
      return parsed ? buildRuns(invocations, declaredArgNames(parsed.model), this.buildArgs) : [];
    });
  }

  /** Computes a value once per analysis (shared by the rules that need it). */
  memo<T>(key: string, make: () => T): T {
    return this.once(key, make);
  }

  private once<T>(key: string, make: () => T): T {
    if (this.base && SHARED_WITH_VARIANTS.has(key)) return this.base.once(key, make);
    if (!this.cache.has(key)) this.cache.set(key, make());
    return this.cache.get(key) as T;
  }

  /** The Dockerfile under analysis (undefined for go.mod/go.work documents). */
  get dockerfile(): ParsedDockerfile | undefined {
    return this.once('dockerfile', () => {
      const previous = this.previous?.parsedDockerfile;
      const given = this.parsed;
      this.previousVariants = this.previous?.variants;
      this.previous = undefined;
      this.parsed = undefined;
      if (this.req.kind !== 'dockerfile' || this.tooLarge) return undefined;
      const vendored = !!this.req.related.vendorDir;
      if (given && isParseOf(given, this.req.file, vendored, this.buildArgs)) return given;
      return parseDockerfileFile(this.req.file, vendored, previous, this.buildArgs);
    });
  }

  /** The go.mod in play: the document itself, or the one the Dockerfile builds. */
  get goMod(): GoModFile | undefined {
    return this.once('goMod', () => {
      if (this.req.kind === 'gomod') return this.tooLarge ? undefined : parseGoMod(this.req.file.text, this.req.file.uri, 'gomod');
      const f = this.req.related.goMod;
      return f && !isTooLarge(f.text) ? parseGoModCached(f.text, f.uri, 'gomod') : undefined;
    });
  }

  get goWork(): GoModFile | undefined {
    return this.once('goWork', () => {
      if (this.req.kind === 'gowork') return this.tooLarge ? undefined : parseGoMod(this.req.file.text, this.req.file.uri, 'gowork');
      const f = this.req.related.goWork;
      return f && !isTooLarge(f.text) ? parseGoModCached(f.text, f.uri, 'gowork') : undefined;
    });
  }

  /** go.mod files of a go.work's modules. */
  get workModules(): GoModFile[] {
    return this.once('workModules', () =>
      (this.req.related.workModules ?? []).filter((f) => !isTooLarge(f.text)).map((f) => parseGoModCached(f.text, f.uri, 'gomod')),
    );
  }

  /** Every module the build fetches for the go.mod in play and, in a workspace, for each used module. */
  get requiredModules(): RequiredModule[] {
    return this.once('requiredModules', () =>
      requiredModules(
        [this.goMod, ...this.workModules].filter((f): f is GoModFile => !!f),
        this.goWork,
      ),
    );
  }

  /** Which modules the workspace shows to be private (see goenv/privacyEvidence.ts). */
  get privacy(): PrivacyJudge {
    return this.once('privacy', () => {
      // A Dockerfile's own text is scanned without being kept; the Dockerfiles building a go.mod are other documents.
      const analysed = this.req.kind === 'dockerfile' ? [this.req.file] : [];
      const building = this.req.kind === 'dockerfile' ? [] : (this.req.related.dockerfiles ?? []);
      const mains = [this.goMod, ...this.workModules].map((f) => f?.module?.path).filter((p): p is string => !!p);
      const others = this.req.related.buildFiles ?? [];
      // The workspace's list itself when nothing comes before it: the judge keeps what it reads of a list it has seen.
      return privacyJudge(this.settings.privatePatterns, building.length ? [...building, ...others] : others, mains, analysed);
    });
  }

  /** For a go.mod/go.work document: the Dockerfiles that build it. */
  get buildingDockerfiles(): ParsedDockerfile[] {
    // A Dockerfile too large to analyse is not parsed for its go.mod either.
    return this.once('buildingDockerfiles', () =>
      (this.req.related.dockerfiles ?? []).filter((f) => !isTooLarge(f.text)).map((f) => parseOtherDockerfile(f, !!this.req.related.vendorDir, this.buildArgs)),
    );
  }

  /**
   * For a go.mod/go.work document: each Dockerfile that builds it once per distinct set of build arguments its
   * builds pass (buildRuns), on one parse; a Dockerfile no compose file, bake file, CI job or script builds, once.
   */
  get buildingDockerfileRuns(): BuildingDockerfile[] {
    return this.once('buildingDockerfileRuns', () =>
      this.buildingDockerfiles.flatMap((parsed) => {
        const runs = buildRuns(this.req.related.dockerfileInvocations?.[parsed.file.uri] ?? [], declaredArgNames(parsed.model), this.buildArgs);
        if (runs.length === 0) return [parsed];
        const vendored = !!this.req.related.vendorDir;
        return runs.map((run) => ({
          ...parsed,
          timeline: timelineWith(parsed, vendored, run.args),
          ...(runs.length > 1 ? { buildLabels: run.invocations.map((i) => i.label) } : {}),
        }));
      }),
    );
  }
}
