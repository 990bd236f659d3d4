// mod-cache-mount: download steps without a BuildKit cache mount for the module cache or, where they compile, the
// build cache. One finding per RUN, and one per stage for its tool installs (`go install x@v1` lines).
import { defineRule, type Reporter } from './rule';
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import type { RunInstruction } from '../syntax/dockerfileModel';
import type { StageTimeline } from '../goenv/timelineModel';
import type { ResolvedGoEnv } from '../goenv/effective';
import { cacheDownloadSteps, commandText, positionIn, type DownloadStep } from '../model/steps';
import { lastToolBuildAt, runsWantingMounts } from './support/modCacheStages';
import { subtreeTokens } from '../model/stages';
import { toolFetches } from '../model/moduleFetches';
import { indirectNote } from './support/indirectNote';
import { misplacedMount, reportMisplacedCacheMounts } from './support/misplacedCacheMounts';
import { addRunFlag } from '../model/edits';
import { cacheEnvironmentAt, cacheTargets, coveredBy, hasCacheMount, usesModuleCacheAsPlace } from '../model/cachePlaces';
import { laterGoRuns, modulesInImageBefore, runsAfterDownload } from '../model/modulesInImage';
import { mayBeUnreachable, moduleKnown, runsConditionally } from '../model/conditionalSteps';
import { createdHomesKey } from '../model/image';
import { judgeStages, stageReports, type StageAnalysis } from './support/stageReports';
import { keepsCaches } from '../model/stageCacheUse';
import { isVersionedFetch, usesBuildCache } from '../model/goStepKinds';
import { backtick as c } from '../core/text';

type CacheLoss = 'modules' | 'builds' | 'both';
const loss = (what: CacheLoss, en: boolean) =>
  en
    ? what === 'both'
      ? 'every module is fetched and every package compiled'
      : what === 'modules'
        ? 'every module is fetched'
        : 'every package is compiled'
    : what === 'both'
      ? '所有模块都要重新下载、所有包都要重新编译'
      : what === 'modules'
        ? '所有模块都要重新下载'
        : '所有包都要重新编译';

const MESSAGES = {
  cacheMount: {
    en: (cmd: string, targets: string, what: CacheLoss) =>
      `${c(cmd)} has no BuildKit cache mount for ${targets}: when this layer is rebuilt, ${loss(what, true)} from scratch.`,
    'zh-cn': (cmd: string, targets: string, what: CacheLoss) => `${c(cmd)} 没有为 ${targets} 配置 BuildKit 缓存挂载：该层重建时，${loss(what, false)}。`,
  } satisfies Localized<[string, string, CacheLoss]>,
  tools: {
    en: (cmd: string, lines: string, targets: string, what: CacheLoss) =>
      `${c(cmd)} here and on line${lines.includes(',') ? 's' : ''} ${lines} install tools by version with no BuildKit cache mount for ${targets}: when these layers are rebuilt, ${loss(what, true)} from scratch for each tool.`,
    'zh-cn': (cmd: string, lines: string, targets: string, what: CacheLoss) =>
      `这里的 ${c(cmd)} 以及第 ${lines} 行按版本安装工具，但没有为 ${targets} 配置 BuildKit 缓存挂载：这些层重建时，每个工具的${loss(what, false)}。`,
  } satisfies Localized<[string, string, string, CacheLoss]>,
  cacheMountTitle: {
    en: (targets: string) => `Add cache mount${targets.includes(',') ? 's' : ''} for ${targets}`,
    'zh-cn': (targets: string) => `为 ${targets} 添加缓存挂载`,
  } satisfies Localized<[string]>,
};

/** A RUN that would gain cache mounts: the step the finding names (its first download, or a step that compiles when only the build cache is missing) and the targets it lacks. */
interface Candidate {
  run: RunInstruction;
  first: DownloadStep;
  env: ResolvedGoEnv;
  missing: string[];
}

/**
 * Whether the final image runs what these steps installed: `go install x@v1` then `ENTRYPOINT ["x"]`, or tools by
 * version in a final image that has a command (a tool image: `protoc` running the plugins installed beside it). The
 * image needs them at run time, so no mount is proposed there.
 */
