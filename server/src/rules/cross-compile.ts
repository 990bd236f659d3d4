// cross-compile-emulated: a Go build stage that does not run on the builder's own platform while the image is built
// for other platforms: `FROM --platform=linux/amd64 golang…` pinned to a constant, or a stage without
// `--platform=$BUILDPLATFORM` in a multi-platform build. BuildKit then runs go build under emulation wherever the
// platform differs from the builder's, many times slower than go cross-compiling; a pinned stage whose go build does
// not take GOARCH from TARGETARCH builds for the pinned platform only. Judged only with evidence of the platforms the
// image is built for (the workspace's build invocations, or the image stage pinned to another platform).
import { defineRule, type Reporter } from './rule';
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { backtick as c } from '../core/text';
import { builtStages, targetStage } from '../model/builtStages';
import type { GoStep, StageTimeline } from '../goenv/timelineModel';
import type { DockerfileModel, Stage } from '../syntax/dockerfileModel';
import type { BuildInvocation } from '../core/buildArgs';
import { judgeStages, stageReports, type StageAnalysis } from './support/stageReports';

const MESSAGES = {
  pinned: {
    en: (pinned: string, others: string, evidence: string, wrong: string) =>
      `This Go build stage always runs as ${c(pinned)}, while the image is built for ${others} (${evidence}): on a builder of another architecture its go build runs under emulation, many times slower than cross-compiling${wrong}. The usual pattern: ${PATTERN}.`,
    'zh-cn': (pinned: string, others: string, evidence: string, wrong: string) =>
      `这个 Go 构建阶段总是以 ${c(pinned)} 运行，而镜像是为 ${others} 构建的（${evidence}）：在其他架构的构建机上，它的 go build 会在模拟器中运行，比交叉编译慢很多倍${wrong}。常用写法：${PATTERN}。`,
  } satisfies Localized<[string, string, string, string]>,
  wrongBinary: {
    en: (pinned: string) => `; and its go build, which does not set GOARCH from TARGETARCH, makes ${c(pinned)} binaries for every platform of the image`,
    'zh-cn': (pinned: string) => `；而且它的 go build 没有用 TARGETARCH 设置 GOARCH，会为镜像的每个平台都生成 ${c(pinned)} 的二进制文件`,
  } satisfies Localized<[string]>,
  emulated: {
    en: (platforms: string, evidence: string, redundant: string) =>
      `The image is built for ${platforms} (${evidence}), and this Go build stage has no ${c('--platform=$BUILDPLATFORM')}: BuildKit runs it once per platform, under emulation wherever the platform is not the builder's, so go build runs many times slower than cross-compiling${redundant}. The usual pattern: ${PATTERN}.`,
    'zh-cn': (platforms: string, evidence: string, redundant: string) =>
      `镜像是为 ${platforms} 构建的（${evidence}），而这个 Go 构建阶段没有 ${c('--platform=$BUILDPLATFORM')}：BuildKit 会为每个平台各运行一次，凡是与构建机平台不同的都在模拟器中运行，所以 go build 比交叉编译慢很多倍${redundant}。常用写法：${PATTERN}。`,
  } satisfies Localized<[string, string, string]>,
  redundant: {
    en: () => ' (the GOARCH/GOOS it takes from TARGETARCH/TARGETOS are then the platform it already runs on)',
    'zh-cn': () => '（此时它从 TARGETARCH/TARGETOS 取得的 GOARCH/GOOS 就是它本来运行的平台）',
  } satisfies Localized,
  builds: {
    en: (label: string, platforms: string) => `${label} builds it for ${platforms}`,
    'zh-cn': (label: string, platforms: string) => `${label} 为 ${platforms} 构建它`,
  } satisfies Localized<[string, string]>,
  finalStage: {
    en: (line: number, platform: string) => `the image stage on line ${line} is ${c(`--platform=${platform}`)}`,
    'zh-cn': (line: number, platform: string) => `第 ${line} 行的镜像阶段是 ${c(`--platform=${platform}`)}`,
  } satisfies Localized<[number, string]>,
};

const PATTERN = '`FROM --platform=$BUILDPLATFORM golang…`, then `ARG TARGETOS TARGETARCH` and `GOOS=$TARGETOS GOARCH=$TARGETARCH go build`';

