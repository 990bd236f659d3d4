// toolchain-download: the image's Go is older than go.mod asks for: the go command downloads a toolchain through
// GOPROXY, or fails.
import { defineRule, type Reporter } from '../rule';
import type { Localized } from '../../core/localize';
import { localize } from '../../core/localize';
import { compareGoVersions } from '../../syntax/gomod';
import { imageGoVersion, newestGoOf, type ImageGoVersion } from '../../model/image';
import type { Fix, Range, TextEdit } from '../../core/types';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import { isUnknownValue } from '../../syntax/dockerWords';
import type { GoStep, StageTimeline } from '../../goenv/timelineModel';
import { commandText, namesVersion } from '../../model/steps';
import { indirectSteps, type IndirectStep } from '../../model/indirectSteps';
import { indirectNote } from '../support/indirectNote';
import { backtick as c } from '../../core/text';
import { judgeStages, stageReports, type StageAnalysis } from '../support/stageReports';

const MESSAGES = {
  fails: {
    en: (image: string, required: string, running: string) =>
      `${c(image)} has Go ${running}, but go.mod requires go >= ${required}. The official images set GOTOOLCHAIN=local, so the build fails with "go: go.mod requires go >= ${required} (running go ${running}; GOTOOLCHAIN=local)".`,
    'zh-cn': (image: string, required: string, running: string) =>
      `${c(image)} 中是 Go ${running}，但 go.mod 要求 go >= ${required}。官方镜像设置了 GOTOOLCHAIN=local，构建会以 "go: go.mod requires go >= ${required} (running go ${running}; GOTOOLCHAIN=local)" 失败。`,
  } satisfies Localized<[string, string, string]>,
  downloads: {
    en: (image: string, wanted: string, running: string) =>
      `${c(image)} has Go ${running}, older than the go ${wanted} that go.mod asks for: with GOTOOLCHAIN allowing it, every build first downloads golang.org/toolchain@v0.0.1-go${wanted} through GOPROXY (slow, and it fails behind a broken mirror).`,
    'zh-cn': (image: string, wanted: string, running: string) =>
      `${c(image)} 中是 Go ${running}，比 go.mod 要求的 go ${wanted} 旧：在 GOTOOLCHAIN 允许时，每次构建都会先经由 GOPROXY 下载 golang.org/toolchain@v0.0.1-go${wanted}（很慢，镜像异常时还会失败）。`,
  } satisfies Localized<[string, string, string]>,
  tooOld: {
    en: (image: string, running: string, what: string) =>
      `${c(image)} has Go ${running}, which predates toolchain management (Go 1.21) and cannot read this go.mod: "${what}".`,
    'zh-cn': (image: string, running: string, what: string) => `${c(image)} 中是 Go ${running}，早于工具链管理（Go 1.21），无法读取这个 go.mod："${what}"。`,
  } satisfies Localized<[string, string, string]>,
  tidy: {
    en: (image: string, running: string, required: string, minor: string) =>
      `${c(image)} has Go ${running}, older than the go ${required} line of go.mod: \`go mod tidy\` refuses a module newer than the Go it runs and fails with "go: go.mod file indicates go ${required}, but maximum version supported by tidy is ${minor}".`,
    'zh-cn': (image: string, running: string, required: string, minor: string) =>
      `${c(image)} 中是 Go ${running}，比 go.mod 的 go ${required} 旧：\`go mod tidy\` 拒绝处理比所运行的 Go 更新的模块，会以 "go: go.mod file indicates go ${required}, but maximum version supported by tidy is ${minor}" 失败。`,
  } satisfies Localized<[string, string, string, string]>,
  refuses: {
    en: (image: string, running: string, required: string, cmd: string, pkg: string) =>
      `${c(image)} has Go ${running}: since 1.19.13 and 1.20.8 the go command refuses to compile packages of a module that declares go 1.22 or later. This go.mod declares go ${required}, so ${c(cmd)} fails with "${pkg}: cannot compile Go 1.22 code".`,
    'zh-cn': (image: string, running: string, required: string, cmd: string, pkg: string) =>
      `${c(image)} 中是 Go ${running}：自 1.19.13 与 1.20.8 起，go 命令拒绝编译声明 go 1.22 及以上的模块中的包。这个 go.mod 声明了 go ${required}，所以 ${c(cmd)} 会以 "${pkg}: cannot compile Go 1.22 code" 失败。`,
  } satisfies Localized<[string, string, string, string, string]>,
  bumpTitle: {
    en: (image: string) => `Use ${image}`,
    'zh-cn': (image: string) => `改用 ${image}`,
  } satisfies Localized<[string]>,
};

