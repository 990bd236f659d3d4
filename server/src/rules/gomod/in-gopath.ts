// gomod-in-gopath: a go.mod copied to the root of GOPATH (the official image works in /go, its GOPATH). Whenever
// $GOPATH/go.mod exists, Go 1.17 and later warn on every module command and stop the commands that need a main module
// (`go mod tidy`, `vendor`, `verify`, `why`, `graph`) with "go.mod file not found" — wherever they run; Go 1.11 to 1.16
// stop every module command with "$GOPATH/go.mod exists but should not". test/gocmd/gomod-in-gopath.gocmd.test.ts
// checks what the go command does.
import { posix } from 'node:path';
import { defineRule, type Reporter } from '../rule';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { Localized } from '../../core/localize';
import { localize } from '../../core/localize';
import type { Fix, Severity } from '../../core/types';
import { backtick as c } from '../../core/text';
import type { GoStep, GoSubcommand, StageTimeline } from '../../goenv/timelineModel';
import type { Instruction } from '../../syntax/dockerfileModel';
import { cacheEnvironmentAt } from '../../model/cachePlaces';
import { goModDestination, moduleFolder } from '../../model/copies';
import { createdHomesKey, imageDefaultsAt, imageGoVersion } from '../../model/image';
import { inModuleMode } from '../../model/moduleMode';
import { ancestry, localStageFactsBy, stageLocalFacts } from '../../model/stages';
import { commandText, positionIn } from '../../model/steps';
import { MODULE_LOADING_SUBCOMMANDS } from '../../model/indirectSteps';
import { OFFICIAL_IMAGE_DEFAULTS } from '../../goenv/effective';
import { expandShellValue } from '../../syntax/dockerWords';
import { insertLinesBefore } from '../../model/edits';
import type { AnalysisContext } from '../../model/context';
import { judgeStages, stageReports, type StageAnalysis } from '../support/stageReports';

const NOT_FOUND = "go: go.mod file not found in current directory or any parent directory; see 'go help modules'";
const MESSAGES = {
  oldGo: {
    en: (dir: string, cmd: string, line: number) =>
      `This COPY puts go.mod in ${c(dir)}, the GOPATH of this stage: the image's Go (1.16 or older) stops every module command with "$GOPATH/go.mod exists but should not", so ${c(cmd)} (line ${line}) fails. Copy the module elsewhere (WORKDIR /src before this COPY).`,
    'zh-cn': (dir: string, cmd: string, line: number) =>
      `这条 COPY 把 go.mod 放进了 ${c(dir)}，即本阶段的 GOPATH：镜像中的 Go（1.16 或更早）会让所有模块命令以 "$GOPATH/go.mod exists but should not" 退出，因此 ${c(cmd)}（第 ${line} 行）会失败。请把模块复制到别处（在这条 COPY 之前加 WORKDIR /src）。`,
  } satisfies Localized<[string, string, number]>,
  needsRoot: {
    en: (dir: string, cmd: string, line: number) =>
      `This COPY puts go.mod in ${c(dir)}, the GOPATH of this stage: go then prints "go: warning: ignoring go.mod in $GOPATH ${dir}", and ${c(cmd)} (line ${line}) fails with "${NOT_FOUND}". Copy the module elsewhere (WORKDIR /src before this COPY).`,
    'zh-cn': (dir: string, cmd: string, line: number) =>
      `这条 COPY 把 go.mod 放进了 ${c(dir)}，即本阶段的 GOPATH：go 会打印 "go: warning: ignoring go.mod in $GOPATH ${dir}"，${c(cmd)}（第 ${line} 行）会以 "${NOT_FOUND}" 失败。请把模块复制到别处（在这条 COPY 之前加 WORKDIR /src）。`,
  } satisfies Localized<[string, string, number]>,
  warnsOnly: {
    en: (dir: string, cmd: string, line: number) =>
      `This COPY puts go.mod in ${c(dir)}, the GOPATH of this stage: every go command here prints "go: warning: ignoring go.mod in $GOPATH ${dir}" (first ${c(cmd)}, line ${line}); downloads and builds still work, but \`go mod tidy\`, \`vendor\`, \`verify\`, \`why\` and \`graph\` fail with "${NOT_FOUND}". Copy the module elsewhere (WORKDIR /src before this COPY).`,
    'zh-cn': (dir: string, cmd: string, line: number) =>
      `这条 COPY 把 go.mod 放进了 ${c(dir)}，即本阶段的 GOPATH：这里的每条 go 命令都会打印 "go: warning: ignoring go.mod in $GOPATH ${dir}"（首先是第 ${line} 行的 ${c(cmd)}）；下载和构建仍能进行，但 \`go mod tidy\`、\`vendor\`、\`verify\`、\`why\` 和 \`graph\` 会以 "${NOT_FOUND}" 失败。请把模块复制到别处（在这条 COPY 之前加 WORKDIR /src）。`,
  } satisfies Localized<[string, string, number]>,
  fixTitle: {
    en: (dir: string) => `Work in ${dir}: add \`WORKDIR ${dir}\` before this COPY`,
    'zh-cn': (dir: string) => `改在 ${dir} 中工作：在这条 COPY 之前添加 \`WORKDIR ${dir}\``,
  } satisfies Localized<[string]>,
};

