// Cache mounts meant for one of Go's caches that miss it: `--mount=type=cache,target=/root/.cache/go-build` in a
// stage that moved GOCACHE (`ENV GOCACHE=/.cache`), or a `…/pkg/mod` mount where GOPATH or GOMODCACHE put the
// module cache elsewhere. go never writes to the mounted folder, so the mount keeps nothing between builds.
import type { Localized } from '../../core/localize';
import { localize } from '../../core/localize';
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { Reporter } from '../rule';
import type { RunInstruction, RunMount } from '../../syntax/dockerfileModel';
import type { EnvBinding, EnvMap, GoStep, StageTimeline } from '../../goenv/timelineModel';
import { localStageFacts, stageLocalFacts } from '../../model/stages';
import { isUnknownValue } from '../../syntax/dockerWords';
import { cacheEnvironmentAt, cacheTarget, hasCacheMount } from '../../model/cachePlaces';
import { runsAfterDownload } from '../../model/modulesInImage';
import { usesBuildCache } from '../../model/goStepKinds';
import { backtick as c } from '../../core/text';

const MESSAGES = {
  misplaced: {
    en: (target: string, cmd: string, setting: string, place: string, line: number, what: 'builds' | 'modules') =>
      `The cache mount on ${c(target)} is not where ${c(cmd)} keeps its ${what === 'builds' ? 'build cache' : 'modules'} (${c(place)}, after ${setting} on line ${line}), so go never writes to the mount and, when this layer is rebuilt, ${what === 'builds' ? 'every package is compiled' : 'every module is fetched'} from scratch. Mount ${c(place)} instead.`,
    'zh-cn': (target: string, cmd: string, setting: string, place: string, line: number, what: 'builds' | 'modules') =>
      `${c(target)} 上的缓存挂载并不是 ${c(cmd)} 存放${what === 'builds' ? '构建缓存' : '模块'}的位置（第 ${line} 行的 ${setting} 之后是 ${c(place)}），go 从不写入该挂载；该层重建时，${what === 'builds' ? '所有包都要重新编译' : '所有模块都要重新下载'}。请改为挂载 ${c(place)}。`,
  } satisfies Localized<[string, string, string, string, number, 'builds' | 'modules']>,
  title: {
    en: (place: string) => `Mount the cache on ${place}`,
    'zh-cn': (place: string) => `把缓存挂载到 ${place}`,
  } satisfies Localized<[string]>,
};

interface CacheKind {
  what: CacheKindName;
  /** What a mount meant for this cache looks like: the default place's last part. */
  meant: RegExp;
  /** The variables that move the cache when the stage sets them. */
  movedBy: readonly string[];
  used: (step: GoStep) => boolean;
}

const BUILDS: CacheKind = { what: 'builds', meant: /(^|\/)go-build$/, movedBy: ['GOCACHE'], used: usesBuildCache };
const MODULES: CacheKind = { what: 'modules', meant: /(^|\/)pkg\/mod$/, movedBy: ['GOMODCACHE', 'GOPATH'], used: (s) => s.downloads };
const KINDS: readonly CacheKind[] = [BUILDS, MODULES];

export type CacheKindName = 'builds' | 'modules';

export interface MisplacedMount {
  mount: RunMount;
  /** The mount's target, expanded. */
  target: string;
  /** Where go keeps the cache in this step. */
  place: string;
  /** The variable the stage set that put it there. */
  setting: EnvBinding;
}

/**
 * The cache mount of a RUN meant for one of Go's caches (`…/go-build`, `…/pkg/mod`) that misses it, where the stage
 * set the variable that moved the cache (GOCACHE; GOMODCACHE or GOPATH) to a value we know.
 */
export function misplacedMount(
  parsed: ParsedDockerfile,
  stageIndex: number,
  run: RunInstruction,
  env: EnvMap,
  what: CacheKindName,
): MisplacedMount | undefined {
  // Asked for every RUN with go steps by two rules: most stop at the first checks, which allocate nothing (no closure here).
  if (!run.mounts.some(isCacheMount)) return undefined;
  const kind = what === 'builds' ? BUILDS : MODULES;
  // Only where the stage set the variable itself, to a value we know: the image's own places are not judged.
  const setting = stageSetting(kind, env);
  if (!setting || isUnknownValue(setting.value) || !setting.value.startsWith('/')) return undefined;
  const resolved = cacheEnvironmentAt(parsed, stageIndex, run, env);
  const place = what === 'builds' ? resolved.GOCACHE : resolved.GOMODCACHE;
  if (!place.startsWith('/') || hasCacheMount(run, place, env)) return undefined;
  const meant = meantMount(run, kind, env);
  return meant && { mount: meant.mount, target: meant.target, place, setting };
}

