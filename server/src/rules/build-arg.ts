// Build arguments that never reach the go commands: an ARG that an ENV of the same name overrides
// (build-arg-overridden), and a build argument no ARG of the stages built declares, which Docker ignores
// (build-arg-unused). A global ARG no stage declares again is arg-out-of-scope's (arg.ts).
import { defineRule, type Reporter } from './rule';
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { Fix } from '../core/types';
import { localize, type Localized } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { buildArgPhrase, buildsList } from '../core/buildArgText';
import type { BuildInvocation, GivenBuildArg, WrittenAt } from '../core/buildArgs';
import { builtStages, targetStage } from '../model/builtStages';
import type { Assignment, DockerfileModel, EnvInstruction, Instruction, RunInstruction } from '../syntax/dockerfileModel';
import type { EnvBinding, StageTimeline } from '../goenv/timelineModel';
import { isUnknownValue } from '../syntax/dockerWords';
import { FETCH_VARIABLES } from '../goenv/variables';
import { AUTOMATIC_ARGS } from '../model/globalArgUses';
import { stageLabel } from '../model/stages';
import { backtick as c } from '../core/text';
import { judgeStages, stageReports, type StageAnalysis } from './support/stageReports';

const MESSAGES = {
  overriddenLater: {
    en: (name: string, line: number) =>
      `ARG ${name} has no effect: ENV ${name} on line ${line} sets the variable later in this stage, and ENV always wins over an ARG of the same name`,
    'zh-cn': (name: string, line: number) => `ARG ${name} 不起作用：本阶段第 ${line} 行的 ENV ${name} 之后会设置这个变量，而 ENV 总是优先于同名的 ARG`,
  } satisfies Localized<[string, number]>,
  overriddenBefore: {
    en: (name: string, line: number) =>
      `ARG ${name} has no effect: ENV ${name} on line ${line} already sets the variable in this stage, and ENV always wins over an ARG of the same name`,
    'zh-cn': (name: string, line: number) => `ARG ${name} 不起作用：本阶段第 ${line} 行的 ENV ${name} 已经设置了这个变量，而 ENV 总是优先于同名的 ARG`,
  } satisfies Localized<[string, number]>,
  overriddenInherited: {
    en: (name: string, stage: string, line: number) =>
      `ARG ${name} has no effect: this stage inherits ENV ${name} from stage ${c(stage)} (line ${line}), and ENV always wins over an ARG of the same name`,
    'zh-cn': (name: string, stage: string, line: number) =>
      `ARG ${name} 不起作用：本阶段从阶段 ${c(stage)}（第 ${line} 行）继承了 ENV ${name}，而 ENV 总是优先于同名的 ARG`,
  } satisfies Localized<[string, string, number]>,
  anyValue: {
    en: (name: string) => `, so \`--build-arg ${name}=…\` never reaches the go commands.`,
    'zh-cn': (name: string) => `，因此 \`--build-arg ${name}=…\` 永远到不了 go 命令。`,
  } satisfies Localized<[string]>,
  givenValue: {
    en: (phrase: string, value: string) => `, so the ${phrase}, ${value}, never reaches the go commands.`,
    'zh-cn': (phrase: string, value: string) => `，因此${phrase}（${value}）永远到不了 go 命令。`,
  } satisfies Localized<[string, string]>,
  useArgTitle: {
    en: (name: string, value: string) => `Let the build argument override it: ENV ${name}=\${${name}:-${value}}`,
    'zh-cn': (name: string, value: string) => `让构建参数优先：ENV ${name}=\${${name}:-${value}}`,
  } satisfies Localized<[string, string]>,
  unused: {
    en: (phrase: string, name: string) =>
      `The ${phrase} is not consumed: no ARG ${name} in this Dockerfile declares it, so the build ignores it (Docker warns "One or more build-args [${name}] were not consumed").`,
    'zh-cn': (phrase: string, name: string) =>
      `${phrase}没有被使用：本 Dockerfile 中没有声明 ARG ${name}，构建会忽略它（Docker 会警告 "One or more build-args [${name}] were not consumed"）。`,
  } satisfies Localized<[string, string]>,
  unusedByLast: {
    en: (phrase: string, name: string) =>
      `The ${phrase} is not consumed: only stages the build does not run declare ARG ${name}, so the build ignores it (Docker warns "One or more build-args [${name}] were not consumed").`,
    'zh-cn': (phrase: string, name: string) =>
      `${phrase}没有被使用：只有构建不会运行的阶段声明了 ARG ${name}，构建会忽略它（Docker 会警告 "One or more build-args [${name}] were not consumed"）。`,
  } satisfies Localized<[string, string]>,
  unusedInFile: {
    en: (phrase: string, name: string, df: string) =>
      `The ${phrase} is not consumed: no ARG ${name} in ${c(df)} declares it, so the build ignores it (Docker warns "One or more build-args [${name}] were not consumed").`,
    'zh-cn': (phrase: string, name: string, df: string) =>
      `${phrase}没有被使用：${c(df)} 中没有声明 ARG ${name}，构建会忽略它（Docker 会警告 "One or more build-args [${name}] were not consumed"）。`,
  } satisfies Localized<[string, string, string]>,
  unusedByTarget: {
    en: (phrase: string, name: string, df: string, target?: string) =>
      `The ${phrase} is not consumed: only stages of ${c(df)} that building ${target === undefined ? 'its last stage' : `target ${c(target)}`} does not run declare ARG ${name}, so the build ignores it (Docker warns "One or more build-args [${name}] were not consumed").`,
    'zh-cn': (phrase: string, name: string, df: string, target?: string) =>
      `${phrase}没有被使用：${c(df)} 中只有构建${target === undefined ? '最后一个阶段' : `目标 ${c(target)} `}时不会运行的阶段声明了 ARG ${name}，构建会忽略它（Docker 会警告 "One or more build-args [${name}] were not consumed"）。`,
  } satisfies Localized<[string, string, string, string | undefined]>,
};