/** The commands that need a main module: go stops them when $GOPATH/go.mod exists (Go 1.17+). */
const NEEDS_MAIN_MODULE = new Set<GoSubcommand>(['mod tidy', 'mod vendor', 'mod verify', 'mod why', 'mod graph']);
/** go commands that load the module, and `go mod verify`, which needs one too. */
const LOADS_MODULE: ReadonlySet<string> = new Set([...MODULE_LOADING_SUBCOMMANDS, ...NEEDS_MAIN_MODULE]);
/** Folders a fix may move the work to, the first one the Dockerfile does not use. */
const FREE_DIRS = ['/src', '/app', '/build', '/workspace'];
const RANK: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/** A go step that finds go.mod at the root of its GOPATH, and the COPY that put it there. */
interface Landing {
  copy: Instruction;
  gopath: string;
  /** The COPY's destination is relative: it lands in GOPATH because the WORKDIR is GOPATH. */
  relative: boolean;
  severity: Severity;
  text: Localized<[string, string, number]>;
  /** The step's command and line, which the message names. */
  cmd: string;
  line: number;
}

interface GoModPlaces {
  /** The go.mod landings and removals of the stage, in order: the folder a COPY put one in, or a RUN that removed one. */
  events: { at: number; copy?: Instruction; dir?: string }[];
  /** The WORKDIR at the end of the stage (what a stage built on it starts in). */
  workdirAtEnd: string | undefined;
}

/** The go.mod landings' caches, per module folder (none: `\u0000`). */
const placesIn = localStageFactsBy<GoModPlaces>();

/**
 * Per stage, in one pass with the WORKDIR as BuildKit resolves it (see workdirAt): where COPYs put a go.mod. Kept
 * with each stage's timeline for the module's folder: whether the whole context brings a go.mod depends on where
 * the go.mod is.
 */
function placesOf(parsed: ParsedDockerfile, folder: string | undefined): GoModPlaces[] {
  return stageLocalFacts(parsed, placesIn(folderKey(folder)), (st, base) => stagePlaces(parsed, st, base, folder));
}

/** The module's folder as a key of the stage caches (none: `\u0000`, which no folder's name holds). */
const folderKey = (folder: string | undefined) => (folder === undefined ? '\u0000' : folder);

function stagePlaces(parsed: ParsedDockerfile, st: StageTimeline, base: GoModPlaces | undefined, folder: string | undefined): GoModPlaces {
  const official = imageDefaultsAt(parsed, st.stage.index) === OFFICIAL_IMAGE_DEFAULTS;
  let dir = base ? base.workdirAtEnd : official ? '/go' : undefined;
  const events: GoModPlaces['events'] = [];
  st.stage.instructions.forEach((ins, at) => {
    if (ins.kind === 'WORKDIR') {
      // The official image's ENV GOPATH=/go expands too (`WORKDIR $GOPATH`).
      const lookup = (n: string) => st.envBefore[at]?.get(n)?.value ?? (official && n === 'GOPATH' ? '/go' : undefined);
      const value = expandShellValue(ins.argsText.trim(), lookup);
      dir = !value ? undefined : value.startsWith('/') ? posix.normalize(value) : dir === undefined ? undefined : posix.join(dir, value);
    } else if (ins.kind === 'RUN' && /\b(rm|mv)\b[^;&|\n]*go\.mod/.test(ins.argsText)) events.push({ at });
    else {
      const into = goModDestination(ins, dir, folder);
      if (into) events.push({ at, copy: ins, dir: into });
    }
  });
  return { events, workdirAtEnd: dir };
}

/**
 * The COPY/ADD of the stage's chain before the instruction at `at` that first put a go.mod into `dir` (since a RUN
 * last removed one). Each stage's answers for a folder are worked out once (`memo`), then found by binary search.
 */