/** An edit that puts `version` in the image tag: on the FROM line, or on the ARG default it comes from. */
function bumpEdit(parsed: ParsedDockerfile, stageIndex: number, v: ImageGoVersion, version: string): { edit: TextEdit; image: string } | undefined {
  const index = parsed.model.lines;
  const from = parsed.timeline.stages[stageIndex]?.stage.from;
  if (!from) return undefined;
  const written = index.slice(from.image.range);
  const image = v.image.replace(v.text, version);
  const m = /golang:([^@\s]*)/.exec(written);
  if (m && !m[1].includes('$')) {
    const at = written.indexOf(v.text, m.index);
    if (at >= 0) {
      const start = { line: from.image.range.start.line, character: from.image.range.start.character + at };
      const range: Range = { start, end: { line: start.line, character: start.character + v.text.length } };
      return { edit: { range, newText: version }, image };
    }
  }
  // golang:${GO_VERSION}-alpine: change the global ARG's default.
  for (const ins of parsed.model.globalArgs) {
    for (const a of ins.args) {
      if (a.value === v.text && written.includes(a.name) && index.slice(a.valueRange) === a.value)
        return { edit: { range: a.valueRange, newText: version }, image };
    }
  }
  return undefined;
}

/**
 * The first step that compiles the module's own packages (a versioned `go install x@v` builds another module): a go
 * step, else a build tool shown to compile (with the step, whose evidence the message then gives).
 */
function compileStep(parsed: ParsedDockerfile, steps: readonly GoStep[], indirect: readonly IndirectStep[]): { cmd: string; via?: IndirectStep } | undefined {
  const step = steps.find((s) => COMPILES.has(s.subcommand) && !namesVersion(s));
  // As written: `xx-go build` is the command that fails.
  if (step) return { cmd: commandText(parsed, step) };
  const via = indirect.find((s) => s.compiles);
  return via && { cmd: via.text, via };
}
const COMPILES = new Set(['build', 'install', 'run', 'test']);

const downloadByStage = stageReports();
const NO_TOOLS: readonly IndirectStep[] = [];

/**
 * What a stage's judgement reads of its indirect go steps: the build files show them (a Makefile edit changes them)
 * and so does a later stage that copies the stage's output. One string, equal while what is read is the same.
 */
function toolsRead(tools: readonly IndirectStep[]): string {
  if (tools.length === 0) return '';
  return JSON.stringify(tools.map((s) => [s.text, s.compiles, s.setInFiles.has('GOTOOLCHAIN'), s.env.get('GOTOOLCHAIN')?.value, s.evidence]));
}

export const toolchainDownload = defineRule({
  id: 'toolchain-download',
  family: 'toolchain',
  severity: 'warning',
  title: { en: 'The image Go is older than go.mod requires', 'zh-cn': '镜像中的 Go 版本低于 go.mod 的要求' },
  check(parsed, ctx, report) {
    const mod = ctx.goMod;
    if (!mod?.go) return;
    const indirect = indirectSteps(ctx);
    // Of go.mod, a judgement reads the go and toolchain lines and the module's path (which a message names).
    judgeStages(parsed, ctx, downloadByStage, [ctx.locale, mod.go.version, mod.toolchain?.name, mod.module?.path], report, judgeDownload, (_st, i) => [
      toolsRead(indirect[i] ?? NO_TOOLS),
    ]);
  },
});

