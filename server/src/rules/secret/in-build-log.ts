// secret-in-build-log: a RUN that prints a secret to its output, which the build shows and CI keeps in its log:
// `cat` of a credentials file or a mounted secret, `echo $TOKEN`, `env`/`printenv` with a secret in scope,
// `git config --list` after the build wrote credentials into git config, `go env` with user info in GOPROXY.
import { defineRule, type Reporter } from '../rule';
import type { Localized } from '../../core/localize';
import { localize } from '../../core/localize';
import type { Locale } from '../../core/types';
import { redactCredentials } from '../../core/redact';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { RunInstruction, ShellCommand } from '../../syntax/dockerfileModel';
import { runMayContain } from '../../syntax/dockerfileRun';
import { isCredentialPath, TOKEN_URL, tokenUrlWords } from '../../model/credentials';
import { commandName, reachesLog, redirectsGroups, runSetsSecret, StageSecrets, type SecretScope, type SecretVariable } from '../support/buildLog';
import { isWindowsStage } from '../../model/image';
import { backtick as c } from '../../core/text';
import { PRINTED_URL_VARIABLES } from '../../goenv/variables';
import { localStageFacts, stageLocalFacts } from '../../model/stages';
import type { StageTimeline } from '../../goenv/timelineModel';
import { judgeStages, stageReports, type StageAnalysis } from '../support/stageReports';

const MESSAGES = {
  printed: {
    en: (cmd: string, what: string) =>
      `${c(cmd)} prints ${what} into the build log: anyone who can read the build output or the CI log sees it. Do not print it; give it only to the command that needs it.`,
    'zh-cn': (cmd: string, what: string) =>
      `${c(cmd)} 把${what}打印到了构建日志中：任何能看到构建输出或 CI 日志的人都能看到它。请不要打印它，只把它交给需要它的命令。`,
  } satisfies Localized<[string, string]>,
  file: { en: (p: string) => `the credentials file ${c(p)}`, 'zh-cn': (p: string) => `凭据文件 ${c(p)}` } satisfies Localized<[string]>,
  secretFile: { en: (p: string) => `the secret mounted at ${c(p)}`, 'zh-cn': (p: string) => `挂载在 ${c(p)} 的 secret` } satisfies Localized<[string]>,
  gitconfigFile: {
    en: (p: string, line: number) => `${c(p)}, which holds the credentials written into git config on line ${line}`,
    'zh-cn': (p: string, line: number) => `${c(p)}（其中有第 ${line} 行写入 git 配置的凭据）`,
  } satisfies Localized<[string, number]>,
  value: {
    en: (name: string, why: string) => `the value of ${c(`$${name}`)} (${why})`,
    'zh-cn': (name: string, why: string) => `${c(`$${name}`)} 的值（${why}）`,
  } satisfies Localized<[string, string]>,
  allEnv: {
    en: (name: string, why: string) => `every environment variable, ${c(name)} (${why}) among them,`,
    'zh-cn': (name: string, why: string) => `所有环境变量（其中包括 ${c(name)}，${why}）`,
  } satisfies Localized<[string, string]>,
  gitConfig: {
    en: (line: number, what: string) => `the git configuration, with the credentials written into it on line ${line} (${c(what)}),`,
    'zh-cn': (line: number, what: string) => `git 配置（其中有第 ${line} 行写入的凭据 ${c(what)}）`,
  } satisfies Localized<[number, string]>,
  goEnv: {
    en: (name: string, value: string) => `the Go environment, with ${c(`${name}=${value}`)},`,
    'zh-cn': (name: string, value: string) => `Go 环境（其中包括 ${c(`${name}=${value}`)}）`,
  } satisfies Localized<[string, string]>,
  arg: { en: () => 'a build argument whose name says it is a secret', 'zh-cn': () => '名字表明它是机密的构建参数' } satisfies Localized,
  env: { en: () => 'an ENV variable whose name says it is a secret', 'zh-cn': () => '名字表明它是机密的 ENV 变量' } satisfies Localized,
  mount: { en: () => 'a BuildKit secret', 'zh-cn': () => 'BuildKit secret' } satisfies Localized,
  run: { en: () => 'set to a secret earlier in this RUN', 'zh-cn': () => '在这个 RUN 前面被设为机密' } satisfies Localized,
  url: { en: (v: string) => `its value holds user info: ${c(v)}`, 'zh-cn': (v: string) => `它的值带有用户信息：${c(v)}` } satisfies Localized<[string]>,
};

function why(locale: Locale, v: SecretVariable): string {
  return v.source === 'url' ? localize(locale, MESSAGES.url, redactCredentials(v.value ?? '')) : localize(locale, MESSAGES[v.source]);
}