function goModPutIn(
  places: GoModPlaces[],
  parsed: ParsedDockerfile,
  stageIndex: number,
  at: number,
  dir: string,
  memo: Map<string, { at: number; copy?: Instruction }[]>,
): Instruction | undefined {
  const key = `${stageIndex}\n${dir}`;
  let changes = memo.get(key);
  if (!changes) {
    const base = parsed.timeline.stages[stageIndex]?.baseStageIndex;
    let current = base !== undefined && base < stageIndex ? goModPutIn(places, parsed, base, Infinity, dir, memo) : undefined;
    changes = [{ at: -1, copy: current }];
    for (const e of places[stageIndex]?.events ?? []) {
      if (!e.copy) current = undefined;
      else if (!current && e.dir === dir) current = e.copy;
      else continue;
      changes.push({ at: e.at, copy: current });
    }
    memo.set(key, changes);
  }
  let lo = 0;
  let hi = changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (changes[mid].at < at) lo = mid + 1;
    else hi = mid;
  }
  return changes[lo - 1]?.copy;
}

function usesModFile(step: GoStep): boolean {
  return /(^|\s)-modfile\b/.test(step.env.get('GOFLAGS')?.value ?? '') || step.args.some((a) => /^--?modfile\b/.test(a.text));
}

/** A folder for the fix that the Dockerfile does not name; undefined when the fix would move files it reads from GOPATH. */
function freeWorkdir(text: string, gopath: string): string | undefined {
  const escaped = gopath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // `COPY --from=build /go/app …` or `/go/app` in a command: after the fix the file is elsewhere.
  if (new RegExp(`(${escaped}|\\$\\{?GOPATH\\}?)/(?!(bin|pkg|src)\\b)[\\w.-]`).test(text)) return undefined;
  return FREE_DIRS.find((d) => !new RegExp(`(^|[\\s=:"'\\[,])${d}(?![\\w.-])`, 'm').test(text));
}

/**
 * The landings of a stage's go steps, in order. Kept with the stage's timeline per module folder (the places COPYs
 * put go.mod depend on it) and per set of users the file creates (a home moves an installed Go's GOPATH); the places
 * read also the stages it builds on, which a reused timeline's are too.
 */
const landingsIn = localStageFactsBy<Landing[]>();

function stageLandings(parsed: ParsedDockerfile, st: StageTimeline, places: GoModPlaces[], memo: Map<string, { at: number; copy?: Instruction }[]>): Landing[] {
  const out: Landing[] = [];
  const s = st.stage.index;
  const defaults = imageDefaultsAt(parsed, s);
  const v = imageGoVersion(parsed, s);
  const oldGo = !!v && v.major === 1 && v.minor <= 16;
  for (const step of st.goSteps) {
    if (!LOADS_MODULE.has(step.subcommand) || usesModFile(step)) continue;
    if ((step.env.get('GO111MODULE')?.value ?? '').toLowerCase() === 'off' || !inModuleMode(parsed, st, step)) continue;
    // Where GOPATH is: the image's (official or installed Go) or set in the Dockerfile; else unknown.
    if (!defaults && !step.env.has('GOPATH')) continue;
    const gopath = cacheEnvironmentAt(parsed, s, step.instruction, step.env)
      .GOPATH.split(':')[0]
      .replace(/(.)\/+$/, '$1');
    if (!gopath.startsWith('/')) continue;
    const copy = goModPutIn(places, parsed, s, positionIn(parsed, s, step.instruction), gopath, memo);
    if (!copy) continue;
    const severity: Severity = oldGo || NEEDS_MAIN_MODULE.has(step.subcommand) ? 'error' : 'information';
    const text = oldGo ? MESSAGES.oldGo : severity === 'error' ? MESSAGES.needsRoot : MESSAGES.warnsOnly;
    const relative = (copy.kind === 'COPY' || copy.kind === 'ADD') && !copy.destination?.text.startsWith('/');
    out.push({ copy, gopath, relative, severity, text, cmd: commandText(parsed, step), line: step.range.start.line + 1 });
  }
  return out;
}

/** Every stage's landings, and per stage the landings arrays of the stages built on it that find a go.mod it copied. */
interface Landings {
  perStage: readonly Landing[][];
  /** By stage index, in stage order: what a stage's judgement reads of the stages built on it. */
  foundFrom: Landing[][][];
  /** The folder a fix moves the work to, per GOPATH (it reads the whole file: kept per analysis, once asked). */
  freeDirs: Map<string, string | undefined>;
}