function judgeDownload(at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter): void {
  const { parsed, ctx } = at;
  const mod = ctx.goMod!;
  const required = mod.go!.version;
  const wanted = mod.toolchain && mod.toolchain.name !== 'default' ? mod.toolchain.name.replace(/^go/, '') : undefined;
  // A stage runs go through its go steps, or inside a build tool shown to run go (an indirect step).
  const tools = indirectSteps(ctx)[st.stage.index] ?? NO_TOOLS;
  if ((st.goSteps.length === 0 && tools.length === 0) || st.baseStageIndex !== undefined) return;
  const v = imageGoVersion(parsed, st.stage.index);
  if (!v) return;
  const running = newestGoOf(v);
  const needs = compareGoVersions(running, required) < 0;
  const prefers = wanted !== undefined && compareGoVersions(running, wanted) < 0;
  if (!needs && !prefers) return;
  const step = st.goSteps[0];
  // With no go step of its own the conclusion rests on a build tool: its files may set GOTOOLCHAIN themselves.
  let via = step ? undefined : tools[0];
  if (via?.setInFiles.has('GOTOOLCHAIN')) return;
  // Only the official image (and its mirrors) is known to set GOTOOLCHAIN=local; another image's default is unknown.
  const toolchain = (step ?? via!).env.get('GOTOOLCHAIN')?.value ?? (v.minor < 21 && v.major === 1 ? '' : v.official ? 'local' : undefined);
  if (toolchain === undefined || isUnknownValue(toolchain)) return; // nothing true to say
  const target = needs ? (wanted && compareGoVersions(wanted, required) > 0 ? wanted : required) : wanted!;
  let message: string;
  let severity: 'error' | undefined;
  if (v.major === 1 && v.minor < 21) {
    // Before Go 1.21 the go line was advisory: a newer `go 1.N` builds (at most a compile error notes it).
    // Go 1.19.13+ and 1.20.8+ (what the floating 1.19 and 1.20 tags run) read 1.21-style go.mod files but
    // refuse modules declaring go 1.22 or later; older releases fail only on a go.mod they cannot parse.
    const backported = (v.minor === 19 && (v.patch ?? 99) >= 13) || (v.minor === 20 && (v.patch ?? 99) >= 8);
    // Go 1.18 to 1.20 `go mod tidy` refuses a go line newer than the Go it runs (a go.mod it can read at all:
    // 1.21-style `1.N.P` lines only on the backported releases), unless told which version to tidy for.
    const tidy = st.goSteps.find((s) => s.subcommand === 'mod tidy' && !s.args.some((w) => /^--?(go|compat)(=|$)/.test(w.text)));
    const compileFirst = compileStep(parsed, st.goSteps.slice(0, tidy ? st.goSteps.indexOf(tidy) : undefined), []);
    const readable = backported || !/^\d+\.\d+\.\d+/.test(required);
    if (
      tidy &&
      v.minor >= 18 &&
      readable &&
      compareGoVersions(required, `1.${v.minor}`) > 0 &&
      !(backported && compileFirst && compareGoVersions(required, '1.22') >= 0)
    ) {
      message = localize(ctx.locale, MESSAGES.tidy, v.image, v.text, required, `1.${v.minor}`);
      via = undefined;
    } else if (backported) {
      // The refusal comes when a package of the module is compiled: `go mod download` still succeeds.
      const compile = compileStep(parsed, st.goSteps, tools);
      if (compareGoVersions(required, '1.22') < 0 || !compile || !mod.module) return;
      via = compile.via;
      message = localize(ctx.locale, MESSAGES.refuses, v.image, v.text, required, compile.cmd, mod.module.path);
    } else {
      const what = /^\d+\.\d+\.\d+/.test(required)
        ? `invalid go version '${required}': must match format 1.23`
        : mod.toolchain
          ? 'unknown directive: toolchain'
          : undefined;
      if (!what) return;
      message = localize(ctx.locale, MESSAGES.tooOld, v.image, v.text, what);
    }
    severity = 'error';
  } else if (needs && (toolchain === 'local' || toolchain === '')) {
    // A floating tag runs the newest patch of its line, whose number go prints and the tag does not show.
    message = localize(ctx.locale, MESSAGES.fails, v.image, required, v.patch === undefined && !/rc|beta/.test(v.text) ? `${v.text}.x` : v.text);
    severity = 'error';
  } else if (!needs && (toolchain === 'local' || toolchain === '')) {
    return; // The toolchain line is only a preference; with local it is ignored.
  } else {
    message = localize(ctx.locale, MESSAGES.downloads, v.image, target, v.text);
  }
  if (via) message += ` ${indirectNote(ctx.locale, via)}`;
  report({ range: st.stage.from.image.range, severity, message, fixes: () => bumpFixes(at, st.stage.index, v, target) });
}

/** The fix that puts `target` in the image tag (none for an image pinned by digest: a new tag alone changes nothing). */
function bumpFixes(at: Readonly<StageAnalysis>, stageIndex: number, v: ImageGoVersion, target: string): Fix[] {
  const bump = v.digest ? undefined : bumpEdit(at.parsed, stageIndex, v, target);
  return bump ? [{ title: localize(at.ctx.locale, MESSAGES.bumpTitle, bump.image), preferred: true, edits: [{ uri: at.ctx.uri, edits: [bump.edit] }] }] : [];
}