/** A build argument's value for a message: redacted, one line, not too long; '(unknown)' when it cannot be known. */
function shownValue(given: GivenBuildArg): string {
  if (!given.known || isUnknownValue(given.value)) return '…';
  const one = redactCredentials(given.value).replace(/\s+/g, ' ');
  return c(one.length > 80 ? `${one.slice(0, 79)}…` : one);
}

/** Commands that never read a Go variable from the environment: a RUN of only these between ARG and ENV reads nothing. */
const NOT_GO_READERS = new Set([
  'apk',
  'apt-get',
  'apt',
  'yum',
  'dnf',
  'microdnf',
  'zypper',
  'mkdir',
  'cp',
  'mv',
  'rm',
  'ln',
  'chmod',
  'chown',
  'touch',
  'adduser',
  'addgroup',
  'useradd',
  'groupadd',
  'update-ca-certificates',
  'true',
  'set',
  'ls',
  'cat',
  'tar',
  'unzip',
  'curl',
  'wget',
  'git',
]);

function mayReadEnv(ins: Instruction, name: string): boolean {
  if (ins.references.some((r) => r.name === name)) return true;
  if (ins.kind !== 'RUN') return false;
  const run = ins as RunInstruction;
  if (run.form !== 'shell' || run.commands.length === 0) return true;
  return run.commands.some((cmd) => !NOT_GO_READERS.has(cmd.words[0]?.text ?? ''));
}

interface Override {
  arg: Assignment;
  /** The ENV that wins. */
  env: EnvBinding;
  when: 'before' | 'later' | 'inherited';
}

