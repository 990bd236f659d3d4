// Docker scoping: global ARGs that expand empty inside a stage (and what that does to module fetching), and Go
// settings made after the step that needed them.
import type { GoStep } from '../goenv/timelineModel';
import type { ShellCommand, ShellGuard, VariableReference } from '../syntax/dockerfileModel';
import { defineRule } from '../core/rule';
import type { Locale, TextEdit } from '../core/types';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { insertLineAfter, insertLinesBefore, removeAssignment, dockerfileValue } from './support/edits';
import { valueSites } from './support/sites';
import { stageLabel } from './support/steps';
import { outOfScopeReferences, type OutOfScopeReference } from './support/globalArgUses';
import { FETCH_VARIABLES } from './support/fetchUses';
import { unreachedGlobalArgs } from './buildArgs';

const c = (s: string) => `\`${s}\``;


const T = {
  head: {
    en: (ref: string, name: string, line: number, stage: string) =>
      `${c(ref)} expands to an empty string here: ARG ${name} (line ${line}) is declared before the first FROM, and stage ${c(stage)} does not re-declare it.`,
    'zh-cn': (ref: string, name: string, line: number, stage: string) =>
      `这里的 ${c(ref)} 会展开为空字符串：ARG ${name}（第 ${line} 行）声明在第一个 FROM 之前，而阶段 ${c(stage)} 没有重新声明它。`,
  } satisfies Localized<[string, string, number, string]>,
  headDefault: {
    en: (ref: string, value: string, name: string, line: number, stage: string) =>
      `${c(ref)} always gives its default ${c(value)} here: ARG ${name} (line ${line}) is declared before the first FROM, and stage ${c(stage)} does not re-declare it.`,
    'zh-cn': (ref: string, value: string, name: string, line: number, stage: string) =>
      `这里的 ${c(ref)} 总是取默认值 ${c(value)}：ARG ${name}（第 ${line} 行）声明在第一个 FROM 之前，而阶段 ${c(stage)} 没有重新声明它。`,
  } satisfies Localized<[string, string, string, number, string]>,
  fromOnly: {
    en: () => 'A global ARG is visible only in FROM lines.',
    'zh-cn': () => '全局 ARG 只在 FROM 行中可见。',
  } satisfies Localized,
  through: {
    en: (name: string, line: number) => `This ENV passes that on as ${name}, which line ${line} reads.`,
    'zh-cn': (name: string, line: number) => `这条 ENV 把它传给了 ${name}，而第 ${line} 行读取了 ${name}。`,
  } satisfies Localized<[string, number]>,
  variableEmpty: {
    en: (name: string, fallback: string) => `So ${name} is set empty; go treats an empty ${name} as unset and uses a \`go env -w\` value or its default${fallback}.`,
    'zh-cn': (name: string, fallback: string) => `因此 ${name} 被设为空；go 把空的 ${name} 当作未设置，改用 \`go env -w\` 写入的值或其默认值${fallback}。`,
  } satisfies Localized<[string, string]>,
  goEnvWEmpty: {
    en: (name: string) => `So \`go env -w\` writes an empty ${name}, which replaces the value go would otherwise use.`,
    'zh-cn': (name: string) => `因此 \`go env -w\` 写入了空的 ${name}，取代了 go 原本会用的值。`,
  } satisfies Localized<[string]>,
  goEnvWEmptyProxy: {
    en: () => 'So `go env -w` writes an empty GOPROXY, which replaces go\'s default: every module download then fails with `GOPROXY list is not the empty string, but contains no entries`.',
    'zh-cn': () => '因此 `go env -w` 写入了空的 GOPROXY，取代了 go 的默认值：之后每次下载模块都会失败，报错 `GOPROXY list is not the empty string, but contains no entries`。',
  } satisfies Localized,
  goEnvWEmptySumdb: {
    en: () => 'So `go env -w` writes an empty GOSUMDB, which replaces go\'s default: a module missing from go.sum then fails to verify with `missing GOSUMDB`.',
    'zh-cn': () => '因此 `go env -w` 写入了空的 GOSUMDB，取代了 go 的默认值：go.sum 中没有的模块会校验失败，报错 `missing GOSUMDB`。',
  } satisfies Localized,
  goEnvWShadowed: {
    en: (name: string) => `So \`go env -w\` writes an empty ${name} (the ${name} set by ENV or ARG still takes precedence for go).`,
    'zh-cn': (name: string) => `因此 \`go env -w\` 写入了空的 ${name}（对 go 而言，ENV 或 ARG 设置的 ${name} 仍然优先）。`,
  } satisfies Localized<[string]>,
  variableValue: {
    en: (name: string, value: string) => `So ${name} is set to ${c(value)}.`,
    'zh-cn': (name: string, value: string) => `因此 ${name} 被设为 ${c(value)}。`,
  } satisfies Localized<[string, string]>,
  credentials: {
    en: (where: string) => `So ${c(where)} gets an empty value where the credentials go, and the private module is fetched without credentials.`,
    'zh-cn': (where: string) => `因此 ${c(where)} 中本应是凭据的位置为空，私有模块会在没有凭据的情况下拉取。`,
  } satisfies Localized<[string]>,
  argument: {
    en: (command: string, value: string) => `So ${c(command)} gets ${value === '' ? 'an empty argument' : c(value)} in its place.`,
    'zh-cn': (command: string, value: string) => `因此 ${c(command)} 在这里得到的是 ${value === '' ? '空参数' : c(value)}。`,
  } satisfies Localized<[string, string]>,
  switchNever: {
    en: (branch: string, cmd: string, line: number, effect: string) => `So ${branch} never runs: ${c(cmd)} (line ${line}) is skipped, ${effect}.`,
    'zh-cn': (branch: string, cmd: string, line: number, effect: string) => `因此${branch}永远不会执行：第 ${line} 行的 ${c(cmd)} 被跳过，${effect}。`,
  } satisfies Localized<[string, string, number, string]>,
  switchAlways: {
    en: (branch: string, cmd: string, line: number, name: string) => `So ${branch} runs on every build: ${c(cmd)} (line ${line}) runs whatever \`--build-arg ${name}=…\` says.`,
    'zh-cn': (branch: string, cmd: string, line: number, name: string) => `因此${branch}每次构建都会执行：无论 \`--build-arg ${name}=…\` 传什么，第 ${line} 行的 ${c(cmd)} 都会运行。`,
  } satisfies Localized<[string, string, number, string]>,
  keepsVariable: {
    en: (name: string) => `and ${name} keeps the value it had`,
    'zh-cn': (name: string) => `${name} 保持原来的值`,
  } satisfies Localized<[string]>,
  noCredentials: {
    en: () => 'and the private module is fetched without the credentials it sets up',
    'zh-cn': () => '私有模块会在没有它所配置的凭据的情况下拉取',
  } satisfies Localized,
  gitUnchanged: {
    en: () => "and git's fetch settings stay as they were",
    'zh-cn': () => 'git 的拉取设置保持不变',
  } satisfies Localized,
  branchKeyword: {
    en: (keyword: string) => `the \`${keyword}\` branch`,
    'zh-cn': (keyword: string) => ` \`${keyword}\` 分支`,
  } satisfies Localized<[string]>,
  branchAfter: {
    en: (op: string) => `the command after \`${op}\``,
    'zh-cn': (op: string) => ` \`${op}\` 之后的命令`,
  } satisfies Localized<[string]>,
  branchCase: {
    en: (patterns: string) => `the \`${patterns})\` branch of the \`case\``,
    'zh-cn': (patterns: string) => ` \`case\` 的 \`${patterns})\` 分支`,
  } satisfies Localized<[string]>,
  declareTitle: {
    en: (name: string) => `Declare ARG ${name} in this stage`,
    'zh-cn': (name: string) => `在本阶段声明 ARG ${name}`,
  } satisfies Localized<[string]>,
  afterUse: {
    en: (name: string, value: string, cmd: string, line: number) =>
      `${name}=${c(value)} is set after ${c(cmd)} on line ${line}, which already ran without it; only later steps see it.`,
    'zh-cn': (name: string, value: string, cmd: string, line: number) =>
      `${name}=${c(value)} 设置在第 ${line} 行的 ${c(cmd)} 之后，而那一步运行时还没有它；只有之后的步骤才能用到。`,
  } satisfies Localized<[string, string, string, number]>,
  moveTitle: {
    en: (name: string, line: number) => `Move ${name} above line ${line}`,
    'zh-cn': (name: string, line: number) => `将 ${name} 移到第 ${line} 行之前`,
  } satisfies Localized<[string, number]>,
};

