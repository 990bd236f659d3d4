// What each stage's caches are for, for the caching hints: the stages that keep their caches on purpose.
import type { ParsedDockerfile } from './parsedDockerfile';
import { stageLabel } from './stages';
import { usesBuildCache } from './goStepKinds';

const kept = new WeakMap<ParsedDockerfile, Set<number>>();

/**
 * Stages that keep their caches on purpose: a later stage copies them out (`COPY --from=warm /go/pkg/mod …`), the
 * stage opens them to every user (`chmod -R 777 /go /root/.cache`), or it is a final image whose command is a shell
 * (a development or CI image that runs Go when it starts).
 */
export function keepsCaches(parsed: ParsedDockerfile, stage: number): boolean {
  let out = kept.get(parsed);
  if (!out) {
    out = new Set();
    const byName = new Map(parsed.timeline.stages.map((st) => [stageLabel(st.stage), st.stage.index] as const));
    for (const st of parsed.timeline.stages) {
      for (const ins of st.stage.instructions) {
        if ((ins.kind !== 'COPY' && ins.kind !== 'ADD') || !ins.from) continue;
        const from = byName.get(ins.from.toLowerCase()) ?? (/^\d+$/.test(ins.from) ? Number(ins.from) : undefined);
        if (from !== undefined && ins.sources.some((x) => /pkg\/mod|go-build|\.cache(\/|$)/.test(x.text))) out.add(from);
      }
      if (
        st.stage.instructions.some(
          (ins) => ins.kind === 'RUN' && /\bch(mod|own)\b[^\n;&|]*(\/go(\/|\s|$)|pkg\/mod|\.cache|\$GO(PATH|CACHE|MODCACHE))/.test(ins.argsText),
        )
      )
        out.add(st.stage.index);
    }
    const final = parsed.timeline.stages[parsed.timeline.stages.length - 1];
    const command = final?.stage.instructions.filter((ins) => ins.kind === 'CMD' || ins.kind === 'ENTRYPOINT').pop();
    if (final && command && /^\s*(\[\s*")?(\/bin\/|\/usr\/bin\/)?(ba|z)?sh"?\s*\]?\s*$/.test(command.argsText)) out.add(final.stage.index);
    // A final image that runs go when it starts (`CMD ["go", "run", "."]`) needs its module and build caches then.
    if (final && command && /^\s*(\[\s*")?(\S*\/)?go"?\s*,?\s*"?(run|test|build|generate|install)\b/.test(command.argsText)) out.add(final.stage.index);
    // A final image whose go steps only download and build nothing is a dependency image: the modules are its content.
    if (final && final.goSteps.some((s) => s.downloads) && !final.goSteps.some(usesBuildCache) && final.baseStageIndex === undefined)
      out.add(final.stage.index);
    kept.set(parsed, out);
  }
  return out.has(stage);
}