/** The ARGs of Go variables in a stage that an ENV of the same name overrides for every instruction that could read them. */
function overriddenArgs(st: StageTimeline): Override[] {
  const out: Override[] = [];
  const ins = st.stage.instructions;
  ins.forEach((argIns, i) => {
    if (argIns.kind !== 'ARG') return;
    for (const a of argIns.args) {
      if (!FETCH_VARIABLES.has(a.name)) continue;
      const before = st.envBefore[i].get(a.name);
      if (before && (before.origin.kind === 'env' || before.origin.kind === 'inherited')) {
        out.push({ arg: a, env: before, when: before.origin.kind === 'env' ? 'before' : 'inherited' });
        continue;
      }
      for (let j = i + 1; j < ins.length; j++) {
        const later = ins[j];
        const v = later.kind === 'ENV' ? (later as EnvInstruction).vars.find((x) => x.name === a.name) : undefined;
        if (v) {
          // `ENV GOPROXY=${GOPROXY}` / `${GOPROXY:-x}` passes the build argument on.
          const b = st.envBefore[j + 1]?.get(a.name) ?? st.envAtEnd.get(a.name);
          if (!v.references.some((r) => r.name === a.name) && b?.origin.kind === 'env' && b.origin.range === v.range)
            out.push({ arg: a, env: b, when: 'later' });
          break;
        }
        if (mayReadEnv(later, a.name)) break;
      }
    }
  });
  return out;
}