/** `linux/arm64/v8` and `linux/arm64` are one platform to the question asked here (another architecture or not). */
function osArch(p: string): string {
  return p.toLowerCase().split('/').slice(0, 2).join('/');
}

/** A go build step whose GOARCH comes from TARGETARCH (ENV, ARG, a prefix or an export in the RUN). */
function archFromTarget(step: GoStep): boolean {
  const b = step.env.get('GOARCH');
  return !!b && /\$\{?TARGETARCH\b|\$\{?TARGETPLATFORM\b/.test(b.raw);
}

function setsArch(step: GoStep): boolean {
  return step.env.has('GOARCH') || /^(?:.*\/)?xx-go$/.test(step.command.words[0]?.text ?? '');
}

interface Evidence {
  platforms: string[];
  text: string;
}

/** The platforms the builds that run stage `index` make, with the words that say where that is written. */
function evidenceFor(parsed: ParsedDockerfile, ctx: AnalysisContext, index: number): Evidence | undefined {
  const platforms: string[] = [];
  const texts: string[] = [];
  for (const inv of ctx.req.related.invocations ?? []) {
    if (!inv.platforms || !builtStages(parsed.model, inv.target).has(index)) continue;
    // Bake's `local` is the builder's own platform.
    const named = inv.platforms.filter((p) => p !== 'local');
    if (named.length === 0) continue;
    for (const p of named) if (!platforms.includes(p)) platforms.push(p);
    texts.push(localize(ctx.locale, MESSAGES.builds, inv.label, named.join(', ')));
  }
  return platforms.length > 0 ? { platforms, text: texts.join('; ') } : undefined;
}

/** The stages the image is made of: the target of each build (or the last stage) and the stages it is FROM. */
function imageStages(parsed: ParsedDockerfile, ctx: AnalysisContext): Set<number> {
  const out = new Set<number>();
  const invocations = ctx.req.related.invocations ?? [];
  for (const target of invocations.length > 0 ? invocations.map((i) => i.target) : [undefined]) {
    for (let i = targetStage(parsed.model, target)?.index; i !== undefined && !out.has(i); i = parsed.timeline.stages[i]?.baseStageIndex) out.add(i);
  }
  return out;
}

export const crossCompileEmulated = defineRule({
  id: 'cross-compile-emulated',
  family: 'cross-compile',
  severity: 'information',
  title: {
    en: 'A Go build stage that runs under emulation in a build for other platforms',
    'zh-cn': '为其他平台构建时在模拟器中运行的 Go 构建阶段',
  },
  check(parsed, ctx, report) {
    const invocations = ctx.req.related.invocations ?? [];
    const image = imageStages(parsed, ctx);
    const last = targetStage(parsed.model);
    const facts: ImageFacts = {
      image,
      last,
      lastKey: last && JSON.stringify([last.from.platform?.text ?? null, last.from.range.start.line, image.has(last.index)]),
    };
    // What the messages read of the builds: their labels and platforms. Which stages they build (their targets) is
    // each stage's own read.
    const builds = JSON.stringify(invocations.map((inv) => [inv.label, inv.platforms ?? null]));
    judgeStages(
      parsed,
      ctx,
      emulatedByStage,
      [ctx.locale, builds],
      report,
      (at, st, stageReport) => judgeEmulated(at, st, facts, stageReport),
      (st, i) => otherStagesRead(parsed, invocations, facts, st, i),
    );
  },
});

const emulatedByStage = stageReports();

/** What the judgement of a stage reads of the others: the stages the image is made of, and the last stage. */
interface ImageFacts {
  image: ReadonlySet<number>;
  last: Stage | undefined;
  /** The last stage's platform, where it is and whether it is the image's. */
  lastKey: string | undefined;
}

const BUILT_ON: readonly unknown[] = [];
const IN_IMAGE: readonly unknown[] = [true];

/**
 * A stage's own reads (see judgeStages), in the order its judgement reads them: whether it is one of the image's
 * stages; whether another stage's name starts like its FROM's variable one; which builds with platforms run it (the
 * evidence); the last stage, for a stage pinned to a constant platform. Only a stage that builds on no stage is judged.
 */
function otherStagesRead(
  parsed: ParsedDockerfile,
  invocations: readonly BuildInvocation[],
  facts: ImageFacts,
  st: StageTimeline,
  i: number,
): readonly unknown[] {
  if (st.baseStageIndex !== undefined) return BUILT_ON;
  if (facts.image.has(i)) return IN_IMAGE;
  const stageLike = namesStageLike(parsed, st);
  if (stageLike || !st.goSteps.some(isBuild)) return [false, stageLike];
  const builtBy = invocations.map((inv) => (inv.platforms && builtStages(parsed.model, inv.target).has(i) ? '1' : '0')).join('');
  const platform = st.stage.from.platform?.text;
  return [false, false, builtBy, platform !== undefined && !/[$]/.test(platform) ? facts.lastKey : undefined];
}

/** `FROM build-${VARIANT}`: the text before the variable, which may begin a stage's name. */
function stagePrefix(st: StageTimeline): string | undefined {
  const fromText = st.stage.from.image.text;
  return fromText.includes('$') ? fromText.slice(0, fromText.indexOf('$')).toLowerCase() : undefined;
}

// Per parse and prefix: whether a stage's name starts with it. Asked of every stage on every analysis (the judgement's
// reads), and a long Dockerfile repeats the same `FROM golang:${GO_VERSION}` in many stages.
const stageLikeByModel = new WeakMap<DockerfileModel, Map<string, boolean>>();

/** Whether the stage's FROM, `FROM build-${VARIANT}`, may name another stage of the file. */
function namesStageLike(parsed: ParsedDockerfile, st: StageTimeline): boolean {
  const prefix = stagePrefix(st);
  if (prefix === undefined) return false;
  const model = parsed.model;
  let byPrefix = stageLikeByModel.get(model);
  if (!byPrefix) stageLikeByModel.set(model, (byPrefix = new Map()));
  let like = byPrefix.get(prefix);
  if (like === undefined) byPrefix.set(prefix, (like = model.stages.some((s) => s.name?.startsWith(prefix))));
  return like;
}

const isBuild = (s: GoStep) => s.subcommand === 'build' || s.subcommand === 'install';

function judgeEmulated(at: Readonly<StageAnalysis>, st: StageTimeline, facts: ImageFacts, report: Reporter): void {
  const { parsed, ctx } = at;
  const { image, last } = facts;
  const lastPlatform = last?.from.platform?.text;
  const index = st.stage.index;
  // The image's own stages: running them elsewhere changes the image, not only the speed.
  if (image.has(index) || st.baseStageIndex !== undefined) return;
  // `FROM build-${VARIANT}` may name a stage (with its own platform): only an image known by name is judged.
  const unknownName = st.stage.from.references.some((r) => {
    const b = parsed.timeline.globalArgs.get(r.name);
    return !b || b.value === '' || b.origin.buildArg?.known === false;
  });
  const stageLike = namesStageLike(parsed, st);
  if (unknownName || stageLike || !st.resolvedImage || /[$]/.test(st.resolvedImage)) return;
  const builds = st.goSteps.filter(isBuild);
  if (builds.length === 0) return;
  const from = st.stage.from;
  const platform = from.platform?.text;
  const evidence = evidenceFor(parsed, ctx, index);
  if (platform !== undefined && !/[$]/.test(platform)) {
    // Pinned to a constant: only another platform the image is built for makes that a question.
    let others = evidence?.platforms.filter((p) => osArch(p) !== osArch(platform)) ?? [];
    let why = evidence?.text;
    if (others.length === 0 && last && lastPlatform && !/[$]/.test(lastPlatform) && osArch(lastPlatform) !== osArch(platform) && image.has(last.index)) {
      others = [lastPlatform];
      why = localize(ctx.locale, MESSAGES.finalStage, last.from.range.start.line + 1, lastPlatform);
    }
    if (others.length === 0 || !why) return;
    const wrong = builds.some((s) => !setsArch(s)) ? localize(ctx.locale, MESSAGES.wrongBinary, platform) : '';
    report({ range: from.platform!.range, message: localize(ctx.locale, MESSAGES.pinned, platform, others.map((p) => c(p)).join(', '), why, wrong) });
  } else if (platform === undefined && evidence && new Set(evidence.platforms.map(osArch)).size >= 2) {
    const redundant = builds.some(archFromTarget) ? localize(ctx.locale, MESSAGES.redundant) : '';
    report({
      range: from.keywordRange,
      message: localize(ctx.locale, MESSAGES.emulated, evidence.platforms.map((p) => c(p)).join(', '), evidence.text, redundant),
    });
  }
}
