// Layer order and caching: module downloads that every source edit repeats, steps without cache mounts,
// and downloads in steps that have no network.
import { dockerfileRule, type Rule } from '../core/rule';
import type { AnalysisContext, ParsedDockerfile } from '../core/context';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import type { CopyInstruction, Instruction, RunInstruction } from '../syntax/dockerfileModel';
import { allDownloadSteps, stageFacts, type DownloadStep } from './support/steps';
import { addRunFlag, insertLinesBefore } from './support/edits';
import { imageDefaultsAt, isWindowsStage } from './support/image';
import { cacheEnvironment, cachePlaceKnown, cacheTargets, coveredBy, hasCacheMount, usesModuleCacheAsPlace, isVersionedFetch, keepsCaches, lastBuildRuns, laterGoRuns, mayBeUnreachable, moduleKnown, runsAfterDownload, runsConditionally } from './support/caches';

const c = (s: string) => `\`${s}\``;
type CacheLoss = 'modules' | 'builds' | 'both';

const T = {
  copyOrder: {
    en: (cmd: string, line: number) =>
      `${c(cmd)} (line ${line}) runs after this whole-context COPY, with no earlier COPY of just go.mod/go.sum: any source edit invalidates the layer, and every build downloads all modules again.`,
    'zh-cn': (cmd: string, line: number) =>
      `${c(cmd)}（第 ${line} 行）在这条复制整个上下文的 COPY 之后运行，而之前没有只复制 go.mod/go.sum 的 COPY：任何源码改动都会让该层失效，每次构建都要重新下载全部模块。`,
  } satisfies Localized<[string, number]>,
  copyOrderTitle: {
    en: () => 'Copy go.mod/go.sum and download modules before copying the sources',
    'zh-cn': () => '先复制 go.mod/go.sum 并下载模块，再复制源码',
  } satisfies Localized,
  cacheMount: {
    en: (cmd: string, targets: string, what: CacheLoss) =>
      `${c(cmd)} has no BuildKit cache mount for ${targets}: when this layer is rebuilt, ${what === 'both' ? 'every module is fetched and every package compiled' : what === 'modules' ? 'every module is fetched' : 'every package is compiled'} from scratch.`,
    'zh-cn': (cmd: string, targets: string, what: CacheLoss) =>
      `${c(cmd)} 没有为 ${targets} 配置 BuildKit 缓存挂载：该层重建时，${what === 'both' ? '所有模块都要重新下载、所有包都要重新编译' : what === 'modules' ? '所有模块都要重新下载' : '所有包都要重新编译'}。`,
  } satisfies Localized<[string, string, CacheLoss]>,
  cacheMountTitle: {
    en: (targets: string) => `Add cache mount${targets.includes(',') ? 's' : ''} for ${targets}`,
    'zh-cn': (targets: string) => `为 ${targets} 添加缓存挂载`,
  } satisfies Localized<[string]>,
  networkNone: {
    en: (cmd: string) => `${c(cmd)} must download modules, but this RUN has --network=none: it fails with a DNS or dial error. Download in an earlier step, or vendor the modules.`,
    'zh-cn': (cmd: string) => `${c(cmd)} 需要下载模块，但这个 RUN 使用了 --network=none：会因 DNS 或连接错误失败。请在前面的步骤中下载，或 vendor 依赖。`,
  } satisfies Localized<[string]>,
};

function isWholeContextCopy(ins: Instruction): ins is CopyInstruction {
  return (ins.kind === 'COPY' || ins.kind === 'ADD') && !ins.from && ins.sources.length > 0 && ins.sources.every((s) => s.text === '.' || s.text === './');
}

function copiesModFiles(ins: Instruction): boolean {
  return (ins.kind === 'COPY' || ins.kind === 'ADD') && !ins.from && ins.sources.length > 0 && ins.sources.some((s) => /(^|\/)go\.(mod|sum|work)$/.test(s.text)) && !ins.sources.some((s) => s.text === '.' || s.text === './');
}