function installsForRuntime(parsed: ParsedDockerfile, steps: DownloadStep[]): boolean {
  const stages = parsed.timeline.stages;
  const stage = steps[0].stage.stage.index;
  if (stage !== stages.length - 1) return false;
  const command = stages[stage].stage.instructions
    .filter((ins) => ins.kind === 'CMD' || ins.kind === 'ENTRYPOINT')
    .map((ins) => ins.argsText)
    .join(' ');
  if (!command) return false;
  if (steps.every((d) => isVersionedFetch(d.step) && d.step.subcommand !== 'run')) return true;
  const names = steps
    .filter((d) => d.step.subcommand === 'get' || d.step.subcommand === 'install')
    .flatMap((d) => d.step.args.map((w) => w.text.split('@')[0]).filter((p) => /^[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(p)))
    .map(
      (p) =>
        p
          .replace(/\/\.\.\.$/, '')
          .split('/')
          .pop() ?? '',
    );
  const words = new Set(command.split(/[\s"',[\]/]+/));
  return names.some((n) => n !== '' && words.has(n));
}

export const modCacheMount = defineRule({
  id: 'mod-cache-mount',
  family: 'mod-cache',
  severity: 'hint',
  title: { en: 'A download step without a BuildKit cache mount', 'zh-cn': '下载步骤没有 BuildKit 缓存挂载' },
  check(parsed, ctx, report) {
    const final = parsed.timeline.stages.length - 1;
    const toolAt = lastToolBuildAt(ctx, parsed);
    const subtree = subtreeTokens(parsed);
    // Of other stages, a stage's judgement reads where a build tool compiles last in it (that decides its last build)
    // and, only where a RUN of it lacks a cache mount it may want (elsewhere it finds nothing): whether a stage copies
    // its caches out (or it is a final image that keeps them), whether it is the final image (what that image runs)
    // and, for its fixes, the stages built on it (their go RUNs get the module cache too).
    judgeStages(parsed, ctx, runsByStage, judgementReads(ctx, parsed), report, judgeStage, (st, i) =>
      runsWantingMounts(parsed, st, toolAt[i] ?? -1).length > 0 ? [toolAt[i] ?? -1, keepsCaches(parsed, i), i === final, subtree[i]] : [toolAt[i] ?? -1],
    );
    reportBuildTools(ctx, parsed, report);
    reportMisplacedCacheMounts(parsed, ctx, report);
  },
});

const runsByStage = stageReports();

/**
 * What every stage's judgement reads besides the stage: the locale, whether the build shows its module and requires
 * any, the missing COPY sources that may leave a step unreached, and the homes of the users created anywhere in the
 * file (they place the caches). It reads vendor mode and the escape character too (a backtick makes a Windows stage),
 * but a change of either builds every stage's timeline again.
 */
function judgementReads(ctx: AnalysisContext, parsed: ParsedDockerfile): unknown[] {
  return [ctx.locale, moduleKnown(ctx), requiresNothing(ctx), (ctx.req.related.missingCopySources ?? []).join('\0'), createdHomesKey(parsed)];
}

/** A go.mod without requirements, outside a workspace: building it downloads nothing. */
function requiresNothing(ctx: AnalysisContext): boolean {
  return !!ctx.goMod && !ctx.goWork && ctx.requiredModules.length === 0;
}

/** The RUNs of one stage whose downloads want cache mounts; its tool installs by version make one finding. */
function judgeStage(at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter): void {
  const { parsed, ctx } = at;
  const stage = st.stage.index;
  const toolRuns: Candidate[] = [];
  for (const { run, steps, first, env, tools, buildCache } of runsWantingMounts(parsed, st, lastToolBuildAt(ctx, parsed)[stage] ?? -1)) {
    // Not on a stage whose caches a later stage copies out, nor on a step that may not run; without a go.mod in
    // view only a fetch by version is sure to download; a vendored build does not use what `go mod download` gets.
    if (keepsCaches(parsed, stage) || runsConditionally(first.step) || mayBeUnreachable(ctx, parsed, first)) continue;
    const fetchesTools = steps.some((d) => isVersionedFetch(d.step));
    if (!moduleKnown(ctx) && !fetchesTools) continue;
    if (ctx.req.related.vendorDir && first.step.subcommand === 'mod download') continue;
    if (installsForRuntime(parsed, steps)) continue;
    // Modules an earlier layer downloaded are already in the image: a cache mount there would hide them (a fetch
    // by version gets other modules, which are not). No module-cache mount where nothing is downloaded (a go.mod
    // without requirements) or where the build uses the module cache as a place (it builds a fetched module's
    // source there).
    const noModules = !fetchesTools && requiresNothing(ctx);
    const modules = (fetchesTools || !runsAfterDownload(parsed).has(run)) && !noModules && !usesModuleCacheAsPlace(parsed, first, env.GOMODCACHE);
    const targets = modules ? [env.GOMODCACHE] : [];
    if (buildCache) targets.push(env.GOCACHE);
    const cached = cacheTargets(run, first.step.env);
    // A mount meant for the cache but on the wrong folder is reported on the mount itself.
    const misplaced = (t: string) => !!misplacedMount(parsed, stage, run, first.step.env, t === env.GOCACHE ? 'builds' : 'modules');
    const missing = targets.filter((t) => !coveredBy(cached, t) && !misplaced(t));
    if (missing.length === 0) continue;
    // Only the build cache missing: the finding names a step that compiles (`go build`, not the `go mod tidy` before it).
    const shown = missing.includes(env.GOMODCACHE) ? first : (steps.find((d) => usesBuildCache(d.step)) ?? first);
    const candidate = { run, first: shown, env, missing };
    if (!tools) reportRun(at, report, candidate);
    else toolRuns.push(candidate);
  }
  if (toolRuns.length === 1) reportRun(at, report, toolRuns[0]);
  else if (toolRuns.length > 1) reportTools(at, report, toolRuns);
}

/**
 * Build tools shown to fetch the module (make, a script, mage, task): only where the modules are not in the image yet,
 * never in a final image with a command (what the tool installs may be what it runs), and not where the tool's files
 * set Go's places themselves. The message says what the conclusion rests on.
 */
function reportBuildTools(ctx: AnalysisContext, parsed: ParsedDockerfile, report: Reporter): void {
  if (!moduleKnown(ctx) || (!!ctx.goMod && !ctx.goWork && ctx.requiredModules.length === 0)) return;
  const stages = parsed.timeline.stages;
  const withGoSteps = new Set(cacheDownloadSteps(parsed).map((d) => d.step.instruction));
  const finalCommand = stages[stages.length - 1]?.stage.instructions.some((ins) => ins.kind === 'CMD' || ins.kind === 'ENTRYPOINT');
  const tools = toolFetches(ctx, parsed);
  // Most Dockerfiles run no build tool: the passes over every go step below are left out then.
  if (tools.length === 0) return;
  const lastTools = lastToolBuilds(parsed, tools);
  for (const s of tools) {
    if (withGoSteps.has(s.instruction) || keepsCaches(parsed, s.stageIndex) || (finalCommand && s.stageIndex === stages.length - 1)) continue;
    if (PLACES.some((n) => s.setInFiles.has(n))) continue;
    // With the modules already in an earlier layer the tool fetches nothing again: only the build cache can help,
    // and only on the stage's last build.
    const inImage = modulesInImageBefore(parsed, s.stageIndex, positionIn(parsed, s.stageIndex, s.instruction));
    if (inImage && !lastTools.has(s.instruction)) continue;
    const env = cacheEnvironmentAt(parsed, s.stageIndex, s.instruction, s.env);
    const cached = cacheTargets(s.instruction, s.env);
    const missing = [...(inImage ? [] : [env.GOMODCACHE]), ...(s.compiles && !s.ignoresBuildCache ? [env.GOCACHE] : [])].filter((t) => !coveredBy(cached, t));
    if (missing.length === 0) continue;
    const list = missing.join(', ');
    report({
      range: s.range,
      message: `${localize(ctx.locale, MESSAGES.cacheMount, s.text, list, lossOf(missing, env))} ${indirectNote(ctx.locale, s)}`,
      fixes: () => {
        const later = missing.includes(env.GOMODCACHE)
          ? laterGoRuns(parsed, s.stageIndex, s.instruction).filter((r) => !hasCacheMount(r, env.GOMODCACHE, s.env))
          : [];
        const edits = [
          addRunFlag(s.instruction, missing.map((t) => `--mount=type=cache,target=${t}`).join(' ')),
          ...later.map((r) => addRunFlag(r, `--mount=type=cache,target=${env.GOMODCACHE}`)),
        ];
        return [{ title: localize(ctx.locale, MESSAGES.cacheMountTitle, list), preferred: true, edits: [{ uri: ctx.uri, edits }] }];
      },
    });
  }
}

/**
 * The build tools that compile as the last build of their stage: the stage's last compiling tool, when no go step
 * that uses the build cache (other than a tool install by version) comes after it.
 */
function lastToolBuilds(parsed: ParsedDockerfile, tools: ReturnType<typeof toolFetches>): Set<RunInstruction> {
  const last = new Map<number, { instruction: RunInstruction; at: number }>();
  for (const t of tools) {
    if (!t.compiles) continue;
    const at = positionIn(parsed, t.stageIndex, t.instruction);
    if ((last.get(t.stageIndex)?.at ?? -1) < at) last.set(t.stageIndex, { instruction: t.instruction, at });
  }
  for (const d of cacheDownloadSteps(parsed)) {
    const stage = d.stage.stage.index;
    const tool = last.get(stage);
    if (tool && usesBuildCache(d.step) && !isVersionedFetch(d.step) && positionIn(parsed, stage, d.step.instruction) > tool.at) last.delete(stage);
  }
  return new Set([...last.values()].map((t) => t.instruction));
}

/** Variables that move Go's caches: set in a tool's files, they leave the places out of view. */
const PLACES = ['GOPATH', 'GOMODCACHE', 'GOCACHE', 'HOME'];

function lossOf(missing: string[], env: ResolvedGoEnv): CacheLoss {
  return missing.length === 2 ? 'both' : missing[0] === env.GOMODCACHE ? 'modules' : 'builds';
}

// Kept reports' fixes read the parse and context of the analysis that gave them last (`at`), when they run.
function reportRun(at: Readonly<StageAnalysis>, report: Reporter, { run, first, env, missing }: Candidate): void {
  const list = missing.join(', ');
  // Flags go in front of the others, in the order the targets are listed.
  const flags = missing.map((t) => `--mount=type=cache,target=${t}`).join(' ');
  report({
    range: first.step.range,
    message: localize(at.ctx.locale, MESSAGES.cacheMount, commandText(at.parsed, first.step), list, lossOf(missing, env)),
    // Modules downloaded into the mount are not in the layer: the go steps after it, in this stage and the stages
    // built on it, get the same mount, or they would download everything again.
    fixes: () => {
      const later =
        missing.includes(env.GOMODCACHE) && !isVersionedFetch(first.step)
          ? laterGoRuns(at.parsed, first.stage.stage.index, run).filter((r) => !hasCacheMount(r, env.GOMODCACHE, first.step.env))
          : [];
      const edits = [addRunFlag(run, flags), ...later.map((r) => addRunFlag(r, `--mount=type=cache,target=${env.GOMODCACHE}`))];
      return [{ title: localize(at.ctx.locale, MESSAGES.cacheMountTitle, list), preferred: true, edits: [{ uri: at.ctx.uri, edits }] }];
    },
  });
}

/** One finding for a stage's tool installs, on the first; its fix mounts the caches on every one. */
function reportTools(at: Readonly<StageAnalysis>, report: Reporter, group: Candidate[]): void {
  const [head, ...rest] = group;
  const targets = [...new Set(group.flatMap((g) => g.missing))];
  const list = targets.join(', ');
  const lines = rest.map((g) => String(g.first.step.range.start.line + 1)).join(', ');
  const what: CacheLoss = targets.length === 2 ? 'both' : targets[0] === head.env.GOMODCACHE ? 'modules' : 'builds';
  report({
    range: head.first.step.range,
    message: localize(at.ctx.locale, MESSAGES.tools, commandText(at.parsed, head.first.step), lines, list, what),
    fixes: () => [
      {
        title: localize(at.ctx.locale, MESSAGES.cacheMountTitle, list),
        preferred: true,
        edits: [{ uri: at.ctx.uri, edits: group.map((g) => addRunFlag(g.run, g.missing.map((t) => `--mount=type=cache,target=${t}`).join(' '))) }],
      },
    ],
  });
}
