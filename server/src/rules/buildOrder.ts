// Layer order and caching: module downloads that every source edit repeats, steps without cache mounts,
// and downloads in steps that have no network.
import { dockerfileRule, type Rule } from '../core/rule';
import type { AnalysisContext, ParsedDockerfile } from '../core/context';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import type { CopyInstruction, Instruction, RunInstruction } from '../syntax/dockerfileModel';
import { resolveGoEnv, type ResolvedGoEnv } from '../goenv/effective';
import type { GoStep } from '../goenv/timelineModel';
import { allDownloadSteps, ancestry, envValues, type DownloadStep } from './support/steps';
import { addRunFlag, insertLinesBefore } from './support/edits';
import { homeAt, isWindowsStage } from './support/image';

const c = (s: string) => `\`${s}\``;
const BUILD_SUBCOMMANDS = new Set(['build', 'install', 'run', 'test', 'generate', 'vet', 'list']);

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
    en: (cmd: string, targets: string) =>
      `${c(cmd)} has no BuildKit cache mount for ${targets}: when this layer is rebuilt, every module${targets.includes(',') ? ' and build result' : ''} is fetched or compiled from scratch.`,
    'zh-cn': (cmd: string, targets: string) =>
      `${c(cmd)} 没有为 ${targets} 配置 BuildKit 缓存挂载：该层重建时，所有模块${targets.includes(',') ? '和编译结果' : ''}都要从头下载或编译。`,
  } satisfies Localized<[string, string]>,
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

export const modfilesCopyOrder: Rule = dockerfileRule({
  id: 'modfiles-copy-order',
  defaultSeverity: 'warning',
  check(parsed, ctx, report) {
    const index = parsed.model.lines;
    for (const st of parsed.timeline.stages) {
      const step = st.goSteps.find((s) => s.downloads);
      if (!step) continue;
      // A stage built on one that already downloaded keeps those modules in its layers.
      if (ancestry(parsed, st.stage.index).some((i) => parsed.timeline.stages[i]?.goSteps.some((s) => s.downloads))) continue;
      const stepAt = st.stage.instructions.indexOf(step.instruction);
      const before = st.stage.instructions.slice(0, Math.max(0, stepAt));
      const whole = before.find(isWholeContextCopy);
      if (!whole) continue;
      const wholeAt = before.indexOf(whole);
      if (before.slice(0, wholeAt).some(copiesModFiles)) continue;
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

// The go steps of each RUN, grouped once per stage's step list (filtering it per RUN is quadratic in a stage of
// thousands of steps).
const stepsByRun = new WeakMap<GoStep[], Map<RunInstruction, GoStep[]>>();

function stepsOfRun(steps: GoStep[], run: RunInstruction): GoStep[] {
  let byRun = stepsByRun.get(steps);
  if (!byRun) {
    byRun = new Map();
    for (const s of steps) {
      const list = byRun.get(s.instruction as RunInstruction);
      if (list) list.push(s);
      else byRun.set(s.instruction as RunInstruction, [s]);
    }
    stepsByRun.set(steps, byRun);
  }
  return byRun.get(run) ?? [];
}

// Per go step, kept across analyses: a step of a stage the edit did not touch is the same object (and so are its
// stage and the stages it builds on, which decide HOME).
const cacheEnvironments = new WeakMap<GoStep, ResolvedGoEnv>();

/** The step's Go environment with HOME as the image sets it (GOMODCACHE and GOCACHE default under HOME). */
function cacheEnvironment(parsed: ParsedDockerfile, d: DownloadStep): ResolvedGoEnv {
  let env = cacheEnvironments.get(d.step);
  if (!env) {
    const values = envValues(d.step.env);
    const home = homeAt(parsed, d.stage.stage.index, d.step.instruction);
    if (home && !values.has('HOME')) values.set('HOME', home);
    cacheEnvironments.set(d.step, (env = resolveGoEnv(values)));
  }
  return env;
}

export const modCacheMount: Rule = dockerfileRule({
  id: 'mod-cache-mount',
  defaultSeverity: 'hint',
  check(parsed, ctx, report) {
    const seen = new Set<RunInstruction>();
    for (const d of allDownloadSteps(parsed)) {
      const run = d.step.instruction;
      if (seen.has(run) || run.network === 'none' || isWindowsStage(parsed, d.stage.stage.index)) continue;
      seen.add(run);
      const env = cacheEnvironment(parsed, d);
      const targets = [env.GOMODCACHE];
      const steps = stepsOfRun(d.stage.goSteps, run);
      if (steps.some((s) => BUILD_SUBCOMMANDS.has(s.subcommand))) targets.push(env.GOCACHE);
      const cached = new Set(run.mounts.filter((m) => m.type === 'cache' && m.target).map((m) => m.target!.replace(/\/+$/, '')));
      const missing = targets.filter((t) => !cached.has(t.replace(/\/+$/, '')));
      if (missing.length === 0) continue;
      const list = missing.join(', ');
      // Flags go in front of the others, in the order the targets are listed.
      const flags = missing.map((t) => `--mount=type=cache,target=${t}`).join(' ');
      report({
        range: d.step.range,
        message: localize(ctx.locale, T.cacheMount, `go ${d.step.subcommand}`, list),
        fixes: () => [{ title: localize(ctx.locale, T.cacheMountTitle, list), preferred: true, edits: [{ uri: ctx.uri, edits: [addRunFlag(run, flags)] }] }],
      });
    }
  },
});

export const networkNone: Rule = dockerfileRule({
  id: 'network-none',
  defaultSeverity: 'error',
  check(parsed, ctx, report) {
    const downloaded = new Set<number>();
    for (const d of allDownloadSteps(parsed)) {
      const stage = d.stage.stage.index;
      // After an earlier download in this stage (or a base stage) the modules are already in the image.
      const earlier = downloaded.has(stage) || ancestry(parsed, stage).some((i) => downloaded.has(i));
      if (d.step.instruction.network !== 'none') {
        downloaded.add(stage);
        continue;
      }
      if (earlier) continue;
      report({ range: d.step.range, message: localize(ctx.locale, T.networkNone, `go ${d.step.subcommand}`) });
    }
  },
});
