// credentials-in-env: an ENV that holds credentials, kept in the image config. credentials-in-build-arg: a build
// argument that holds credentials, kept in the image history (Docker records the build arguments in scope with every
// RUN after the ARG: `|1 GITHUB_TOKEN=… /bin/sh -c …`). Both judge by use (a RUN puts the variable into a URL's user
// info, a credentials file or git config) or by value (a URL with user info, a token of a known shape), never by
// the name alone, and only in the stages the built image is made of: a builder stage's config and history are not
// in the image (a layer it writes the credentials into is credentials-in-image's).
import { defineRule, type Reporter } from '../rule';
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { Locale, Range } from '../../core/types';
import type { Localized } from '../../core/localize';
import { localize } from '../../core/localize';
import { hasTokenShape, redactCredentials } from '../../core/redact';
import { backtick as c } from '../../core/text';
import type { ArgInstruction, Assignment, EnvInstruction } from '../../syntax/dockerfileModel';
import { credentialUses, type CredentialUse } from '../../model/credentialUses';
import { SSH_KEY_FILE, sshUserOnly, TOKEN_URL } from '../../model/credentials';
import { targetStage } from '../../model/builtStages';
import { subtreeTokens } from '../../model/stages';
import { judgeStages, stageReports, type StageAnalysis, type StageReports } from '../support/stageReports';
import type { StageTimeline } from '../../goenv/timelineModel';