/** The first cache mount of the RUN that looks meant for the cache, with its target expanded. */
function meantMount(run: RunInstruction, kind: CacheKind, env: EnvMap): { mount: RunMount; target: string } | undefined {
  for (const mount of run.mounts.filter(isCacheMount)) {
    const target = cacheTarget(mount.target!, env);
    if (kind.meant.test(target)) return { mount, target };
  }
  return undefined;
}

function isCacheMount(m: RunMount): boolean {
  return m.type === 'cache' && !!m.target;
}

/** The first of the variables that move the cache that the stage set itself. */
function stageSetting(kind: CacheKind, env: EnvMap): EnvBinding | undefined {
  for (const name of kind.movedBy) {
    const b = env.get(name);
    if (b && b.origin.kind !== 'default' && b.origin.range) return b;
  }
  return undefined;
}

/** A misplaced mount of a RUN, for the cache its go steps use. */
interface Misplaced {
  run: RunInstruction;
  kind: CacheKind;
  step: GoStep;
  found: MisplacedMount;
}

/**
 * The misplaced mounts of a stage's RUNs, in order: kept with the stage's timeline. They read the stage's own settings
 * only (a mount is misplaced where the stage set the cache's place to an absolute path), never a user's home.
 */
const misplacedIn = localStageFacts<Misplaced[]>();

function stageMisplaced(parsed: ParsedDockerfile, st: StageTimeline): Misplaced[] {
  const out: Misplaced[] = [];
  const byRun = new Map<RunInstruction, GoStep[]>();
  for (const s of st.goSteps) {
    const steps = byRun.get(s.instruction);
    if (steps) steps.push(s);
    else byRun.set(s.instruction, [s]);
  }
  for (const [run, steps] of byRun) {
    for (const kind of KINDS) {
      const step = steps.find(kind.used);
      const found = step && misplacedMount(parsed, st.stage.index, run, step.env, kind.what);
      if (step && found) out.push({ run, kind, step, found });
    }
  }
  return out;
}

/** One finding per misplaced mount, on the mount, with a fix that points it at the cache. */
export function reportMisplacedCacheMounts(parsed: ParsedDockerfile, ctx: AnalysisContext, report: Reporter): void {
  const lines = parsed.model.lines;
  for (const stage of stageLocalFacts(parsed, misplacedIn, (st) => stageMisplaced(parsed, st))) {
    for (const { run, kind, step, found } of stage) {
      // After the download the modules are in an earlier layer: nothing is fetched here again.
      if (kind.what === 'modules' && runsAfterDownload(parsed).has(run)) continue;
      const { mount, target, place, setting } = found;
      report({
        range: mount.range,
        message: localize(
          ctx.locale,
          MESSAGES.misplaced,
          target,
          `go ${step.subcommand}`,
          `${setting.name}=${c(setting.value)}`,
          place,
          setting.origin.range!.start.line + 1,
          kind.what,
        ),
        fixes: () => {
          const edit = retarget(lines.slice(mount.range), mount, place);
          return edit === undefined
            ? []
            : [
                {
                  title: localize(ctx.locale, MESSAGES.title, place),
                  preferred: true,
                  edits: [{ uri: ctx.uri, edits: [{ range: mount.range, newText: edit }] }],
                },
              ];
        },
      });
    }
  }
}

/** The mount flag with its target option pointing at `place` (undefined when the option is not found as written). */
function retarget(text: string, mount: RunMount, place: string): string | undefined {
  const re = /((?:^|,)(?:target|dst|destination)=)("?)([^,"\s]+)\2/;
  const m = re.exec(text);
  if (!m || m[3] !== mount.target) return undefined;
  return text.slice(0, m.index) + m[1] + m[2] + place + m[2] + text.slice(m.index + m[0].length);
}
