// env-set-after-use: a Go variable set (ENV, ARG, `go env -w`) after the download step that needed it.
// env-legacy-form: `ENV GOPROXY https://goproxy.cn GOSUMDB off`, where the legacy form makes the rest of the line
// GOPROXY's value and GOSUMDB is never set.
import type { DockerfileTimeline, GoStep, StageTimeline } from '../goenv/timelineModel';
import { defineRule, type Reporter } from './rule';
import type { Fix, TextEdit } from '../core/types';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { insertLinesBefore, removeAssignment, dockerfileValue } from '../model/edits';
import { stageValueSites } from '../model/sites';
import { localStageFacts, stageLocalFacts } from '../model/stages';
import { FETCH_VARIABLES, GO_VARIABLES, LOCATION_VARIABLES } from '../goenv/variables';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import { backtick as c, type Position } from '../core/text';
import { rawWords } from '../syntax/buildkitErrors';
import { moduleModeByDefault } from './support/moduleMode';
import { judgeStages, stageReports, type StageAnalysis } from './support/stageReports';
import type { Instruction } from '../syntax/dockerfileModel';

const MESSAGES = {
  afterUse: {
    en: (name: string, value: string, cmd: string, line: number) =>
      `${name}=${c(value)} is set after ${c(cmd)} on line ${line}, which already ran without it; only later steps see it.`,
    'zh-cn': (name: string, value: string, cmd: string, line: number) =>
      `${name}=${c(value)} 设置在第 ${line} 行的 ${c(cmd)} 之后，而那一步运行时还没有它；只有之后的步骤才能用到。`,
  } satisfies Localized<[string, string, string, number]>,
  legacy: {
    en: (name: string, value: string, names: string[], rewritten: string | undefined) =>
      `In the legacy \`ENV NAME value\` form everything after the name is one value: ${name} is set to ${c(value)}, and ${names.map((n) => c(n)).join(', ')} ${names.length === 1 ? 'is' : 'are'} not set at all. Docker warns about this form (${c('"ENV key=value" should be used instead of legacy "ENV key value" format')}).${rewritten ? ` Write ${c(`ENV ${rewritten}`)}.` : ''}`,
    'zh-cn': (name: string, value: string, names: string[], rewritten: string | undefined) =>
      `在旧式 \`ENV NAME value\` 写法中，名字之后的全部内容都是同一个值：${name} 被设为 ${c(value)}，而 ${names.map((n) => c(n)).join('、')} 根本没有被设置。Docker 对这种写法会给出警告（${c('"ENV key=value" should be used instead of legacy "ENV key value" format')}）。${rewritten ? `请写成 ${c(`ENV ${rewritten}`)}。` : ''}`,
  } satisfies Localized<[string, string, string[], string | undefined]>,
  rewriteTitle: { en: () => 'Write each variable as NAME=value', 'zh-cn': () => '把每个变量写成 NAME=value' } satisfies Localized,
  moveTitle: {
    en: (name: string, line: number) => `Move ${name} above line ${line}`,
    'zh-cn': (name: string, line: number) => `将 ${name} 移到第 ${line} 行之前`,
  } satisfies Localized<[string, number]>,
};

/**
 * Per stage, whether a stage built on it (through FROM <stage>, at any depth) has a go step that may download: one
 * pass from the last stage back, as a stage can only build on an earlier one. Kept per timeline.
 */
const downloadsBuiltOnCache = new WeakMap<DockerfileTimeline, boolean[]>();

// Whether a stage's own go steps may download: kept per stage, so the pass above reads no go step of a stage an edit
// left alone.
const downloadsOwn = localStageFacts<boolean>();

function downloadsBuiltOn(parsed: ParsedDockerfile): boolean[] {
  const timeline = parsed.timeline;
  let out = downloadsBuiltOnCache.get(timeline);
  if (out) return out;
  const stages = timeline.stages;
  const own = stageLocalFacts(parsed, downloadsOwn, (st) => st.goSteps.some((s) => s.downloads));
  out = new Array<boolean>(stages.length).fill(false);
  for (let i = stages.length - 1; i >= 0; i--) {
    const b = stages[i].baseStageIndex;
    if (b !== undefined && b < i && (out[i] || own[i])) out[b] = true;
  }
  downloadsBuiltOnCache.set(timeline, out);
  return out;
}

