// arg-out-of-scope: global ARGs (declared before the first FROM) that a stage reads without declaring them again, so
// that they expand empty there, and what that does to module fetching; and global ARGs of Go variables that no stage
// declares again and nothing references.
import type { ShellCommand, ShellGuard, VariableReference } from '../syntax/dockerfileModel';
import { defineRule, type Reporter } from './rule';
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { Locale } from '../core/types';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { buildArgPhrase } from '../core/buildArgText';
import { insertLineAfter } from '../model/edits';
import { allDownloadSteps, firstDownloadSteps } from '../model/steps';
import { stageLabel } from '../model/stages';
import { outOfScopeReferences, type OutOfScopeReference } from '../model/globalArgUses';
import { FETCH_VARIABLES } from '../goenv/variables';
import { backtick as c } from '../core/text';

const MESSAGES = {
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
    en: (name: string, fallback: string) =>
      `So ${name} is set empty; go treats an empty ${name} as unset and uses a \`go env -w\` value or its default${fallback}.`,
    'zh-cn': (name: string, fallback: string) => `因此 ${name} 被设为空；go 把空的 ${name} 当作未设置，改用 \`go env -w\` 写入的值或其默认值${fallback}。`,
  } satisfies Localized<[string, string]>,
  goEnvWEmpty: {
    en: (name: string) => `So \`go env -w\` writes an empty ${name}, which replaces the value go would otherwise use.`,
    'zh-cn': (name: string) => `因此 \`go env -w\` 写入了空的 ${name}，取代了 go 原本会用的值。`,
  } satisfies Localized<[string]>,
  goEnvWEmptyProxy: {
    en: () =>
      "So `go env -w` writes an empty GOPROXY, which replaces go's default: every module download then fails with `GOPROXY list is not the empty string, but contains no entries`.",
    'zh-cn': () =>
      '因此 `go env -w` 写入了空的 GOPROXY，取代了 go 的默认值：之后每次下载模块都会失败，报错 `GOPROXY list is not the empty string, but contains no entries`。',
  } satisfies Localized,
  goEnvWEmptySumdb: {
    en: () => "So `go env -w` writes an empty GOSUMDB, which replaces go's default: a module missing from go.sum then fails to verify with `missing GOSUMDB`.",
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
    en: (where: string) => `So ${c(where)} gets an empty value where the credentials go: a private module fetched through it is fetched without credentials.`,
    'zh-cn': (where: string) => `因此 ${c(where)} 中本应是凭据的位置为空：经由它拉取的私有模块会在没有凭据的情况下拉取。`,
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
    en: (branch: string, cmd: string, line: number, name: string) =>
      `So ${branch} runs on every build: ${c(cmd)} (line ${line}) runs whatever \`--build-arg ${name}=…\` says.`,
    'zh-cn': (branch: string, cmd: string, line: number, name: string) =>
      `因此${branch}每次构建都会执行：无论 \`--build-arg ${name}=…\` 传什么，第 ${line} 行的 ${c(cmd)} 都会运行。`,
  } satisfies Localized<[string, string, number, string]>,
  keepsVariable: {
    en: (name: string) => `and ${name} keeps the value it had`,
    'zh-cn': (name: string) => `${name} 保持原来的值`,
  } satisfies Localized<[string]>,
  noCredentials: {
    en: () => 'and private modules are fetched without the credentials it sets up',
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
  unreached: {
    en: (name: string, clause: string) =>
      `ARG ${name} is declared before the first FROM and no stage declares it again: a global ARG is visible only in FROM lines, so ${clause}.`,
    'zh-cn': (name: string, clause: string) => `ARG ${name} 声明在第一个 FROM 之前，且没有任何阶段重新声明它：全局 ARG 只在 FROM 行中可见，因此${clause}。`,
  } satisfies Localized<[string, string]>,
  unreachedDefault: {
    en: (name: string, cmd: string, line: number) => `neither its default nor \`--build-arg ${name}=…\` reaches ${c(cmd)} (line ${line})`,
    'zh-cn': (name: string, cmd: string, line: number) => `它的默认值和 \`--build-arg ${name}=…\` 都到不了第 ${line} 行的 ${c(cmd)}`,
  } satisfies Localized<[string, string, number]>,
  unreachedAny: {
    en: (name: string, cmd: string, line: number) => `\`--build-arg ${name}=…\` never reaches ${c(cmd)} (line ${line})`,
    'zh-cn': (name: string, cmd: string, line: number) => ` \`--build-arg ${name}=…\` 永远到不了第 ${line} 行的 ${c(cmd)}`,
  } satisfies Localized<[string, string, number]>,
  unreachedGiven: {
    en: (phrase: string, cmd: string, line: number) => `the ${phrase} never reaches ${c(cmd)} (line ${line})`,
    'zh-cn': (phrase: string, cmd: string, line: number) => `${phrase}永远到不了第 ${line} 行的 ${c(cmd)}`,
  } satisfies Localized<[string, string, number]>,
  declareWhereDownloadedTitle: {
    en: (name: string) => `Declare ARG ${name} in the stages that download modules`,
    'zh-cn': (name: string) => `在下载模块的阶段中声明 ARG ${name}`,
  } satisfies Localized<[string]>,
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
  if (guard.kind === 'case') return localize(locale, MESSAGES.branchCase, guard.patterns.join('|'));
  if (guard.kind !== 'condition') return '';
  return guard.branch === '&&' || guard.branch === '||'
    ? localize(locale, MESSAGES.branchAfter, guard.branch)
    : localize(locale, MESSAGES.branchKeyword, guard.branch);
}

