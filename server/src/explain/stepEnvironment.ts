// The Go environment at a failed step, as the analysis core's timeline has it: the variables a failure's kind
// depends on, each with its value and where it was set (or the go command's default when nothing sets it).
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import { localize, type Localized } from '../core/localize';
import { redactCredentials } from '../core/redact';
import type { Locale } from '../core/types';
import type { GoFailureKind } from '../goenv/failures';
import type { EnvBinding, EnvMap, GoStep } from '../goenv/timelineModel';
import { DEFAULT_GOPROXY } from '../goenv/proxy';
import { stageLabel } from '../model/stages';
import type { MappedStep } from './dockerfileSteps';

const PROXY = ['GOPROXY'];
const ROUTING = ['GOPROXY', 'GOPRIVATE', 'GONOPROXY'];

/** The variables whose values decide each kind of failure. */
export const VARIABLES_OF: Record<GoFailureKind, readonly string[]> = {
  dns: PROXY,
  'tcp-dial-timeout': PROXY,
  'connection-refused': PROXY,
  'connection-reset': PROXY,
  'tls-handshake-timeout': PROXY,
  'tls-error': PROXY,
  'context-deadline': PROXY,
  'not-found-private': ROUTING,
  'not-found': PROXY,
  'proxy-auth': PROXY,
  'insecure-credentials': PROXY,
  'server-error': PROXY,
  'sumdb-unreachable': ['GOSUMDB', 'GOPRIVATE', 'GONOSUMDB'],
  'proxy-off': PROXY,
  'invalid-proxy': PROXY,
  'invalid-goflags': ['GOFLAGS'],
  'invalid-gosumdb': ['GOSUMDB'],
  'unrecognized-import-path': ROUTING,
  'vcs-auth': ROUTING,
  'git-fetch': ROUTING,
  'ssh-host-key': ROUTING,
  'go-too-old': ['GOTOOLCHAIN'],
  'toolchain-download': ['GOTOOLCHAIN', 'GOPROXY'],
  'missing-go-sum': ['GOFLAGS'],
  'checksum-mismatch': ['GOPROXY', 'GOSUMDB'],
  'no-space': ['GOMODCACHE'],
  'go-missing': [],
  other: [],
};

/** What the go command uses when nothing sets the variable (the official images set GOTOOLCHAIN=local). */
const DEFAULTS: Record<string, string> = { GOPROXY: DEFAULT_GOPROXY, GOSUMDB: 'sum.golang.org', GOMODCACHE: '/go/pkg/mod', GOTOOLCHAIN: 'local' };

const MESSAGES = {
  atStep: {
    en: (line: number, stage: string, parts: string) => `At this step (line ${line}, stage ${stage}): ${parts}.`,
    'zh-cn': (line: number, stage: string, parts: string) => `在此步骤（第 ${line} 行，阶段 ${stage}）：${parts}。`,
  } satisfies Localized<[number, string, string]>,
  set: {
    en: (name: string, value: string, where: string) => `${name}=${value} (${where})`,
    'zh-cn': (name: string, value: string, where: string) => `${name}=${value}（${where}）`,
  } satisfies Localized<[string, string, string]>,
  unsetDefault: {
    en: (name: string, value: string) => `${name} is not set (the default ${value} applies)`,
    'zh-cn': (name: string, value: string) => `${name} 未设置（使用默认值 ${value}）`,
  } satisfies Localized<[string, string]>,
  unset: { en: (name: string) => `${name} is not set`, 'zh-cn': (name: string) => `${name} 未设置` } satisfies Localized<[string]>,
  image: { en: (image: string) => `the image is ${image}`, 'zh-cn': (image: string) => `镜像是 ${image}` } satisfies Localized<[string]>,
  env: { en: (line: number) => `ENV, line ${line}`, 'zh-cn': (line: number) => `ENV，第 ${line} 行` } satisfies Localized<[number]>,
  arg: { en: (line: number) => `ARG, line ${line}`, 'zh-cn': (line: number) => `ARG，第 ${line} 行` } satisfies Localized<[number]>,
  buildArg: { en: (line: number) => `build argument, ARG on line ${line}`, 'zh-cn': (line: number) => `构建参数，ARG 位于第 ${line} 行` } satisfies Localized<
    [number]
  >,
  inherited: {
    en: (stage: string, line: number) => `ENV of stage ${stage}, line ${line}`,
    'zh-cn': (stage: string, line: number) => `阶段 ${stage} 的 ENV，第 ${line} 行`,
  } satisfies Localized<[string, number]>,
  goEnvW: { en: (line: number) => `go env -w, line ${line}`, 'zh-cn': (line: number) => `go env -w，第 ${line} 行` } satisfies Localized<[number]>,
  prefix: { en: (line: number) => `set on the command, line ${line}`, 'zh-cn': (line: number) => `在命令上设置，第 ${line} 行` } satisfies Localized<[number]>,
  separator: { en: () => '; ', 'zh-cn': () => '；' },
};

/** The go command of the step's RUN that the failure most likely comes from: the first that downloads modules. */
export function goStepOf(mapped: MappedStep): GoStep | undefined {
  const steps = mapped.stage.goSteps.filter((s) => s.instruction === mapped.instruction);
  return steps.find((s) => s.downloads) ?? steps[0];
}

/** The environment the step's go command sees (the RUN's own prefixes included), else the one before the instruction. */
export function environmentAt(mapped: MappedStep): EnvMap {
  const step = goStepOf(mapped);
  if (step) return step.env;
  const index = mapped.stage.stage.instructions.indexOf(mapped.instruction);
  return index >= 0 ? mapped.stage.envBefore[index]! : mapped.stage.envAtEnd;
}

function origin(parsed: ParsedDockerfile, b: EnvBinding, locale: Locale): string {
  const line = (b.origin.range?.start.line ?? 0) + 1;
  switch (b.origin.kind) {
    case 'env':
      return localize(locale, MESSAGES.env, line);
    case 'arg':
      return localize(locale, b.origin.buildArg ? MESSAGES.buildArg : MESSAGES.arg, line);
    case 'inherited': {
      const stage = parsed.model.stages[b.origin.stageIndex ?? 0];
      return localize(locale, MESSAGES.inherited, stage ? stageLabel(stage) : '?', line);
    }
    case 'go-env-w':
      return localize(locale, MESSAGES.goEnvW, line);
    default:
      return localize(locale, MESSAGES.prefix, line);
  }
}

/** "At this step (line 12, stage build): GOPROXY=… (ENV, line 3); GOPRIVATE is not set." */
export function describeEnvironment(parsed: ParsedDockerfile, mapped: MappedStep, kind: GoFailureKind, locale: Locale): string | undefined {
  const names = VARIABLES_OF[kind];
  const env = environmentAt(mapped);
  const parts = names.map((name) => {
    const b = env.get(name);
    if (b && b.value !== '') return localize(locale, MESSAGES.set, name, redactCredentials(b.value), origin(parsed, b, locale));
    return DEFAULTS[name] ? localize(locale, MESSAGES.unsetDefault, name, DEFAULTS[name]) : localize(locale, MESSAGES.unset, name);
  });
  if ((kind === 'go-too-old' || kind === 'toolchain-download') && mapped.stage.resolvedImage)
    parts.push(localize(locale, MESSAGES.image, mapped.stage.resolvedImage));
  if (parts.length === 0) return undefined;
  return localize(
    locale,
    MESSAGES.atStep,
    mapped.instruction.range.start.line + 1,
    stageLabel(mapped.stage.stage),
    parts.join(localize(locale, MESSAGES.separator)),
  );
}