/** GOPROXY has goproxy-credentials (with a fix); the others are lists of module patterns, never secrets. */
const NOT_HERE = new Set(['GOPROXY', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE']);

const MESSAGES = {
  env: {
    en: (name: string, why: string, secret: string) =>
      `ENV ${name} holds credentials: ${why}. An ENV value is stored in the image config, where ${c('docker inspect')} shows it to anyone who can pull the image (and every later RUN and every container sees it). Give it only to the RUN that needs it: ${secret}.`,
    'zh-cn': (name: string, why: string, secret: string) =>
      `ENV ${name} 含有凭据：${why}。ENV 的值保存在镜像配置中，任何能拉取该镜像的人都能用 ${c('docker inspect')} 看到它（之后的每个 RUN 和每个容器也都能看到）。请只把它交给需要它的 RUN：${secret}。`,
  } satisfies Localized<[string, string, string]>,
  arg: {
    en: (name: string, why: string, secret: string) =>
      `Build argument ${name} holds credentials: ${why}. Docker records the build arguments in scope with every RUN after the ARG in the image history: ${c(`docker history --no-trunc`)} shows ${c(`|1 ${name}=… /bin/sh -c …`)} to anyone who can pull the image. Instead, ${secret}.`,
    'zh-cn': (name: string, why: string, secret: string) =>
      `构建参数 ${name} 含有凭据：${why}。Docker 会把作用域内的构建参数随 ARG 之后的每个 RUN 记录在镜像历史中：任何能拉取该镜像的人都能用 ${c(`docker history --no-trunc`)} 看到 ${c(`|1 ${name}=<value> …`)}。请改为：${secret}。`,
  } satisfies Localized<[string, string, string]>,
  secret: {
    en: (name: string, id: string) =>
      `pass it as a BuildKit secret, ${c(`RUN --mount=type=secret,id=${id},env=${name} …`)} (Dockerfile syntax 1.10 or later; before that, read the file ${c(`/run/secrets/${id}`)} that ${c(`--mount=type=secret,id=${id}`)} mounts), built with ${c(`docker build --secret id=${id},env=${name}`)}`,
    'zh-cn': (name: string, id: string) =>
      `以 BuildKit secret 方式提供：${c(`RUN --mount=type=secret,id=${id},env=${name} …`)}（需要 Dockerfile 语法 1.10 或更高版本；更早的版本请读取 ${c(`--mount=type=secret,id=${id}`)} 挂载的文件 ${c(`/run/secrets/${id}`)}），并用 ${c(`docker build --secret id=${id},env=${name}`)} 构建`,
  } satisfies Localized<[string, string]>,
  ssh: {
    en: () => `give the key through the SSH agent, ${c('RUN --mount=type=ssh …')} on the steps that use it, built with ${c('docker build --ssh default')}`,
    'zh-cn': () => `通过 SSH agent 提供密钥：在使用它的步骤上用 ${c('RUN --mount=type=ssh …')}，并用 ${c('docker build --ssh default')} 构建`,
  } satisfies Localized,
  url: {
    en: (line: number, word: string) => `line ${line} puts it into the user info of ${c(word)}`,
    'zh-cn': (line: number, word: string) => `第 ${line} 行把它放进了 ${c(word)} 的用户信息`,
  } satisfies Localized<[number, string]>,
  file: {
    en: (line: number, file: string) => `line ${line} writes it into ${c(file)}`,
    'zh-cn': (line: number, file: string) => `第 ${line} 行把它写进了 ${c(file)}`,
  } satisfies Localized<[number, string]>,
  'git-config': {
    en: (line: number, word: string) => `line ${line} gives it to ${c('git config')} (${c(word)})`,
    'zh-cn': (line: number, word: string) => `第 ${line} 行把它交给了 ${c('git config')}（${c(word)}）`,
  } satisfies Localized<[number, string]>,
  urlValue: {
    en: (value: string) => `its value ${c(value)} is a URL with user info`,
    'zh-cn': (value: string) => `它的值 ${c(value)} 是带用户信息的 URL`,
  } satisfies Localized<[string]>,
  tokenValue: {
    en: (value: string) => `its value ${c(value)} is a token`,
    'zh-cn': (value: string) => `它的值 ${c(value)} 是一个令牌`,
  } satisfies Localized<[string]>,
};

/** The stages the built image is made of: each build's target and the stages it is built FROM. */
function imageStages(parsed: ParsedDockerfile, ctx: AnalysisContext): Set<number> {
  const out = new Set<number>();
  const invocations = ctx.req.related.invocations ?? [];
  const targets = invocations.length > 0 ? invocations.map((inv) => inv.target) : [undefined];
  for (const target of targets) {
    for (let i = targetStage(parsed.model, target)?.index; i !== undefined && !out.has(i); i = parsed.timeline.stages[i]?.baseStageIndex) out.add(i);
  }
  return out;
}

/** Why a value is credentials by itself: a URL with user info or a token of a known shape. */
function byValue(value: string, locale: AnalysisContext['locale']): string | undefined {
  if (TOKEN_URL.test(value) && !sshUserOnly(value)) return localize(locale, MESSAGES.urlValue, redactCredentials(value));
  if (hasTokenShape(value)) return localize(locale, MESSAGES.tokenValue, redactCredentials(value));
  return undefined;
}

function byUse(u: CredentialUse, locale: AnalysisContext['locale']): string {
  return localize(locale, MESSAGES[u.kind], u.command.range.start.line + 1, u.kind === 'file' ? u.where : redactCredentials(u.where));
}

/** A secret id from the variable's name, in the lower case BuildKit examples use. */
function secretId(name: string): string {
  return name.toLowerCase();
}

interface Judged {
  instruction: ArgInstruction | EnvInstruction;
  assignment: Assignment;
  why: string;
  /** Written into an SSH key file: an SSH mount is the way to give it. */
  sshKey?: boolean;
}

/** A stage's ARG or ENV assignments whose values hold credentials, and why. */
function judgedValues(st: StageTimeline, kind: 'ARG' | 'ENV', locale: Locale): Judged[] {
  const out: Judged[] = [];
  st.stage.instructions.forEach((ins, k) => {
    if (ins.kind !== kind || (ins.kind !== 'ARG' && ins.kind !== 'ENV')) return;
    for (const a of ins.kind === 'ENV' ? ins.vars : ins.args) {
      // The value the build gives it (a build argument's, or the default expanded).
      const value = st.envBefore[k + 1]?.get(a.name)?.value ?? a.value ?? '';
      const why = byValue(value, locale);
      if (why) out.push({ instruction: ins, assignment: a, why });
    }
  });
  return out;
}

/** The credential uses of a parse's RUNs by the stage of the ARG or ENV they use, in document order. */
function usesByOrigin(parsed: ParsedDockerfile, ctx: AnalysisContext): Map<number, CredentialUse[]> {
  const all = ctx.memo('credentialUses', () => credentialUses(parsed));
  let byStage = grouped.get(all);
  if (!byStage) {
    byStage = new Map();
    grouped.set(all, byStage);
    for (const u of all) {
      const at = u.binding.origin.instruction?.stageIndex;
      if (at !== undefined) (byStage.get(at) ?? byStage.set(at, []).get(at)!).push(u);
    }
  }
  return byStage;
}
const grouped = new WeakMap<CredentialUse[], Map<number, CredentialUse[]>>();

/**
 * The ARG or ENV assignments of an image stage that hold credentials, each once, with the first reason found: by
 * value, else by a use in the stage or in a stage built on it (where its ENV is inherited).
 */
function judgeStage(at: Readonly<StageAnalysis>, st: StageTimeline, kind: 'ARG' | 'ENV'): Judged[] {
  const locale = at.ctx.locale;
  const found = new Map<Assignment, Judged>();
  const add = (j: Judged) => {
    if (!found.has(j.assignment) && !NOT_HERE.has(j.assignment.name)) found.set(j.assignment, j);
  };
  for (const j of judgedValues(st, kind, locale)) add(j);
  for (const u of usesByOrigin(at.parsed, at.ctx).get(st.stage.index) ?? []) {
    const ins = u.binding.origin.instruction;
    if (!ins || ins.kind !== kind || (ins.kind !== 'ARG' && ins.kind !== 'ENV')) continue;
    const list: Assignment[] = ins.kind === 'ENV' ? ins.vars : ins.args;
    const assignment = list.find((a) => a.name === u.name);
    if (assignment) add({ instruction: ins, assignment, why: byUse(u, locale), sshKey: u.kind === 'file' && SSH_KEY_FILE.test(u.where) });
  }
  return [...found.values()].sort((a, b) => a.assignment.range.start.line - b.assignment.range.start.line);
}

const OUTSIDE_IMAGE: readonly unknown[] = [false];

/**
 * Judges the image's stages for credentials in an ARG or ENV. Besides the stage, a judgement reads whether the stage
 * is one the image is made of (the builds' targets and what they build on) and, for one that is, the stages built on
 * it, whose RUNs may use its ENV as credentials.
 */
function judgeImageStages(parsed: ParsedDockerfile, ctx: AnalysisContext, kept: StageReports, kind: 'ARG' | 'ENV', report: Reporter): void {
  const image = imageStages(parsed, ctx);
  // The stages built on an image stage, as one identity per stage (not a list per stage: a FROM chain would make that
  // quadratic).
  const subtree = subtreeTokens(parsed);
  judgeStages(
    parsed,
    ctx,
    kept,
    [ctx.locale],
    report,
    (at, st, stageReport) => {
      if (!image.has(st.stage.index)) return;
      const locale = at.ctx.locale;
      for (const j of judgeStage(at, st, kind)) {
        const name = j.assignment.name;
        stageReport({ range: rangeOf(j), message: localize(locale, MESSAGES[kind === 'ENV' ? 'env' : 'arg'], name, j.why, remedy(j, locale)) });
      }
    },
    (_st, i) => (image.has(i) ? [true, subtree[i]] : OUTSIDE_IMAGE),
  );
}

function rangeOf(j: Judged): Range {
  return j.assignment.range;
}

function remedy(j: Judged, locale: AnalysisContext['locale']): string {
  const name = j.assignment.name;
  return j.sshKey ? localize(locale, MESSAGES.ssh) : localize(locale, MESSAGES.secret, name, secretId(name));
}

const envByStage = stageReports();
const argByStage = stageReports();

export const credentialsInEnv = defineRule({
  id: 'credentials-in-env',
  family: 'credentials',
  severity: 'warning',
  title: { en: 'Credentials in an ENV value, kept in the image config', 'zh-cn': 'ENV 的值中含有凭据，会保存在镜像配置中' },
  // About the ENV itself: reported there even when a build argument gives the value.
  aboutPlacement: true,
  check(parsed, ctx, report) {
    judgeImageStages(parsed, ctx, envByStage, 'ENV', report);
  },
});

export const credentialsInBuildArg = defineRule({
  id: 'credentials-in-build-arg',
  family: 'credentials',
  severity: 'warning',
  title: { en: 'Credentials in a build argument, kept in the image history', 'zh-cn': '构建参数中含有凭据，会保存在镜像历史中' },
  // About the ARG itself: its fix is in the Dockerfile even when a build argument gives the value.
  aboutPlacement: true,
  check(parsed, ctx, report) {
    judgeImageStages(parsed, ctx, argByStage, 'ARG', report);
  },
});