/** `ENV NAME=${NAME:-value}`: the fix for an ARG without default that an ENV with a plain value overrides. */
function useArgFix(ctx: AnalysisContext, parsed: ParsedDockerfile, o: Override): Fix[] {
  if (o.when !== 'later' || o.arg.value !== undefined) return [];
  const vr = o.env.origin.valueRange;
  const raw = o.env.raw;
  if (!vr || !/^[^\s"'$\\`{}]+$/.test(raw) || parsed.model.lines.slice(vr) !== raw) return [];
  const newText = `\${${o.arg.name}:-${raw}}`;
  return [
    {
      title: localize(ctx.locale, MESSAGES.useArgTitle, o.arg.name, redactCredentials(raw)),
      preferred: true,
      edits: [{ uri: ctx.uri, edits: [{ range: vr, newText }] }],
    },
  ];
}

const overriddenByStage = stageReports();

export const buildArgOverridden = defineRule({
  id: 'build-arg-overridden',
  family: 'build-arg',
  severity: 'warning',
  title: { en: 'An ENV of the same name overrides an ARG: the build argument has no effect', 'zh-cn': '同名的 ENV 覆盖了 ARG：构建参数不起作用' },
  aboutPlacement: true,
  check(parsed, ctx, report) {
    judgeStages(parsed, ctx, overriddenByStage, [ctx.locale], report, judgeOverridden);
  },
});

/** A stage's ARGs that an ENV overrides; the stage an inherited ENV comes from is one it builds on. */
function judgeOverridden(at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter): void {
  const locale = at.ctx.locale;
  for (const o of overriddenArgs(st)) {
    const name = o.arg.name;
    const line = o.env.origin.range!.start.line + 1;
    const head =
      o.when === 'inherited'
        ? localize(locale, MESSAGES.overriddenInherited, name, stageLabel(at.parsed.model.stages[o.env.origin.stageIndex ?? 0]), line)
        : localize(locale, o.when === 'before' ? MESSAGES.overriddenBefore : MESSAGES.overriddenLater, name, line);
    const given = st.givenArgs.find((b) => b.origin.range === o.arg.range)?.origin.buildArg;
    const tail = given
      ? localize(locale, MESSAGES.givenValue, buildArgPhrase(locale, name, given), shownValue(given))
      : localize(locale, MESSAGES.anyValue, name);
    report({ range: o.arg.range, message: head + tail, fixes: () => useArgFix(at.ctx, at.parsed, o) });
  }
}

/** Names docker and BuildKit take without an ARG line (proxies, platform, BuildKit's own switches). */
const isPredefined = (name: string) => AUTOMATIC_ARGS.has(name) || name.startsWith('BUILDKIT_') || name === 'SOURCE_DATE_EPOCH';

/** The names a build of these stages consumes: its ARGs and (Docker counts them when declared) the global ones. */
function consumedNames(model: DockerfileModel, stages: ReadonlySet<number>): Set<string> {
  const names = new Set<string>();
  for (const arg of model.globalArgs) for (const a of arg.args) names.add(a.name);
  for (const s of model.stages) if (stages.has(s.index)) for (const ins of s.instructions) if (ins.kind === 'ARG') for (const a of ins.args) names.add(a.name);
  return names;
}

/** The Dockerfile as messages name it: its path from the workspace folder, else its file name. */
const dockerfileShown = (inv: BuildInvocation) => inv.dockerfileShown ?? decodeURIComponent(inv.dockerfile.replace(/^.*\//, ''));

export const buildArgUnused = defineRule({
  id: 'build-arg-unused',
  family: 'build-arg',
  severity: 'information',
  title: {
    en: 'A build argument that no ARG of the stages built declares: the build ignores it',
    'zh-cn': '所构建的阶段中没有 ARG 声明的构建参数：构建会忽略它',
  },
  aboutPlacement: true,
  check(parsed, ctx, report) {
    const { model } = parsed;
    const last = model.stages[model.stages.length - 1];
    if (!last) return;
    const invocations = ctx.req.related.invocations ?? [];
    // Most analyses have no build passing arguments: the names are collected only for one that does.
    const passed = Object.entries(ctx.buildArgs).filter(([, given]) => given.source === 'cli' || given.source === 'settings');
    if (passed.length === 0 && !invocations.some((inv) => Object.keys(inv.args).length > 0)) return;
    const declaredAnywhere = consumedNames(model, new Set(model.stages.map((s) => s.index)));
    // What an invocation passes is judged against the stages its target builds, where the invocation writes it.
    // Every run reports the same, so the findings merge into one without a "with the build args of" label. Builds
    // that pass one written value (bake targets inheriting the same `args`) for the same reason are one finding.
    const unused = new Map<string, { inv: BuildInvocation; name: string; at: WrittenAt; byTarget: boolean; labels: string[] }>();
    for (const inv of invocations) {
      const consumed = consumedNames(model, builtStages(model, inv.target));
      for (const [name, value] of Object.entries(inv.args)) {
        // `--build-arg NAME` or `args: [NAME]` with nothing in the environment passes nothing.
        // Said where the build passes it (the `--build-arg` word), not where a variable it reads is assigned.
        const at = value.passedAt ?? value.at;
        if (!at || consumed.has(name) || isPredefined(name) || (!value.known && value.value === '')) continue;
        const byTarget = declaredAnywhere.has(name);
        const key = JSON.stringify([at.uri, at.range, name, dockerfileShown(inv), byTarget ? (inv.target ?? null) : null]);
        const found = unused.get(key) ?? unused.set(key, { inv, name, at, byTarget, labels: [] }).get(key)!;
        found.labels.push(inv.label);
      }
    }
    for (const { inv, name, at, byTarget, labels } of unused.values()) {
      const given = { source: inv.kind, label: buildsList(ctx.locale, labels) };
      const df = dockerfileShown(inv);
      const message = byTarget
        ? localize(ctx.locale, MESSAGES.unusedByTarget, buildArgPhrase(ctx.locale, name, given), name, df, inv.target)
        : localize(ctx.locale, MESSAGES.unusedInFile, buildArgPhrase(ctx.locale, name, given), name, df);
      report({ uri: at.uri, range: at.range, message });
    }
    // The command line and the settings apply to every build: consumed when any of them declares it.
    const built = invocations.length === 0 ? builtStages(model) : new Set(invocations.flatMap((inv) => [...builtStages(model, inv.target)]));
    const consumed = consumedNames(model, built);
    for (const [name, given] of passed) {
      if (consumed.has(name) || isPredefined(name)) continue;
      const message = declaredAnywhere.has(name)
        ? localize(ctx.locale, MESSAGES.unusedByLast, buildArgPhrase(ctx.locale, name, given), name)
        : localize(ctx.locale, MESSAGES.unused, buildArgPhrase(ctx.locale, name, given), name);
      report({ range: (targetStage(model, invocations[0]?.target) ?? last).from.range, message });
    }
  },
});