/** The COPY lines that bring in just the module files, for a module or a go.work workspace. */
function modFileCopies(ctx: AnalysisContext, dest: string): string[] {
  const hasSum = !!ctx.req.related.goSum;
  const work = ctx.goWork;
  if (work && work.uses.length > 0) {
    const lines = [`COPY go.work ${dest}`];
    for (const u of work.uses) {
      const dir = u.path.replace(/^\.\//, '').replace(/\/$/, '');
      if (dir === '' || dir === '.') lines.push(`COPY go.mod go.sum ${dest}`);
      else lines.push(`COPY ${dir}/go.mod ${dir}/go.sum ${joinDest(dest, dir)}/`);
    }
    return lines;
  }
  return [`COPY ${hasSum ? 'go.mod go.sum' : 'go.mod'} ${dest}`];
}

function joinDest(dest: string, dir: string): string {
  return `${dest.replace(/\/+$/, '') || '.'}/${dir}`;
}

// Per stage: it or a stage it builds on downloads modules.
const downloadingStages = new WeakMap<ParsedDockerfile, boolean[]>();

export const modfilesCopyOrder: Rule = dockerfileRule({
  id: 'modfiles-copy-order',
  defaultSeverity: 'hint',
  check(parsed, ctx, report) {
    // Without the module's go.mod in view, or on a base image we cannot see into (it may hold the modules), the
    // claim that every build downloads them all again has no ground.
    if (!moduleKnown(ctx)) return;
    const index = parsed.model.lines;
    const downloading = stageFacts(parsed, downloadingStages, (st, base) => !!base || st.goSteps.some((s) => s.downloads));
    const afterDownload = runsAfterDownload(parsed);
    const firstByStage = new Map<number, DownloadStep>();
    for (const d of allDownloadSteps(parsed)) if (!firstByStage.has(d.stage.stage.index)) firstByStage.set(d.stage.stage.index, d);
    for (const [stageIndex, first] of firstByStage) {
      const st = first.stage;
      // `go install tool@v1` ignores go.mod, and a step under a shell condition may not run at all.
      if (isVersionedFetch(first.step) || runsConditionally(first.step) || !imageDefaultsAt(parsed, stageIndex) || mayBeUnreachable(ctx, parsed, first)) continue;
      const step = first.step;
      // A stage built on one that already downloaded keeps those modules in its layers.
      const base = st.baseStageIndex;
      if (base !== undefined && downloading[base]) continue;
      const stepAt = st.stage.instructions.indexOf(step.instruction);
      const before = st.stage.instructions.slice(0, Math.max(0, stepAt));
      const whole = before.find(isWholeContextCopy);
      if (!whole) continue;
      const wholeAt = before.indexOf(whole);
      if (before.slice(0, wholeAt).some(copiesModFiles)) continue;
      // With the module cache on a cache mount, or already in the image (copied from another stage), a rebuilt layer
      // does not download the modules again.
      if (afterDownload.has(step.instruction) || hasCacheMount(step.instruction, cacheEnvironment(parsed, first).GOMODCACHE, step.env)) continue;
      // A go.mod without requirements downloads nothing.
      if (ctx.goMod && !ctx.goWork && ctx.requiredModules.length === 0) continue;
      const dest = whole.destination?.text ?? './';
      const lines = [...modFileCopies(ctx, dest), `RUN${mountFlags(step.instruction)} go mod download`];
      report({
        range: whole.range,
        message: localize(ctx.locale, T.copyOrder, `go ${step.subcommand}`, step.range.start.line + 1),
        fixes: () => [{ title: localize(ctx.locale, T.copyOrderTitle), preferred: true, edits: [{ uri: ctx.uri, edits: [insertLinesBefore(index, whole, lines)] }] }],
      });
    }
  },
});

/** The cache and secret mounts of a RUN, to repeat on the inserted download step. */
function mountFlags(run: RunInstruction): string {
  const kept = run.flags.filter((f) => f.name === 'mount' && /type=(cache|secret|ssh)/.test(f.value));
  return kept.map((f) => ` --mount=${f.value}`).join('');
}

export const modCacheMount: Rule = dockerfileRule({
  id: 'mod-cache-mount',
  defaultSeverity: 'hint',
  check(parsed, ctx, report) {
    const seen = new Set<RunInstruction>();
    const lastBuilds = lastBuildRuns(parsed);
    const afterDownload = runsAfterDownload(parsed);
    for (const d of allDownloadSteps(parsed)) {
      const run = d.step.instruction;
      const stage = d.stage.stage.index;
      if (seen.has(run) || run.network === 'none' || isWindowsStage(parsed, stage) || !cachePlaceKnown(parsed, d)) continue;
      seen.add(run);
      // Not on a stage whose caches a later stage copies out, nor on a step that may not run; without a go.mod in
      // view only a fetch by version is sure to download; a vendored build does not use what `go mod download` gets.
      if (keepsCaches(parsed, stage) || runsConditionally(d.step) || mayBeUnreachable(ctx, parsed, d)) continue;
      if (!moduleKnown(ctx) && !isVersionedFetch(d.step)) continue;
      if (ctx.req.related.vendorDir && d.step.subcommand === 'mod download') continue;
      const env = cacheEnvironment(parsed, d);
      // Modules an earlier layer downloaded are already in the image: a cache mount there would hide them. The build
      // cache pays off on the stage's last build (earlier ones may be there to warm the layer).
      // No module-cache mount where nothing is downloaded (a go.mod without requirements) or where the build uses the
      // module cache as a place (it builds a fetched module's source there).
      const noModules = !isVersionedFetch(d.step) && !!ctx.goMod && !ctx.goWork && ctx.requiredModules.length === 0;
      const targets = afterDownload.has(run) || noModules || usesModuleCacheAsPlace(parsed, d, env.GOMODCACHE) ? [] : [env.GOMODCACHE];
      if (lastBuilds.has(run)) targets.push(env.GOCACHE);
      const cached = cacheTargets(run, d.step.env);
      const missing = targets.filter((t) => !coveredBy(cached, t));
      if (missing.length === 0) continue;
      const list = missing.join(', ');
      // Flags go in front of the others, in the order the targets are listed.
      const flags = missing.map((t) => `--mount=type=cache,target=${t}`).join(' ');
      report({
        range: d.step.range,
        message: localize(ctx.locale, T.cacheMount, `go ${d.step.subcommand}`, list, missing.length === 2 ? 'both' : missing[0] === env.GOMODCACHE ? 'modules' : 'builds'),
        // Modules downloaded into the mount are not in the layer: the go steps after it, in this stage and the stages
        // built on it, get the same mount, or they would download everything again.
        fixes: () => {
          const later = missing.includes(env.GOMODCACHE) ? laterGoRuns(parsed, d).filter((r) => !hasCacheMount(r, env.GOMODCACHE, d.step.env)) : [];
          const edits = [addRunFlag(run, flags), ...later.map((r) => addRunFlag(r, `--mount=type=cache,target=${env.GOMODCACHE}`))];
          return [{ title: localize(ctx.locale, T.cacheMountTitle, list), preferred: true, edits: [{ uri: ctx.uri, edits }] }];
        },
      });
    }
  },
});

export const networkNone: Rule = dockerfileRule({
  id: 'network-none',
  defaultSeverity: 'error',
  check(parsed, ctx, report) {
    const downloaded = new Set<number>();
    const steps = allDownloadSteps(parsed);
    // Per stage: it or a stage it builds on downloads with the network on (base stages come first, complete).
    const online = new Set<number>();
    for (const d of steps) if (d.step.instruction.network !== 'none') online.add(d.stage.stage.index);
    const reached = new Map<number, boolean>();
    parsed.timeline.stages.forEach((st) => reached.set(st.stage.index, online.has(st.stage.index) || (st.baseStageIndex !== undefined && !!reached.get(st.baseStageIndex))));
    for (const d of steps) {
      const stage = d.stage.stage.index;
      // After an earlier download in this stage (or a base stage) the modules are already in the image.
      const base = d.stage.baseStageIndex;
      const earlier = downloaded.has(stage) || (base !== undefined && !!reached.get(base));
      if (d.step.instruction.network !== 'none') {
        downloaded.add(stage);
        continue;
      }
      if (earlier) continue;
      report({ range: d.step.range, message: localize(ctx.locale, T.networkNone, `go ${d.step.subcommand}`) });
    }
  },
});
