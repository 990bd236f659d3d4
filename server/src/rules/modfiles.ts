// modfiles-copy-order: layer order that makes every source edit download the modules again (the sources copied before
// the modules are downloaded).
import { defineRule, type Report, type Reporter } from './rule';
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { posix } from 'node:path';
import type { CopyInstruction, Instruction, RunInstruction } from '../syntax/dockerfileModel';
import { expandShellValue } from '../syntax/dockerWords';
import { positionIn } from '../model/steps';
import type { StageTimeline } from '../goenv/timelineModel';
import { insertLineAfter, insertLinesBefore } from '../model/edits';
import { createdHomesKey, imageDefaultsAt } from '../model/image';
import { cacheEnvironment, cacheEnvironmentAt, hasCacheMount } from '../model/cachePlaces';
import { modulesInImageBefore, runsAfterDownload } from '../model/modulesInImage';
import { mayBeUnreachable, moduleKnown, runsConditionally } from '../model/conditionalSteps';
import { fetchCommand, firstModuleFetch } from '../model/moduleFetches';
import { isCredentialPath } from '../model/credentials';
import { workdirAt } from '../model/userHome';
import { indirectNote } from './support/indirectNote';
import { judgeStages, stageReports, type StageAnalysis } from './support/stageReports';
import { buildScriptsKey, downloadsBy, missingSourcesKey } from './support/moduleFetchReads';
import { copiesModuleFiles, copiesWholeModule, isModuleFileSource, isWholeContextCopy, moduleFolder } from '../model/copies';
import { backtick as c } from '../core/text';

const MESSAGES = {
  copyOrder: {
    en: (cmd: string, line: number, folder: string) =>
      `${c(cmd)} (line ${line}) runs after this COPY of the whole ${folder ? `module folder ${c(folder)}` : 'context'}, with no earlier COPY of just go.mod/go.sum: any source edit invalidates the layer, and every build downloads all modules again.`,
    'zh-cn': (cmd: string, line: number, folder: string) =>
      `${c(cmd)}（第 ${line} 行）在这条复制整个${folder ? `模块目录 ${c(folder)}` : '上下文'}的 COPY 之后运行，而之前没有只复制 go.mod/go.sum 的 COPY：任何源码改动都会让该层失效，每次构建都要重新下载全部模块。`,
  } satisfies Localized<[string, number, string]>,
  copyOrderTitle: {
    en: () => 'Copy go.mod/go.sum and download modules before copying the sources',
    'zh-cn': () => '先复制 go.mod/go.sum 并下载模块，再复制源码',
  } satisfies Localized,
  noDownload: {
    en: (cmd: string, line: number, sources: number) =>
      `go.mod/go.sum come in on their own here, but no step downloads the modules before the sources are copied (line ${sources}): ${c(cmd)} (line ${line}) runs again after any source edit and downloads every module again.`,
    'zh-cn': (cmd: string, line: number, sources: number) =>
      `这里单独复制了 go.mod/go.sum，但在复制源码（第 ${sources} 行）之前没有下载模块的步骤：任何源码改动后 ${c(cmd)}（第 ${line} 行）都会重新运行，并重新下载全部模块。`,
  } satisfies Localized<[string, number, number]>,
  noDownloadWith: {
    en: (cmd: string, line: number, sources: number, with_: string) =>
      `go.mod/go.sum come in here with ${with_}, but no step downloads the modules before the rest of the sources are copied (line ${sources}): ${c(cmd)} (line ${line}) runs again after any source edit and downloads every module again.`,
    'zh-cn': (cmd: string, line: number, sources: number, with_: string) =>
      `这里复制 go.mod/go.sum 时一并复制了 ${with_}，但在复制其余源码（第 ${sources} 行）之前没有下载模块的步骤：任何源码改动后 ${c(cmd)}（第 ${line} 行）都会重新运行，并重新下载全部模块。`,
  } satisfies Localized<[string, number, number, string]>,
  noDownloadTitle: {
    en: () => 'Add `RUN go mod download` after this COPY',
    'zh-cn': () => '在这条 COPY 之后添加 `RUN go mod download`',
  } satisfies Localized,
};

/** The COPY lines that bring in just the module files, for a module or a go.work workspace. */
function modFileCopies(ctx: AnalysisContext, dest: string, folder: string): string[] {
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
  // `go mod download` needs the directories of local replaces: they come in with the module files.
  // A module in a folder of the context (`COPY service/ .`) has its files there.
  const at = (f: string) => (folder ? `${folder}/${f}` : f);
  const replaced = localReplaceDirs(ctx).map((dir) => `COPY ${at(dir)} ${joinDest(dest, dir)}`);
  return [`COPY ${hasSum ? `${at('go.mod')} ${at('go.sum')}` : at('go.mod')} ${dest}`, ...replaced];
}