/** Whether a go step that may download runs after `at` in the stage, or in a stage built on it. */
function downloadsAfter(parsed: ParsedDockerfile, st: StageTimeline, at: Position): boolean {
  const later = (s: GoStep) => s.range.start.line > at.line || (s.range.start.line === at.line && s.range.start.character >= at.character);
  return st.goSteps.some((s) => s.downloads && later(s)) || downloadsBuiltOn(parsed)[st.stage.index];
}

// A stage's own reads (see judgeStages): whether a stage built on it downloads, the one thing read of other stages.
const BUILT_ON_DOWNLOADS: readonly unknown[] = [true];
const NO_BUILT_ON_DOWNLOADS: readonly unknown[] = [false];

function fetchesToolsByPath(step: GoStep): boolean {
  return (step.subcommand === 'get' || step.subcommand === 'install') && step.args.some((w) => /^[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(w.text));
}

export const envSetAfterUse = defineRule({
  id: 'env-set-after-use',
  family: 'env',
  severity: 'warning',
  title: { en: 'A Go variable set after the step that needed it', 'zh-cn': 'Go 变量设置在需要它的步骤之后' },
  aboutPlacement: true,
  check(parsed, ctx, report) {
    // Global ARGs are not judged (no go step runs before them): every site judged is in a stage. A stage's judgement
    // reads its image's Go version, else go.mod's go line (GO111MODULE), and the stages built on it (GOPATH, GOMODCACHE).
    const builtOn = downloadsBuiltOn(parsed);
    judgeStages(parsed, ctx, afterUseByStage, [ctx.locale, ctx.goMod?.go?.version], report, judgeAfterUse, (_st, i) =>
      builtOn[i] ? BUILT_ON_DOWNLOADS : NO_BUILT_ON_DOWNLOADS,
    );
  },
});

const afterUseByStage = stageReports();

/** The Go variables of a stage set after a download step that ran without them. */
function judgeAfterUse(at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter): void {
  for (const site of stageValueSites(at.parsed, st, FETCH_VARIABLES)) {
    if (site.kind === 'prefix' || !site.instruction) continue;
    const where = site.range.start;
    // Tools fetched by path (`go get golang.org/x/lint/golint`, `go install x@v1`) are not the module's own
    // download: a variable set after them for the module's build is in its place.
    const earlier = st.goSteps.find(
      (s) =>
        s.downloads &&
        !fetchesToolsByPath(s) &&
        (s.range.end.line < where.line || (s.range.end.line === where.line && s.range.end.character <= where.character)),
    );
    if (!earlier || earlier.env.get(site.name)?.value === site.value) continue;
    // GO111MODULE=on where module mode is already the default: the earlier step ran in module mode all the same.
    if (
      site.name === 'GO111MODULE' &&
      site.value.trim().toLowerCase() === 'on' &&
      !earlier.env.get(site.name)?.value &&
      moduleModeByDefault(at.parsed, at.ctx, site.stageIndex)
    )
      continue;
    // In module mode GOPATH and GOMODCACHE only say where the module cache is: set after the download, they matter
    // only to a later go step (which downloads every module again into the new place), not to the one before.
    if (LOCATION_VARIABLES.has(site.name) && !downloadsAfter(at.parsed, st, where)) continue;
    // The earlier step set its own value (`export GOPROXY=…`, a prefix): it did not run without one.
    const own = earlier.env.get(site.name)?.origin;
    if (own?.kind === 'prefix' && own.instruction === earlier.instruction) continue;
    // `go mod …` reads only the module flags of GOFLAGS: -ldflags or -trimpath set after it change nothing there.
    if (site.name === 'GOFLAGS' && earlier.subcommand.startsWith('mod') && !/(^|[\s'"])--?(mod|modfile|modcacherw|insecure)\b/.test(site.value)) continue;
    const cmd = `go ${earlier.subcommand}`;
    const moveEdits = (): TextEdit[] => {
      if (site.kind === 'go-env-w') return [insertLinesBefore(at.parsed.model.lines, earlier.instruction, [`ENV ${site.name}=${dockerfileValue(site.raw)}`])];
      const keyword = site.kind === 'arg' ? 'ARG' : 'ENV';
      // An ARG a build argument sets moves as written: the build argument's value never goes into the file.
      const moved = site.buildArg && site.raw === '' ? `ARG ${site.name}` : `${keyword} ${site.name}=${dockerfileValue(site.raw)}`;
      return [insertLinesBefore(at.parsed.model.lines, earlier.instruction, [moved]), removeAssignment(site, at.parsed.model.lines)];
    };
    report({
      range: site.range,
      message: localize(at.ctx.locale, MESSAGES.afterUse, site.name, redactCredentials(site.value), cmd, earlier.range.start.line + 1),
      fixes: () => [
        {
          title: localize(at.ctx.locale, MESSAGES.moveTitle, site.name, earlier.instruction.range.start.line + 1),
          preferred: true,
          edits: [{ uri: at.ctx.uri, edits: moveEdits() }],
        },
      ],
    });
  }
}

/** Go's variables and the ones cgo reads: a legacy ENV that sets or swallows one changes what go sees. */
const GO_NAMES = new Set(GO_VARIABLES);

/**
 * The assignments a legacy `ENV NAME v1 N2 v2` (or `… N2=v2`) value holds after its first word: the names it
 * swallows, and the new form when the words pair up. A name is a `NAME=` word, or a Go variable's name
 * followed by a value.
 */
function swallowedAssignments(words: string[]): { names: string[]; pairs?: string[] } {
  const names: string[] = [];
  const pairs: string[] = [];
  let paired = true;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const eq = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(w);
    if (eq) {
      names.push(eq[1]);
      pairs.push(w);
    } else if (GO_NAMES.has(w) && i + 1 < words.length) {
      names.push(w);
      pairs.push(`${w}=${words[++i]}`);
    } else paired = false;
  }
  return { names, pairs: paired ? pairs : undefined };
}

export const envLegacyForm = defineRule({
  id: 'env-legacy-form',
  family: 'env',
  severity: 'warning',
  title: {
    en: 'A legacy `ENV NAME value` whose value swallows the next variable',
    'zh-cn': '旧式 `ENV NAME value` 的值吞掉了后面的变量',
  },
  check(parsed, ctx, report) {
    // An ENV before the first FROM belongs to no stage: judged here, the others stage by stage.
    const firstFrom = parsed.model.stages[0]?.from;
    const at = { parsed, ctx };
    for (const ins of parsed.model.instructions) {
      if (ins === firstFrom) break;
      judgeLegacy(at, ins, report);
    }
    judgeStages(parsed, ctx, legacyByStage, [ctx.locale], report, (stageAt, st, stageReport) => {
      for (const ins of st.stage.instructions) judgeLegacy(stageAt, ins, stageReport);
    });
  },
});

const legacyByStage = stageReports();

/** A legacy ENV whose value swallows a Go variable's assignment (or one whose name is a Go variable's). */
function judgeLegacy(at: Readonly<StageAnalysis>, ins: Instruction, report: Reporter): void {
  if (ins.kind !== 'ENV' || ins.vars.length !== 1) return;
  const words = rawWords(at.parsed.model, ins);
  if (words.length < 3 || words[0].text.includes('=')) return;
  const name = words[0].text;
  const value = words.slice(1);
  const { names, pairs } = swallowedAssignments(value.map((w) => w.text));
  if (names.length === 0 || !(GO_NAMES.has(name) || names.some((n) => GO_NAMES.has(n)))) return;
  const first = value.findIndex((w, i) => i > 0 && (names.includes(w.text) || names.some((n) => w.text.startsWith(`${n}=`))));
  const whole = ins.vars[0].value ?? '';
  const rewritten = pairs && `${name}=${value[0].text} ${pairs.join(' ')}`;
  const fixes = (): Fix[] =>
    rewritten
      ? [
          {
            title: localize(at.ctx.locale, MESSAGES.rewriteTitle),
            preferred: true,
            edits: [{ uri: at.ctx.uri, edits: [{ range: { start: words[0].range.start, end: value[value.length - 1].range.end }, newText: rewritten }] }],
          },
        ]
      : [];
  report({
    range: { start: value[first].range.start, end: value[value.length - 1].range.end },
    message: localize(at.ctx.locale, MESSAGES.legacy, name, redactCredentials(whole), names, rewritten && redactCredentials(rewritten)),
    fixes,
  });
}
