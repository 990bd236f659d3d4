// Whether a go step runs in module mode, as the image's Go decides it. Go 1.16 made module mode the default;
// before that GO111MODULE=auto (or unset) used modules only with a go.mod in the working directory or above it
// (Go 1.11 and 1.12 also only outside GOPATH/src), and Go before 1.11 has no modules at all. A GOPATH build
// downloads nothing through GOPROXY, so no module rule speaks about it.
import type { ParsedDockerfile } from './parsedDockerfile';
import type { GoStep, StageTimeline } from '../goenv/timelineModel';
import type { Instruction } from '../syntax/dockerfileModel';
import { imageDefaultsAt, imageGoVersion } from './image';
import { namesVersion, positionIn, textBeforeStep } from './steps';
import { OFFICIAL_IMAGE_DEFAULTS } from '../goenv/effective';
import { localStageFacts, stageLocalFacts } from './stages';

/** A COPY/ADD or RUN that can put a go.mod into the image (the whole context, go.mod itself, a clone, `go mod init`). */
function mayBringGoMod(ins: Instruction): boolean {
  if (ins.kind === 'COPY' || ins.kind === 'ADD')
    return ins.sources.some((s) => /^(\.\/?|\*|.*go\.(mod|\*))$/.test(s.text) || s.text.endsWith('/') || !/\.[a-z0-9]+$/i.test(s.text));
  if (ins.kind === 'RUN') return /\bgit\s+clone\b|\bgo\s+mod\s+init\b/.test(ins.argsText);
  return false;
}

interface GoModFacts {
  /** Position of the first instruction that may bring a go.mod, or Infinity. */
  first: number;
  /** The stage's image holds a go.mod at its end (from it or a stage it builds on). */
  atEnd: boolean;
}
const goModStages = localStageFacts<GoModFacts>();

export function goModBefore(parsed: ParsedDockerfile, stage: StageTimeline, step: GoStep): boolean {
  const facts = stageLocalFacts(parsed, goModStages, (st, base: GoModFacts | undefined) => {
    const first = st.stage.instructions.findIndex(mayBringGoMod);
    return { first: first < 0 ? Infinity : first, atEnd: !!base?.atEnd || first >= 0 };
  });
  const own = facts[stage.stage.index];
  const base = stage.baseStageIndex;
  return (base !== undefined && !!facts[base]?.atEnd) || (own !== undefined && own.first < positionIn(parsed, stage.stage.index, step.instruction));
}

function workdirBefore(stage: StageTimeline, step: GoStep): string | undefined {
  let dir: string | undefined;
  for (const ins of stage.stage.instructions) {
    if (ins === step.instruction) break;
    if (ins.kind === 'WORKDIR') dir = ins.argsText.trim();
  }
  return dir;
}

const GOPATH_TOOLS = /\b(dep\s+ensure|glide\s+(install|up)|godep\s+restore)\b/;
const gopathToolStages = localStageFacts<boolean>();

export function inModuleMode(parsed: ParsedDockerfile, stage: StageTimeline, step: GoStep): boolean {
  const setting = step.env.get('GO111MODULE')?.value ?? '';
  const v = imageGoVersion(parsed, stage.stage.index);
  if (v && v.major === 1 && v.minor < 11) return false;
  if (setting === 'on') return true;
  // dep, glide and godep fill GOPATH/src and vendor/: the build that follows is a GOPATH build.
  if (
    stageLocalFacts(parsed, gopathToolStages, (st) => st.stage.instructions.some((ins) => ins.kind === 'RUN' && GOPATH_TOOLS.test(ins.argsText)))[
      stage.stage.index
    ]
  )
    return false;
  // A Go whose version we cannot read (installed by the Dockerfile, another base image) may predate Go 1.16: with
  // no go.mod in the image yet, only a fetch by version is sure to be a module download.
  if (!v) return goModBefore(parsed, stage, step) || (namesVersion(step) && step.subcommand !== 'build');
  if (v.major > 1 || v.minor >= 16) return true;
  if (setting !== '' && setting !== 'auto') return true;
  if (!goModBefore(parsed, stage, step)) return false;
  // Go 1.11 and 1.12 stay in GOPATH mode inside GOPATH/src, go.mod or not.
  return !(v.minor < 13 && /^\/go\/src(\/|$)/.test(workdirBefore(stage, step) ?? ''));
}

/** Shell text that may put a go.mod in place: a clone, `go mod init`, a downloaded archive, a go.mod written or moved. */
const MAY_MAKE_GOMOD = /\bgit\s+(clone|checkout|pull)\b|\bgo\s+mod\s+init\b|\btar\b|\bunzip\b|\bcurl\b|\bwget\b|go\.(mod|work)\b/;
const makesGoModStages = localStageFacts<GoModFacts>();

/**
 * Whether a go step runs outside any module, on evidence: the stage starts from the official golang image (whose
 * folders hold no go.mod), nothing before the step in the stage or the stages it builds on can bring or make a go.mod,
 * the RUN mounts none and makes none before the go command, and the command does not name another folder or module file (`go -C`,
 * `-modfile`, a GOWORK file).
 */
export function outsideAnyModule(parsed: ParsedDockerfile, stage: StageTimeline, step: GoStep): boolean {
  if (imageDefaultsAt(parsed, stage.stage.index) !== OFFICIAL_IMAGE_DEFAULTS) return false;
  if (goModBefore(parsed, stage, step)) return false;
  // A bind mount brings files of the context (or of another stage) in for this RUN: maybe a go.mod.
  if (step.instruction.mounts.some((m) => m.type === 'bind')) return false;
  // Per stage, once: the first RUN that may make a go.mod, and whether the stage ends with one maybe made.
  const makes = stageLocalFacts(parsed, makesGoModStages, (st, base: GoModFacts | undefined) => {
    const first = st.stage.instructions.findIndex((ins) => ins.kind === 'RUN' && MAY_MAKE_GOMOD.test(ins.argsText));
    return { first: first < 0 ? Infinity : first, atEnd: !!base?.atEnd || first >= 0 };
  });
  const base = stage.baseStageIndex;
  if (base !== undefined && makes[base]?.atEnd) return false;
  if ((makes[stage.stage.index]?.first ?? Infinity) < positionIn(parsed, stage.stage.index, step.instruction)) return false;
  if (MAY_MAKE_GOMOD.test(textBeforeStep(parsed, step)) || step.command.words.some((w) => w.text === '-C' || w.text.startsWith('-C='))) return false;
  const gowork = step.env.get('GOWORK')?.value ?? '';
  if (gowork !== '' && gowork !== 'off') return false;
  return !/(^|\s)-modfile\b/.test(step.env.get('GOFLAGS')?.value ?? '') && !step.args.some((a) => /^--?modfile\b/.test(a.text));
}