function consequence(locale: Locale, o: OutOfScopeReference): string {
  const e = o.effect;
  if (e.kind === 'go-variable') return localize(locale, MESSAGES.fromOnly);
  if (e.kind === 'switch') {
    const branch = branchLabel(locale, e.guard);
    const cmd = shown(commandText(e.command));
    if (e.runs) return localize(locale, MESSAGES.switchAlways, branch, cmd, e.line, o.name);
    const effect =
      e.change.kind === 'variable'
        ? localize(locale, MESSAGES.keepsVariable, e.change.name)
        : e.change.kind === 'credentials'
          ? localize(locale, MESSAGES.noCredentials)
          : localize(locale, MESSAGES.gitUnchanged);
    return localize(locale, MESSAGES.switchNever, branch, cmd, e.line, effect);
  }
  const use = e.use;
  if (use.kind === 'credentials') return localize(locale, MESSAGES.credentials, shown(use.where));
  if (use.kind === 'argument') return localize(locale, MESSAGES.argument, use.command, shown(e.value));
  if (e.value !== '') return localize(locale, MESSAGES.variableValue, use.name, shown(e.value));
  if (use.via !== 'go-env-w') return localize(locale, MESSAGES.variableEmpty, use.name, GO_DEFAULTS[use.name] ? ` (${c(GO_DEFAULTS[use.name])})` : '');
  if (e.shadowed) return localize(locale, MESSAGES.goEnvWShadowed, use.name);
  return use.name === 'GOPROXY'
    ? localize(locale, MESSAGES.goEnvWEmptyProxy)
    : use.name === 'GOSUMDB'
      ? localize(locale, MESSAGES.goEnvWEmptySumdb)
      : localize(locale, MESSAGES.goEnvWEmpty, use.name);
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
          ? localize(ctx.locale, MESSAGES.headDefault, shown(written), shown(ref.modifierValue ?? ''), o.name, o.argLine, stage)
          : localize(ctx.locale, MESSAGES.head, shown(written), o.name, o.argLine, stage);
      const through = o.through ? localize(ctx.locale, MESSAGES.through, o.through.name, effectLine(o)) : undefined;
      // English sentences are separated by a space, Chinese ones are not.
      const sentences = [head, through, consequence(ctx.locale, o)].filter((x) => x !== undefined);
      report({
        range: ref.range,
        message: sentences.join(ctx.locale === 'zh-cn' ? '' : ' '),
        fixes: () => [
          {
            title: localize(ctx.locale, MESSAGES.declareTitle, o.name),
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

/**
 * arg-out-of-scope's other half: a global ARG of a Go variable that no stage declares again and nothing references.
 * Its references are reported one by one; one that is never referenced is reported where it is declared.
 */
function unreachedGlobalArgs(parsed: ParsedDockerfile, ctx: AnalysisContext, report: Reporter): void {
  const { model } = parsed;
  // Global ARGs of the variables a fetch reads, first: most Dockerfiles declare none, and then nothing else is read.
  const fetchArgs = model.globalArgs.flatMap((i) => i.args.map((a) => a.name)).filter((n) => FETCH_VARIABLES.has(n));
  if (fetchArgs.length === 0) return;
  const downloads = allDownloadSteps(parsed);
  if (downloads.length === 0) return;
  const declaredInStage = new Set(model.stages.flatMap((s) => s.instructions.flatMap((i) => (i.kind === 'ARG' ? i.args.map((a) => a.name) : []))));
  const candidates = new Set(fetchArgs.filter((n) => !declaredInStage.has(n)));
  if (candidates.size === 0) return;
  // A RUN's references come from splitting its shell text, the costly part: only RUNs whose text names a candidate.
  const named = new RegExp(`\\$\\{?(${[...candidates].join('|')})(?![A-Za-z0-9_])`);
  const all = [...model.globalArgs, ...model.stages.flatMap((s) => [s.from, ...s.instructions])];
  const referenced = new Set(
    all
      .filter((i) => i.kind !== 'RUN' || named.test(i.argsText) || i.heredocs.some((h) => named.test(h.content)))
      .flatMap((i) => i.references.map((r) => r.name)),
  );
  const seen = new Set<string>();
  for (const ins of model.globalArgs) {
    for (const a of ins.args) {
      if (seen.has(a.name) || !candidates.has(a.name) || referenced.has(a.name)) continue;
      seen.add(a.name);
      // goproxy-unset says this at each download step that runs without GOPROXY.
      if (a.name === 'GOPROXY' && firstDownloadSteps(parsed).some((d) => !d.step.env.get('GOPROXY'))) continue;
      const first = downloads[0].step;
      const given = parsed.timeline.globalArgs.get(a.name)?.origin.buildArg;
      const cmd = `go ${first.subcommand}`;
      const line = first.range.start.line + 1;
      const clause = given
        ? localize(ctx.locale, MESSAGES.unreachedGiven, buildArgPhrase(ctx.locale, a.name, given), cmd, line)
        : localize(ctx.locale, a.value !== undefined ? MESSAGES.unreachedDefault : MESSAGES.unreachedAny, a.name, cmd, line);
      const stages = [...new Set(downloads.map((d) => d.stage.stage))];
      report({
        range: a.nameRange,
        message: localize(ctx.locale, MESSAGES.unreached, a.name, clause),
        fixes: () => [
          {
            title: localize(ctx.locale, MESSAGES.declareWhereDownloadedTitle, a.name),
            preferred: true,
            edits: [{ uri: ctx.uri, edits: stages.map((s) => insertLineAfter(model.lines, s.from, `ARG ${a.name}`)) }],
          },
        ],
      });
    }
  }
}