/** Commands that print a file they are given (encoding it does not hide it). */
const FILE_PRINTERS = /^(cat|head|tail|more|less|base64|xxd|od|hexdump)$/;
/** Commands that may print a secret. */
const PRINTERS = /^(cat|head|tail|more|less|base64|xxd|od|hexdump|echo|printf|printenv|env|git|go)$/;
/** What a RUN must contain to print a secret or write one into git config (checked before its commands are split). */
const MAY_PRINT = /\b(cat|head|tail|more|less|base64|xxd|od|hexdump|echo|printf|printenv|env|git|go)\b/;

interface GitSecret {
  line: number;
  text: string;
}

/** A `git config` that writes credentials: a URL with user info, a secret variable, a mounted secret or an auth header. */
function gitConfigSecret(cmd: ShellCommand, scope: () => SecretScope): string | undefined {
  if (commandName(cmd) !== 'git' || cmd.words[1]?.text !== 'config') return undefined;
  const args = cmd.words.slice(2);
  if (args.some((w) => /^(-l|--list|--get.*|--unset.*|--remove-section)$/.test(w.text))) return undefined;
  const url = tokenUrlWords(cmd)[0];
  if (url) return url.text;
  const secrets = scope();
  const w = args.find(
    (x) =>
      x.references?.some((r) => secrets.has(r.name) && r.modifier !== ':+' && r.modifier !== '+') ||
      /\$\(\s*cat\s+\/run\/secrets\//.test(x.text) ||
      /authorization:\s*(basic|bearer|token)\s+[^\s$]/i.test(x.text),
  );
  // The value of an auth header is shown as *** (a literal token in it has no shape redaction knows).
  return w?.text.replace(/(authorization:\s*\S+\s+)\S+/i, '$1***');
}

/** The secret file a printing command is given, if any: a credentials file, a mounted secret, a .gitconfig holding credentials. */
function printedFile(cmd: ShellCommand, run: RunInstruction, gitSecret: GitSecret | undefined, locale: Locale): string | undefined {
  const mountTargets = new Set(run.mounts.filter((m) => m.type === 'secret' && !m.options.env).map((m) => m.target ?? `/run/secrets/${m.id ?? ''}`));
  for (const w of cmd.words.slice(1)) {
    const p = w.text;
    if (p.startsWith('-')) continue;
    if (p.startsWith('/run/secrets/') || mountTargets.has(p)) return localize(locale, MESSAGES.secretFile, p);
    if (isCredentialPath(p) && !/(^|\/)\.ssh\/?$/.test(p)) return localize(locale, MESSAGES.file, p);
    if (gitSecret && /(^|\/)\.gitconfig$/.test(p)) return localize(locale, MESSAGES.gitconfigFile, p, gitSecret.line);
  }
  return undefined;
}

/** What the command prints that is secret, worded for the message; undefined when it prints no secret. */
function printedSecret(
  st: StageTimeline,
  run: RunInstruction,
  cmd: ShellCommand,
  scope: () => SecretScope,
  gitSecret: GitSecret | undefined,
  locale: Locale,
): string | undefined {
  const name = commandName(cmd);
  if (!PRINTERS.test(name)) return undefined;
  const args = cmd.words.slice(1);
  if (FILE_PRINTERS.test(name)) return printedFile(cmd, run, gitSecret, locale);
  if (name === 'echo' || name === 'printf') {
    const secrets = scope();
    for (const w of args) {
      const ref = w.references?.find((r) => secrets.has(r.name) && r.modifier !== ':+' && r.modifier !== '+');
      if (ref) return localize(locale, MESSAGES.value, ref.name, why(locale, secrets.get(ref.name)!));
    }
    return undefined;
  }
  if (name === 'printenv' && args.length > 0) {
    const secrets = scope();
    const v = args.map((w) => secrets.get(w.text)).find((x) => x);
    return v && localize(locale, MESSAGES.value, v.name, why(locale, v));
  }
  // `env` alone (or with only assignments) and `printenv` alone print the whole environment.
  if ((name === 'printenv' && args.length === 0) || (name === 'env' && args.every((w) => /^(-0|--null|[A-Za-z_]\w*=.*)$/.test(w.text)))) {
    const v = scope().first();
    return v && localize(locale, MESSAGES.allEnv, v.name, why(locale, v));
  }
  if (name === 'git' && args[0]?.text === 'config' && gitSecret && args.some((w) => w.text === '--list' || w.text === '-l')) {
    return localize(locale, MESSAGES.gitConfig, gitSecret.line, redactCredentials(gitSecret.text));
  }
  if (name === 'go' && args[0]?.text === 'env' && !args.some((w) => w.text === '-w' || w.text === '-u')) {
    const step = st.goSteps.find((s) => s.command === cmd);
    const asked = args
      .slice(1)
      .filter((w) => !w.text.startsWith('-'))
      .map((w) => w.text);
    for (const v of asked.length ? asked : PRINTED_URL_VARIABLES) {
      const value = step?.env.get(v)?.value;
      if (value && TOKEN_URL.test(value)) return localize(locale, MESSAGES.goEnv, v, redactCredentials(value));
    }
  }
  return undefined;
}

/** How the printing command is named in the message: `git config --list` and `go env GOPROXY` in full, others by name. */
function commandLabel(cmd: ShellCommand): string {
  const name = commandName(cmd);
  return name === 'git' || name === 'go' ? redactCredentials(cmd.words.map((w) => w.text).join(' ')) : name;
}

/**
 * Walks a stage's RUNs that mention one of `words` (none in a Windows stage): `visit` sees each command with the git
 * credentials written before it in the stage (starting from those of the stage it builds on), the secrets in scope,
 * and whether its output is judged (not redirected as a group). Returns the git credentials at the end of the stage.
 */
function walkRuns(
  parsed: ParsedDockerfile,
  st: StageTimeline,
  base: GitSecret | undefined,
  words: RegExp,
  visit?: (run: RunInstruction, cmd: ShellCommand, secrets: () => SecretScope, gitSecret: GitSecret | undefined, judged: boolean) => void,
): GitSecret | undefined {
  let gitSecret = base;
  const stage = st.stage;
  if (isWindowsStage(parsed, stage.index)) return gitSecret;
  let stageSecrets: StageSecrets | undefined;
  stage.instructions.forEach((run, k) => {
    if (run.kind !== 'RUN' || !runMayContain(run, words)) return;
    // The variables in scope are looked at only for a command that may print or write one (most RUNs have none).
    let inScope: SecretScope | undefined;
    const local = new Map<string, SecretVariable>();
    const secrets = () => (inScope ??= (stageSecrets ??= new StageSecrets(stage.instructions, st.envBefore)).before(k, run, local));
    const judged = !redirectsGroups(run);
    for (const cmd of run.commands) {
      for (const name of runSetsSecret(cmd)) local.set(name, { name, source: 'run' });
      const written = gitConfigSecret(cmd, secrets);
      if (written !== undefined) {
        gitSecret ??= { line: cmd.range.start.line + 1, text: written };
        continue;
      }
      visit?.(run, cmd, secrets, gitSecret, judged);
    }
  });
  return gitSecret;
}

/** What a RUN must contain to write credentials into git config. */
const MAY_WRITE_GIT = /\bgit\b/;

/**
 * The git credentials at the end of each stage, which stay in the layers of the stages built on it: the first written
 * in the stage or in a stage it builds on. Kept per stage timeline; reads nothing else.
 */
const gitAtEnd = localStageFacts<GitSecret | undefined>();

function gitCredentialsAtEnd(parsed: ParsedDockerfile, st: StageTimeline, base: GitSecret | undefined): GitSecret | undefined {
  // The first written is the one the messages name: a stage built on one that wrote some keeps those.
  return base ?? walkRuns(parsed, st, undefined, MAY_WRITE_GIT);
}

const printedByStage = stageReports();

export const secretInBuildLog = defineRule({
  id: 'secret-in-build-log',
  family: 'secret',
  severity: 'warning',
  title: { en: 'A RUN prints a secret into the build log', 'zh-cn': 'RUN 把机密打印到了构建日志中' },
  check(parsed, ctx, report) {
    // The escape directive, which makes every stage a Windows one, is the stages' own: a change of it parses them anew.
    judgeStages(parsed, ctx, printedByStage, [ctx.locale], report, judgePrinted);
  },
});

/** The RUNs of a stage that print a secret; credentials written into git config by a stage it builds on count. */
function judgePrinted(at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter): void {
  const parsed = at.parsed;
  const locale = at.ctx.locale;
  const b = st.baseStageIndex;
  const base =
    b !== undefined && b < st.stage.index ? stageLocalFacts(parsed, gitAtEnd, (s, fromBase) => gitCredentialsAtEnd(parsed, s, fromBase))[b] : undefined;
  walkRuns(parsed, st, base, MAY_PRINT, (run, cmd, secrets, gitSecret, judged) => {
    if (!judged || !reachesLog(cmd)) return;
    const what = printedSecret(st, run, cmd, secrets, gitSecret, locale);
    if (what) report({ range: cmd.range, message: localize(locale, MESSAGES.printed, commandLabel(cmd), what) });
  });
}
