// Where a go step downloads a toolchain (GOTOOLCHAIN naming another Go, or `auto` with a go.mod asking for a newer
// one): what toolchain-unverifiable and gosumdb-invalid judge the step's GOSUMDB and GOPROXY by.
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import { compareGoVersions } from '../../syntax/gomod';
import { isUnknownValue } from '../../syntax/dockerWords';
import type { ResolvedGoEnv } from '../../goenv/effective';
import type { GoStep, StageTimeline } from '../../goenv/timelineModel';
import { imageGoVersion, newestGoOf, type ImageGoVersion } from '../../model/image';
import { resolvedEnv } from '../../model/steps';
import { goModBefore, inModuleMode } from '../../model/moduleMode';
import { localStageFactsBy, stageLocalFacts } from '../../model/stages';

export const TOOLCHAIN_MODULE = 'golang.org/toolchain';

export interface ToolchainSwitch {
  step: GoStep;
  stage: StageTimeline;
  env: ResolvedGoEnv;
  /** The toolchain GOTOOLCHAIN names (`go1.27.0`); undefined when go.mod's go/toolchain line asks for it. */
  named?: string;
}

/** A toolchain name go can download: a release or a pre-release of Go 1.21 or later (not a language version). */
const TOOLCHAIN_NAME = /^go1\.(\d+)(?:\.\d+|(?:rc|beta)\d+)$/;

/** Whether the image surely runs another Go than `version` (a floating `1.26` tag runs some 1.26.x). */
function surelyOther(v: ImageGoVersion, version: string): boolean {
  if (v.patch !== undefined || /rc|beta/.test(v.text)) return compareGoVersions(v.text, version) !== 0;
  return !version.startsWith(`${v.major}.${v.minor}.`) && !version.startsWith(`${v.major}.${v.minor}rc`) && !version.startsWith(`${v.major}.${v.minor}beta`);
}

/** Whether go.mod's go or toolchain line asks for a newer Go than `floor`. */
function goModAsksNewer(ctx: AnalysisContext, floor: string): boolean {
  const mod = ctx.goMod;
  const wanted = mod?.toolchain && mod.toolchain.name !== 'default' ? mod.toolchain.name.replace(/^go/, '') : undefined;
  return (!!mod?.go && compareGoVersions(floor, mod.go.version) < 0) || (wanted !== undefined && compareGoVersions(floor, wanted) < 0);
}

/** Whether this step makes go download a toolchain, and which; undefined when it surely runs the image's own Go. */
function switchAt(parsed: ParsedDockerfile, ctx: AnalysisContext, st: StageTimeline, step: GoStep, v: ImageGoVersion): { named?: string } | undefined {
  // The official images set GOTOOLCHAIN=local.
  const value = step.env.get('GOTOOLCHAIN')?.value ?? 'local';
  if (isUnknownValue(value)) return undefined;
  const [name, mode = '', ...rest] = (value === 'auto' || value === 'path' ? `local+${value}` : value).split('+');
  if (rest.length > 0 || (mode !== '' && mode !== 'auto') || (name !== 'local' && !TOOLCHAIN_NAME.test(name))) return undefined;
  if (name !== 'local') {
    if (Number(TOOLCHAIN_NAME.exec(name)![1]) < 21) return undefined;
    if (surelyOther(v, name.slice(2))) return { named: name };
  }
  if (mode !== 'auto' || !goModBefore(parsed, st, step) || !inModuleMode(parsed, st, step)) return undefined;
  return goModAsksNewer(ctx, name === 'local' ? newestGoOf(v) : name.slice(2)) ? {} : undefined;
}

/** go.mod's go and toolchain lines, all of go.mod a switch reads (goModAsksNewer). */
function goModLines(ctx: AnalysisContext): string {
  const mod = ctx.goMod;
  return `${mod?.go?.version ?? ''}\u0000${mod?.toolchain?.name ?? ''}`;
}

// A stage's switch reads the stage, the stages it builds on and go.mod's go and toolchain lines: kept per stage and
// per those lines, so a keystroke works out the switch of the stage it touched only.
const switchesBy = localStageFactsBy<ToolchainSwitch | undefined>();

/** The first go step of the stage that downloads a toolchain (only images whose Go we know, 1.21 or later). */
function stageSwitch(parsed: ParsedDockerfile, ctx: AnalysisContext, st: StageTimeline): ToolchainSwitch | undefined {
  const v = imageGoVersion(parsed, st.stage.index);
  if (!v || (v.major === 1 && v.minor < 21)) return undefined;
  for (const step of st.goSteps) {
    // `go env -w GOTOOLCHAIN=…` must work whatever GOTOOLCHAIN says.
    if (step.subcommand === 'env -w') continue;
    const env = resolvedEnv(step.env);
    const found = env && switchAt(parsed, ctx, st, step, v);
    if (env && found) return { step, stage: st, env, ...found };
  }
  return undefined;
}

/** Per stage index, the stage's toolchain switch (see stageSwitch). */
export function stageToolchainSwitches(parsed: ParsedDockerfile, ctx: AnalysisContext): readonly (ToolchainSwitch | undefined)[] {
  return stageLocalFacts(parsed, switchesBy(goModLines(ctx)), (st) => stageSwitch(parsed, ctx, st));
}

/** The first go step of each stage that downloads a toolchain (only images whose Go we know, 1.21 or later). */
export function toolchainSwitches(parsed: ParsedDockerfile, ctx: AnalysisContext): ToolchainSwitch[] {
  return stageToolchainSwitches(parsed, ctx).filter((s): s is ToolchainSwitch => s !== undefined);
}