function landingsOf(parsed: ParsedDockerfile, ctx: AnalysisContext): Landings {
  const byParse = ctx.memo('gomodInGopathLandings', () => new WeakMap<ParsedDockerfile, Landings>());
  let out = byParse.get(parsed);
  if (out) return out;
  const folder = moduleFolder(ctx);
  const places = placesOf(parsed, folder);
  const memo = new Map<string, { at: number; copy?: Instruction }[]>();
  const perStage = stageLocalFacts(parsed, landingsIn(`${folderKey(folder)}\u0000${createdHomesKey(parsed)}`), (st) => stageLandings(parsed, st, places, memo));
  const foundFrom: Landing[][][] = [];
  perStage.forEach((ls, d) => {
    // A step finds the go.mod a COPY of its own stage or of a stage it builds on put there: that stage reports it.
    const copiers = new Set<number>();
    for (const l of ls) {
      if (positionIn(parsed, d, l.copy) !== Infinity) continue;
      const by = ancestry(parsed, d).find((a) => positionIn(parsed, a, l.copy) !== Infinity);
      if (by !== undefined) copiers.add(by);
    }
    for (const a of copiers) (foundFrom[a] ??= []).push(ls);
  });
  byParse.set(parsed, (out = { perStage, foundFrom, freeDirs: new Map() }));
  return out;
}

/** freeWorkdir of the file for `gopath`, once per analysis: what a stage's fixes read of the rest of the file. */
function freeDirIn(parsed: ParsedDockerfile, landings: Landings, gopath: string): string | undefined {
  if (!landings.freeDirs.has(gopath)) landings.freeDirs.set(gopath, freeWorkdir(parsed.file.text, gopath));
  return landings.freeDirs.get(gopath);
}

/** Of a stage's landings and those of the stages built on it, those on its own COPYs: each once, the gravest first found. */
function stageFindings(parsed: ParsedDockerfile, landings: Landings, stageIndex: number): Map<Instruction, Landing> {
  const found = new Map<Instruction, Landing>();
  for (const ls of [landings.perStage[stageIndex], ...(landings.foundFrom[stageIndex] ?? [])]) {
    for (const l of ls) {
      if (positionIn(parsed, stageIndex, l.copy) === Infinity) continue;
      const before = found.get(l.copy);
      if (!before || RANK[before.severity] < RANK[l.severity]) found.set(l.copy, l);
    }
  }
  return found;
}

const NO_READS: readonly unknown[] = [];
const inGopathByStage = stageReports();

export const gomodInGopath = defineRule({
  id: 'gomod-in-gopath',
  family: 'gomod',
  severity: 'information',
  title: { en: 'go.mod copied to the root of GOPATH', 'zh-cn': 'go.mod 被复制到 GOPATH 根目录' },
  check(parsed, ctx, report) {
    const landings = landingsOf(parsed, ctx);
    // Every stage's landings read the module's folder and the homes users get in any stage (see landingsIn).
    judgeStages(parsed, ctx, inGopathByStage, [ctx.locale, moduleFolder(ctx), createdHomesKey(parsed)], report, judgeInGopath, (_st, i) => {
      const from = landings.foundFrom[i];
      if (!from && landings.perStage[i].length === 0) return NO_READS;
      // The stages built on it that find its go.mod, and the folders its fixes would move the work to.
      const dirs = [...stageFindings(parsed, landings, i).values()].map((l) => (l.relative ? freeDirIn(parsed, landings, l.gopath) : undefined));
      return [...(from ?? []), JSON.stringify(dirs)];
    });
  },
});

function judgeInGopath(at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter): void {
  const landings = landingsOf(at.parsed, at.ctx);
  for (const l of stageFindings(at.parsed, landings, st.stage.index).values()) {
    report({
      range: l.copy.range,
      severity: l.severity,
      message: localize(at.ctx.locale, l.text, l.gopath, l.cmd, l.line),
      fixes: () => workdirFixes(at, l),
    });
  }
}

/** Work in a folder the Dockerfile does not use: a WORKDIR before the COPY (a relative destination only). */
function workdirFixes(at: Readonly<StageAnalysis>, l: Landing): Fix[] {
  const dir = l.relative ? freeWorkdir(at.parsed.file.text, l.gopath) : undefined;
  if (!dir) return [];
  return [
    {
      title: localize(at.ctx.locale, MESSAGES.fixTitle, dir),
      preferred: true,
      edits: [{ uri: at.ctx.uri, edits: [insertLinesBefore(at.parsed.model.lines, l.copy, [`WORKDIR ${dir}`])] }],
    },
  ];
}