/** go's default for the variables whose default a message names. */
const GO_DEFAULTS: Record<string, string> = { GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org' };

/** A text for a message: one line, credentials hidden, at most 100 characters. */
function shown(text: string): string {
  const one = redactCredentials(text).replace(/\s+/g, ' ').trim();
  return one.length > 100 ? `${one.slice(0, 99)}…` : one;
}

function commandText(cmd: ShellCommand): string {
  return [...cmd.prefixAssignments.map((a) => `${a.name}=${a.value ?? ''}`), ...cmd.words.map((w) => w.text)].join(' ');
}

function branchLabel(locale: Locale, guard: ShellGuard): string {
  if (guard.kind === 'case') return localize(locale, T.branchCase, guard.patterns.join('|'));
  if (guard.kind !== 'condition') return '';
  return guard.branch === '&&' || guard.branch === '||' ? localize(locale, T.branchAfter, guard.branch) : localize(locale, T.branchKeyword, guard.branch);
}

function consequence(locale: Locale, o: OutOfScopeReference): string {
  const e = o.effect;
  if (e.kind === 'go-variable') return localize(locale, T.fromOnly);
  if (e.kind === 'switch') {
    const branch = branchLabel(locale, e.guard);
    const cmd = shown(commandText(e.command));
    if (e.runs) return localize(locale, T.switchAlways, branch, cmd, e.line, o.name);
    const effect = e.change.kind === 'variable' ? localize(locale, T.keepsVariable, e.change.name) : e.change.kind === 'credentials' ? localize(locale, T.noCredentials) : localize(locale, T.gitUnchanged);
    return localize(locale, T.switchNever, branch, cmd, e.line, effect);
  }
  const use = e.use;
  if (use.kind === 'credentials') return localize(locale, T.credentials, shown(use.where));
  if (use.kind === 'argument') return localize(locale, T.argument, use.command, shown(e.value));
  if (e.value !== '') return localize(locale, T.variableValue, use.name, shown(e.value));
  if (use.via !== 'go-env-w') return localize(locale, T.variableEmpty, use.name, GO_DEFAULTS[use.name] ? ` (${c(GO_DEFAULTS[use.name])})` : '');
  if (e.shadowed) return localize(locale, T.goEnvWShadowed, use.name);
  return use.name === 'GOPROXY' ? localize(locale, T.goEnvWEmptyProxy) : use.name === 'GOSUMDB' ? localize(locale, T.goEnvWEmptySumdb) : localize(locale, T.goEnvWEmpty, use.name);
}

export const argOutOfScope = defineRule({
  id: 'arg-out-of-scope',
  family: 'arg',
  severity: 'warning',
  title: { en: 'A global ARG used in a stage that does not re-declare it expands empty', 'zh-cn': '阶段内使用了未重新声明的全局 ARG，会展开为空' },
  check(parsed, ctx, report) {
    const index = parsed.model.lines;
    // A global passed on through an ENV is reported once, at the ENV, for its first use.
    const reported = new Set<VariableReference>();
    for (const o of outOfScopeReferences(parsed)) {
      const ref = o.ref;
      if (reported.has(ref)) continue;
      reported.add(ref);
      const written = index.slice(ref.range);
      const stage = stageLabel(o.stage.stage);
      const head =
        ref.modifier === ':-' || ref.modifier === '-'
          ? localize(ctx.locale, T.headDefault, shown(written), shown(ref.modifierValue ?? ''), o.name, o.argLine, stage)
          : localize(ctx.locale, T.head, shown(written), o.name, o.argLine, stage);
      const through = o.through ? localize(ctx.locale, T.through, o.through.name, effectLine(o)) : undefined;
      // English sentences are separated by a space, Chinese ones are not.
      const sentences = [head, through, consequence(ctx.locale, o)].filter((x) => x !== undefined);
      report({
        range: ref.range,
        message: sentences.join(ctx.locale === 'zh-cn' ? '' : ' '),
        fixes: () => [
          {
            title: localize(ctx.locale, T.declareTitle, o.name),
            preferred: true,
            edits: [{ uri: ctx.uri, edits: [insertLineAfter(index, o.stage.stage.from, `ARG ${o.name}`)] }],
          },
        ],
      });
    }
    unreachedGlobalArgs(parsed, ctx, report);
  },
});

/** The line of the use a reference reaches (for a Go variable's name: its own). */
function effectLine(o: OutOfScopeReference): number {
  return o.effect.kind === 'go-variable' ? o.ref.range.start.line + 1 : o.effect.line;
}

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
    const index = parsed.model.lines;
    for (const site of valueSites(parsed, FETCH_VARIABLES)) {
      if (site.kind === 'prefix' || site.kind === 'global-arg' || !site.instruction) continue;
      const st = parsed.timeline.stages[site.stageIndex];
      if (!st) continue;
      const at = site.range.start;
      // Tools fetched by path (`go get golang.org/x/lint/golint`, `go install x@v1`) are not the module's own
      // download: a variable set after them for the module's build is in its place.
      const earlier = st.goSteps.find(
        (s) => s.downloads && !fetchesToolsByPath(s) && (s.range.end.line < at.line || (s.range.end.line === at.line && s.range.end.character <= at.character)),
      );
      if (!earlier || earlier.env.get(site.name)?.value === site.value) continue;
      // `go mod …` reads only the module flags of GOFLAGS: -ldflags or -trimpath set after it change nothing there.
      if (site.name === 'GOFLAGS' && earlier.subcommand.startsWith('mod') && !/(^|[\s'"])--?(mod|modfile|modcacherw|insecure)\b/.test(site.value)) continue;
      const cmd = `go ${earlier.subcommand}`;
      const moveEdits = (): TextEdit[] => {
        if (site.kind === 'go-env-w') return [insertLinesBefore(index, earlier.instruction, [`ENV ${site.name}=${dockerfileValue(site.raw)}`])];
        const keyword = site.kind === 'arg' ? 'ARG' : 'ENV';
        // An ARG a build argument sets moves as written: the build argument's value never goes into the file.
        const moved = site.buildArg && site.raw === '' ? `ARG ${site.name}` : `${keyword} ${site.name}=${dockerfileValue(site.raw)}`;
        return [insertLinesBefore(index, earlier.instruction, [moved]), removeAssignment(site, index)];
      };
      report({
        range: site.range,
        message: localize(ctx.locale, T.afterUse, site.name, redactCredentials(site.value), cmd, earlier.range.start.line + 1),
        fixes: () => [{ title: localize(ctx.locale, T.moveTitle, site.name, earlier.instruction.range.start.line + 1), preferred: true, edits: [{ uri: ctx.uri, edits: moveEdits() }] }],
      });
    }
  },
});
