// Labels of the hovers, in every language we ship. Values passed in are already redacted.
import type { Localized } from '../core/localize';
import { backtick } from '../core/text';

// A value shown in a hover may itself hold a backtick, which would end the code span.
const c = (s: string) => backtick(s.replace(/`/g, "'"));
export const code = c;

/** Markdown table cells cannot hold a raw `|` or a line break. */
export function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export const HOVER_TEXT = {
  valueHere: { en: (v: string) => `**Value here:** ${v}`, 'zh-cn': (v: string) => `**此处的值：** ${v}` } satisfies Localized<[string]>,
  valueSet: { en: (v: string) => `**Sets:** ${v}`, 'zh-cn': (v: string) => `**设置为：** ${v}` } satisfies Localized<[string]>,
  empty: { en: () => '(empty: the default applies)', 'zh-cn': () => '（空：使用默认值）' } satisfies Localized,
  defaultIs: { en: (v: string) => `**Default:** ${v}`, 'zh-cn': (v: string) => `**默认值：** ${v}` } satisfies Localized<[string]>,
  since: { en: (v: string) => `Go ${v}+`, 'zh-cn': (v: string) => `Go ${v} 起` } satisfies Localized<[string]>,
  docs: { en: () => 'Documentation', 'zh-cn': () => '文档' } satisfies Localized,
  typo: {
    en: (real: string) => `⚠️ The go command does not read this variable. Did you mean ${c(real)}?`,
    'zh-cn': (real: string) => `⚠️ go 命令不会读取这个变量。你是不是想写 ${c(real)}？`,
  } satisfies Localized<[string]>,
  fromEnv: { en: (line: number) => `set by \`ENV\` on line ${line}`, 'zh-cn': (line: number) => `由第 ${line} 行的 \`ENV\` 设置` } satisfies Localized<
    [number]
  >,
  fromArg: { en: (line: number) => `from \`ARG\` on line ${line}`, 'zh-cn': (line: number) => `来自第 ${line} 行的 \`ARG\`` } satisfies Localized<[number]>,
  fromInherited: {
    en: (stage: string, line: number) => `inherited from stage ${c(stage)} (line ${line})`,
    'zh-cn': (stage: string, line: number) => `继承自阶段 ${c(stage)}（第 ${line} 行）`,
  } satisfies Localized<[string, number]>,
  fromGoEnvW: {
    en: (line: number) => `written by \`go env -w\` on line ${line}`,
    'zh-cn': (line: number) => `由第 ${line} 行的 \`go env -w\` 写入`,
  } satisfies Localized<[number]>,
  fromBuildArg: {
    en: (phrase: string, line: number) => `from the ${phrase}, declared by \`ARG\` on line ${line}`,
    'zh-cn': (phrase: string, line: number) => `来自${phrase}，由第 ${line} 行的 \`ARG\` 声明`,
  } satisfies Localized<[string, number]>,
  unknownValue: { en: () => '(not known here)', 'zh-cn': () => '（此处无法得知）' } satisfies Localized,
  onlyBuildArg: {
    en: (line: number, d: string) =>
      `set only by \`--build-arg\` (\`ARG\` on line ${line} has no default); no build passes it here, so as analysed the go command uses ${d}`,
    'zh-cn': (line: number, d: string) =>
      `只能由 \`--build-arg\` 设置（第 ${line} 行的 \`ARG\` 没有默认值）；此处没有任何构建传入它，按此分析 go 命令使用 ${d}`,
  } satisfies Localized<[number, string]>,
  onlyBuildArgBuilds: {
    en: (line: number, builds: string, d: string) =>
      `set only by \`--build-arg\` (\`ARG\` on line ${line} has no default); no build passes it (${builds}), so the go command uses ${d}`,
    'zh-cn': (line: number, builds: string, d: string) =>
      `只能由 \`--build-arg\` 设置（第 ${line} 行的 \`ARG\` 没有默认值）；没有任何构建传入它（${builds}），go 命令使用 ${d}`,
  } satisfies Localized<[number, string, string]>,
  valueByBuild: { en: () => '**Value by build:**', 'zh-cn': () => '**各构建中的值：**' } satisfies Localized,
  variableByBuild: { en: (name: string) => `**${name}** by build:`, 'zh-cn': (name: string) => `**${name}** 在各构建中的值：` } satisfies Localized<[string]>,
  differsByBuild: { en: () => 'differs by build (see below)', 'zh-cn': () => '因构建而异（见下文）' } satisfies Localized,
  notPassed: {
    en: (line: number, d: string) => `not passed (\`ARG\` on line ${line} has no default), so the go command uses ${d}`,
    'zh-cn': (line: number, d: string) => `未传入（第 ${line} 行的 \`ARG\` 没有默认值），go 命令使用 ${d}`,
  } satisfies Localized<[number, string]>,
  dockerfileDefault: {
    en: (line: number) => `the Dockerfile's default (\`ARG\` on line ${line})`,
    'zh-cn': (line: number) => `Dockerfile 中的默认值（第 ${line} 行的 \`ARG\`）`,
  } satisfies Localized<[number]>,
  unknownWritten: {
    en: (written: string) => `unknown until the build runs (written ${written})`,
    'zh-cn': (written: string) => `构建运行前无法得知（写作 ${written}）`,
  } satisfies Localized<[string]>,
  labels: { en: (xs: string[]) => xs.join(', '), 'zh-cn': (xs: string[]) => xs.join('、') } satisfies Localized<[string[]]>,
  andMore: { en: (list: string, n: number) => `${list} and ${n} more`, 'zh-cn': (list: string, n: number) => `${list} 及另外 ${n} 个` } satisfies Localized<
    [string, number]
  >,
  buildLine: {
    en: (builds: string, value: string) => `- ${builds}: ${value}`,
    'zh-cn': (builds: string, value: string) => `- ${builds}：${value}`,
  } satisfies Localized<[string, string]>,
  passedBy: { en: (builds: string) => `passed by ${builds}`, 'zh-cn': (builds: string) => `由 ${builds} 传入` } satisfies Localized<[string]>,
  fromPrefix: { en: () => 'set on this command', 'zh-cn': () => '在这条命令上设置' } satisfies Localized,
  notSet: { en: (d: string) => `not set, so the go command uses ${d}`, 'zh-cn': (d: string) => `未设置，go 命令使用 ${d}` } satisfies Localized<[string]>,
  globalOnly: {
    en: () => 'declared before the first `FROM`: visible in `FROM` lines only, unless a stage re-declares it with `ARG`',
    'zh-cn': () => '声明在第一个 `FROM` 之前：只在 `FROM` 行中可见，除非阶段内用 `ARG` 重新声明',
  } satisfies Localized,
  entries: { en: () => 'Entries', 'zh-cn': () => '条目' } satisfies Localized,
  entry: { en: () => 'entry', 'zh-cn': () => '条目' } satisfies Localized,
  meaning: { en: () => 'what the go command does', 'zh-cn': () => 'go 命令的行为' } satisfies Localized,
  onFailure: { en: () => 'on failure', 'zh-cn': () => '失败时' } satisfies Localized,
  health: { en: () => 'health', 'zh-cn': () => '健康状况' } satisfies Localized,
  healthy: { en: (ms: string) => `✅ ${ms}`, 'zh-cn': (ms: string) => `✅ ${ms}` } satisfies Localized<[string]>,
  failing: { en: (e: string) => `❌ ${e}`, 'zh-cn': (e: string) => `❌ ${e}` } satisfies Localized<[string]>,
  unmeasured: { en: () => 'not measured', 'zh-cn': () => '未测量' } satisfies Localized,
  invalid: { en: (e: string) => `invalid: ${e}`, 'zh-cn': (e: string) => `无效：${e}` } satisfies Localized<[string]>,
  modulesServed: {
    en: (n: number, file: string) => `**${n} required module${n === 1 ? '' : 's'} of ${file}:**`,
    'zh-cn': (n: number, file: string) => `**${file} 中的 ${n} 个依赖模块：**`,
  } satisfies Localized<[number, string]>,
  viaList: {
    en: (proxy: string, mods: string) => `through ${proxy}: ${mods}`,
    'zh-cn': (proxy: string, mods: string) => `经由 ${proxy}：${mods}`,
  } satisfies Localized<[string, string]>,
  directList: {
    en: (mods: string) => `directly from version control: ${mods}`,
    'zh-cn': (mods: string) => `直接从版本控制系统获取：${mods}`,
  } satisfies Localized<[string]>,
  offList: { en: (mods: string) => `not at all (GOPROXY=off): ${mods}`, 'zh-cn': (mods: string) => `无法下载（GOPROXY=off）：${mods}` } satisfies Localized<
    [string]
  >,
  patternMatches: {
    en: (n: number, mods: string) => `**Matches ${n} required module${n === 1 ? '' : 's'}:** ${mods}`,
    'zh-cn': (n: number, mods: string) => `**匹配 ${n} 个依赖模块：** ${mods}`,
  } satisfies Localized<[number, string]>,
  patternMatchesNone: {
    en: () => '**Matches no required module of the go.mod.**',
    'zh-cn': () => '**没有匹配 go.mod 中的任何依赖模块。**',
  } satisfies Localized,
  stepEnv: { en: (cmd: string) => `**${cmd}** runs with:`, 'zh-cn': (cmd: string) => `**${cmd}** 运行时的环境：` } satisfies Localized<[string]>,
  downloads: { en: () => 'downloads modules', 'zh-cn': () => '会下载模块' } satisfies Localized,
  noDownloads: { en: () => 'does not download modules', 'zh-cn': () => '不会下载模块' } satisfies Localized,
  routeIn: {
    en: (file: string, stage: string, line: number) => `**In ${file}** (stage ${c(stage)}, line ${line}):`,
    'zh-cn': (file: string, stage: string, line: number) => `**在 ${file} 中**（阶段 ${c(stage)}，第 ${line} 行）：`,
  } satisfies Localized<[string, string, number]>,
  routeDefaults: {
    en: () => '**No Dockerfile in the workspace builds this module.** With the go command’s defaults:',
    'zh-cn': () => '**工作区中没有构建此模块的 Dockerfile。** 按 go 命令的默认设置：',
  } satisfies Localized,
  looksPrivate: { en: (why: string) => `Private in this build: ${why}.`, 'zh-cn': (why: string) => `本构建中的私有模块：${why}。` } satisfies Localized<
    [string]
  >,
  cannotTell: {
    en: () =>
      'Cannot tell whether this module is private: nothing in the workspace says so. If it is, add it to `goProxyDoctor.privatePatterns` (or GOPRIVATE in the Dockerfile).',
    'zh-cn': () => '无法判断该模块是否私有：工作区中没有任何依据。如果是私有模块，请把它加入 `goProxyDoctor.privatePatterns`（或 Dockerfile 中的 GOPRIVATE）。',
  } satisfies Localized,
  mirror: {
    en: (name: string, operator: string) => `${name} (${operator})`,
    'zh-cn': (name: string, operator: string) => `${name}（${operator}）`,
  } satisfies Localized<[string, string]>,
  relaysSumdb: { en: () => 'relays the checksum database', 'zh-cn': () => '代理校验和数据库' } satisfies Localized,
};