/** The go.mod's local replace directories inside the build context (`./staging/src/x` -> `staging/src/x`). */
function localReplaceDirs(ctx: AnalysisContext): string[] {
  const dirs = (ctx.goMod?.replaces ?? [])
    .filter((r) => r.isLocal && !/^(\.\.|\/|[A-Za-z]:)/.test(r.newPath))
    .map((r) => r.newPath.replace(/^\.\//, '').replace(/\/+$/, ''));
  return [...new Set(dirs)];
}

/** Whether a COPY brings a directory at or above a local replace's (`COPY staging/ ./staging/`). */
function copiesReplaceDir(ins: Instruction, dirs: string[]): boolean {
  return (
    (ins.kind === 'COPY' || ins.kind === 'ADD') &&
    !ins.from &&
    ins.sources.length > 0 &&
    ins.sources.every((s) => {
      const src = s.text.replace(/^\.\//, '').replace(/\/+$/, '');
      return src !== '' && src !== '.' && dirs.some((d) => d === src || d.startsWith(`${src}/`));
    })
  );
}

function joinDest(dest: string, dir: string): string {
  return `${dest.replace(/\/+$/, '') || '.'}/${dir}`;
}

/** A build tool's own file: a Makefile (or an included `.mk`), a Taskfile. */
const BUILD_TOOL_FILE = /(^|\/)(GNUmakefile|[Mm]akefile|[^/]+\.mk|Taskfile(\.dist)?\.ya?ml)$/;

/**
 * A COPY/ADD of files from the build context other than the module files into the working directory (a source folder,
 * the whole context); not a key or a config file put elsewhere (`COPY id_rsa /root/.ssh/`), nor the file of the build
 * tool that downloads (`COPY Makefile .` before `RUN make deps`, `toolFile` being the one it reads): no source edit
 * changes those.
 */
function copiesSources(ins: Instruction, workdir: string | undefined, toolFile: string | undefined): boolean {
  if ((ins.kind !== 'COPY' && ins.kind !== 'ADD') || ins.from) return false;
  const dest = ins.destination?.text ?? '';
  if (dest.startsWith('/') && (!workdir || !`${dest}/`.startsWith(`${workdir.replace(/\/+$/, '')}/`))) return false;
  const toolOwn = (src: string) => BUILD_TOOL_FILE.test(src) || (toolFile !== undefined && src.replace(/^\.\//, '') === toolFile);
  return ins.sources.some((s) => !isModuleFileSource(s.text) && !/^[a-z]+:\/\/|^git@/i.test(s.text) && !isCredentialPath(s.text) && !toolOwn(s.text));
}

/** A RUN between the module files and the sources that may download the modules (a go command, make, a script). */
function mayDownloadModules(ins: Instruction): boolean {
  return ins.kind === 'RUN' && /\bgo\s+(mod|get|list|build|install|work|test|run)\b|\bmake\b|\.sh\b|\bmage\b|\btask\b/.test(ins.argsText);
}

const copyOrderByStage = stageReports();

export const modfilesCopyOrder = defineRule({
  id: 'modfiles-copy-order',
  family: 'modfiles',
  severity: 'hint',
  title: { en: 'Modules are downloaded after copying all sources: no layer caching', 'zh-cn': '复制全部源码后才下载模块：无法利用层缓存' },
  check(parsed, ctx, report) {
    // Without the module's go.mod in view, or on a base image we cannot see into (it may hold the modules), the
    // claim that every build downloads them all again has no ground.
    if (!moduleKnown(ctx)) return;
    // A go.mod without requirements downloads nothing.
    if (ctx.goMod && !ctx.goWork && ctx.requiredModules.length === 0) return;
    judgeStages(parsed, ctx, copyOrderByStage, copyOrderReads(parsed, ctx), report, judgeCopyOrder);
  },
});

/**
 * A stage's judgement reads, besides the stage and those it builds on: the locale, go.mod (its local replaces) and
 * go.work (its modules), whether go.sum is there, the module's folder in the context, the build files (which build
 * tools fetch), the COPY sources the context lacks (which steps may not run), and the homes of the users the
 * Dockerfile creates, in any stage (where the module cache is).
 */
function copyOrderReads(parsed: ParsedDockerfile, ctx: AnalysisContext): unknown[] {
  return [ctx.locale, ctx.goMod, ctx.goWork, !!ctx.req.related.goSum, moduleFolder(ctx), buildScriptsKey(ctx), missingSourcesKey(ctx), createdHomesKey(parsed)];
}

/**
 * The first fetch of the module's own requirements in a stage: a go step (`go install x@v1` and `go run x@v1` ignore
 * the current module), or a build tool shown to run go. Reported where the sources come in before it.
 */
function judgeCopyOrder(at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter): void {
  const { parsed, ctx } = at;
  const stageIndex = st.stage.index;
  const first = firstModuleFetch(ctx, parsed, stageIndex);
  if (!first) return;
  const d = first.step;
  // A step under a shell condition may not run at all; under --network=none it fails (network-none says so).
  if (d && (first.instruction.network === 'none' || runsConditionally(d.step))) return;
  // With the module cache on a cache mount, or already in the image (copied from another stage), a rebuilt layer
  // does not download the modules again. (The cheap checks first: each one alone ends the stage's judgement.)
  const position = positionIn(parsed, stageIndex, first.instruction);
  const gomodcache = (d ? cacheEnvironment(parsed, d) : cacheEnvironmentAt(parsed, stageIndex, first.instruction, first.env)).GOMODCACHE;
  if (hasCacheMount(first.instruction, gomodcache, first.env)) return;
  const inImage = d ? runsAfterDownload(parsed).has(first.instruction) : modulesInImageBefore(parsed, stageIndex, position);
  if (inImage || (d && mayBeUnreachable(ctx, parsed, d))) return;
  if (!imageDefaultsAt(parsed, stageIndex)) return;
  // A stage built on one that already downloaded keeps those modules in its layers.
  const base = st.baseStageIndex;
  if (base !== undefined && downloadsBy(ctx, parsed, base)) return;
  const before = st.stage.instructions.slice(0, Math.max(0, position));
  const folder = moduleFolder(ctx);
  const wholeAt = before.findIndex((ins) => copiesWholeModule(ins, folder));
  const modCopies = before.slice(0, wholeAt < 0 ? before.length : wholeAt).filter(copiesModuleFiles);
  if (wholeAt < 0 && modCopies.length === 0) return;
  const cmd = fetchCommand(parsed, first);
  const line = first.range.start.line + 1;
  // A build tool's conclusion rests on its file (or the variables it is given): the message says which.
  const note = first.via ? ` ${indirectNote(ctx.locale, first.via)}` : '';
  if (modCopies.length > 0) {
    // The module files came in first, but nothing downloads before the sources do (all at once, or folder by folder).
    // The directories of local replaces are module files too: `go mod download` needs them.
    const replaces = localReplaceDirs(ctx);
    const modulePart = (ins: Instruction) => copiesModuleFiles(ins) || copiesReplaceDir(ins, replaces);
    const modAt = before.indexOf(modCopies[modCopies.length - 1]);
    const toolFile = first.via?.evidence.file;
    const sourcesAt =
      wholeAt >= 0 ? wholeAt : before.findIndex((ins, k) => k > modAt && copiesSources(ins, workdirAt(parsed, stageIndex, ins), toolFile) && !modulePart(ins));
    if (sourcesAt < 0 || before.slice(modAt + 1, sourcesAt).some(mayDownloadModules)) return;
    const lastModCopy = before.slice(0, sourcesAt).filter(modulePart).pop()!;
    // Without every replace directory in the image before the sources, the inserted download would fail.
    const covered = before.slice(0, sourcesAt).filter((ins) => copiesReplaceDir(ins, replaces));
    if (replaces.some((r) => !covered.some((ins) => copiesReplaceDir(ins, [r])))) return;
    const goModCopy = modCopies.find((ins) => ins.sources.some((x) => /(^|\/)go\.(mod|\*)$/.test(x.text))) ?? modCopies[0];
    const insertAt = st.stage.instructions[st.stage.instructions.indexOf(lastModCopy) + 1];
    // Go sources copied with the module files (`COPY go.mod go.sum main.go ./`): the message names them.
    const goSources = lastModCopy.kind === 'COPY' || lastModCopy.kind === 'ADD' ? lastModCopy.sources.map((x) => x.text).filter((t) => /\.go$/.test(t)) : [];
    const download = downloadLine(first.instruction, downloadDir(parsed, stageIndex, goModCopy, modFileFolder(goModCopy), insertAt));
    const sourcesLine = before[sourcesAt].range.start.line + 1;
    const message =
      goSources.length > 0
        ? localize(ctx.locale, MESSAGES.noDownloadWith, cmd, line, sourcesLine, goSources.map((x) => c(x)).join(', '))
        : localize(ctx.locale, MESSAGES.noDownload, cmd, line, sourcesLine);
    report(noDownloadReport(at, lastModCopy, message + note, download));
    return;
  }
  const whole = before[wholeAt] as CopyInstruction;
  // Several files go into a folder: the destination ends with `/` (without it BuildKit writes each file under
  // the folder's name, and the classic builder refuses), and the download runs where go.mod lands.
  const dest = `${(whole.destination?.text ?? '.').replace(/\/+$/, '')}/`;
  const wholeFolder = isWholeContextCopy(whole) ? '' : (folder ?? '');
  const lines = [...modFileCopies(ctx, dest, wholeFolder), downloadLine(first.instruction, downloadDir(parsed, stageIndex, whole, dest, whole))];
  report(copyOrderReport(at, whole, localize(ctx.locale, MESSAGES.copyOrder, cmd, line, wholeFolder) + note, lines));
}

// The reports are made apart from the judgement: their fixes' closures hold `at` and what they insert, no parse.
function noDownloadReport(at: Readonly<StageAnalysis>, lastModCopy: Instruction, message: string, download: string): Report {
  return {
    range: lastModCopy.range,
    message,
    fixes: () => [
      {
        title: localize(at.ctx.locale, MESSAGES.noDownloadTitle),
        preferred: true,
        edits: [{ uri: at.ctx.uri, edits: [insertLineAfter(at.parsed.model.lines, lastModCopy, download)] }],
      },
    ],
  };
}

function copyOrderReport(at: Readonly<StageAnalysis>, whole: CopyInstruction, message: string, lines: string[]): Report {
  return {
    range: whole.range,
    message,
    fixes: () => [
      {
        title: localize(at.ctx.locale, MESSAGES.copyOrderTitle),
        preferred: true,
        edits: [{ uri: at.ctx.uri, edits: [insertLinesBefore(at.parsed.model.lines, whole, lines)] }],
      },
    ],
  };
}

/** The folder a COPY of go.mod puts it in: its destination, or the destination's folder for `COPY go.mod go.mod`. */
function modFileFolder(copy: CopyInstruction): string {
  const dest = copy.destination?.text ?? '.';
  if (copy.sources.length === 1 && !dest.endsWith('/') && /(^|\/)go\.(mod|sum)$/.test(dest)) return posix.dirname(dest);
  return dest;
}

/**
 * Where the inserted `go mod download` must run for go.mod put in `folder` by `copy`, when that is not the
 * working directory it starts in (`instruction` is the one it goes before): '' when it is. A destination that
 * names another folder (`COPY go.mod go.sum /src/` before `WORKDIR /src`) is changed into first, or the download
 * would find no go.mod.
 */
function downloadDir(parsed: ParsedDockerfile, stage: number, copy: Instruction, folder: string, instruction: Instruction): string {
  const f = folder.replace(/\/+$/, '') || '/';
  const strip = (p: string | undefined) => (p === undefined ? undefined : p.replace(/\/+$/, '') || '/');
  const copyWd = strip(workdirAt(parsed, stage, copy));
  const runWd = strip(workdirAt(parsed, stage, instruction));
  if (f === '.') return copyWd === runWd ? '' : (copyWd ?? '');
  const env = parsed.timeline.stages[stage]?.envBefore[positionIn(parsed, stage, copy)];
  const expanded = expandShellValue(f, (n) => env?.get(n)?.value);
  const abs = expanded?.startsWith('/') ? expanded : expanded !== undefined && copyWd !== undefined ? posix.join(copyWd, expanded) : undefined;
  if (abs !== undefined && runWd !== undefined && strip(posix.normalize(abs)) === runWd) return '';
  return copyWd === runWd || f.startsWith('/') ? f : (abs ?? f);
}

/** The inserted download step, with the build's mounts, in the folder go.mod is in. */
function downloadLine(run: RunInstruction, dir: string): string {
  return `RUN${mountFlags(run)} ${dir ? `cd ${dir} && ` : ''}go mod download`;
}

/** The cache and secret mounts of a RUN, to repeat on the inserted download step. */
function mountFlags(run: RunInstruction): string {
  const kept = run.flags.filter((f) => f.name === 'mount' && /type=(cache|secret|ssh)/.test(f.value));
  return kept.map((f) => ` --mount=${f.value}`).join('');
}
