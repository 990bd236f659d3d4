// from-arg-image: the image of a FROM written with a variable. Docker expands it with the ARGs declared before the
// first FROM only: a name no such ARG declares, or one without a default that no build argument gives, is empty, and
// `golang:${GO_VERSION}-alpine` becomes `golang:-alpine`, which Docker rejects ("invalid reference format", checked
// with Docker's builder). An ARG default that is no tag of the official golang image (`v1.22`, `1.22.x`) cannot be
// pulled. Where the expansion is a valid Go image, the rules read its Go version through it (model/image.ts).
import { defineRule } from './rule';
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import type { Severity } from '../core/types';
import { backtick as c } from '../core/text';
import { isUnknownValue } from '../syntax/dockerWords';
import type { VariableReference } from '../syntax/dockerfileModel';
import { imageReferenceProblem } from '../model/image';

const MESSAGES = {
  undeclared: {
    en: (ref: string, name: string, image: string, docker: string, suggestion: string) =>
      `${c(ref)}: no ARG ${name} is declared before the first FROM, so Docker expands it to an empty string and the image is ${image}: the build fails with "${docker}".${suggestion}`,
    'zh-cn': (ref: string, name: string, image: string, docker: string, suggestion: string) =>
      `${c(ref)}：第一个 FROM 之前没有声明 ARG ${name}，Docker 会把它展开为空字符串，镜像成为 ${image}：构建会以 "${docker}" 失败。${suggestion}`,
  } satisfies Localized<[string, string, string, string, string]>,
  didYouMean: { en: (name: string) => ` Did you mean ${c(name)}?`, 'zh-cn': (name: string) => `是否想写 ${c(name)}？` } satisfies Localized<[string]>,
  noDefault: {
    en: (ref: string, name: string, line: number, image: string, docker: string) =>
      `${c(ref)}: ARG ${name} (line ${line}) has no default and no build argument gives it one here, so the image is ${image}: \`docker build\` without \`--build-arg ${name}=…\` fails with "${docker}". Give the ARG a default.`,
    'zh-cn': (ref: string, name: string, line: number, image: string, docker: string) =>
      `${c(ref)}：ARG ${name}（第 ${line} 行）没有默认值，这里也没有构建参数为它赋值，因此镜像成为 ${image}：不带 \`--build-arg ${name}=…\` 的 \`docker build\` 会以 "${docker}" 失败。请给该 ARG 一个默认值。`,
  } satisfies Localized<[string, string, number, string, string]>,
  notGoTag: {
    en: (tag: string, name: string, line: number) =>
      `ARG ${name} (line ${line}) makes the tag ${c(tag)}, which is no tag of the official golang image (its tags are Go versions such as \`1.22\`, \`1.22.3\`, \`1.22-alpine\`): pulling it fails, and the Go version of this stage is unknown.`,
    'zh-cn': (tag: string, name: string, line: number) =>
      `ARG ${name}（第 ${line} 行）得出的标签 ${c(tag)} 不是官方 golang 镜像的标签（其标签是 Go 版本，如 \`1.22\`、\`1.22.3\`、\`1.22-alpine\`）：拉取会失败，本阶段的 Go 版本也无从得知。`,
  } satisfies Localized<[string, string, number]>,
  nothing: { en: () => 'empty', 'zh-cn': () => '空' } satisfies Localized,
  rename: { en: (name: string) => `Use ARG ${name}`, 'zh-cn': (name: string) => `改用 ARG ${name}` } satisfies Localized<[string]>,
};

/** Docker's words for a rejected reference (its builder prints the blank case with the FROM text). */
function dockerWords(problem: 'blank' | 'invalid' | 'uppercase', fromText: string): string {
  if (problem === 'blank') return `base name (${fromText}) should not be blank`;
  return problem === 'uppercase' ? 'invalid reference format: repository name must be lowercase' : 'invalid reference format';
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** The declared global ARG a misspelt name most likely meant (at most two edits, or the same name in other case). */
function closestArg(name: string, declared: string[]): string | undefined {
  const scored = declared.map((d) => ({ d, n: d.toLowerCase() === name.toLowerCase() ? 0 : distance(d, name) })).filter((x) => x.n <= 2);
  scored.sort((x, y) => x.n - y.n);
  return scored.length === 1 || (scored.length > 1 && scored[0].n < scored[1].n) ? scored[0].d : undefined;
}

/** A tag the official golang image cannot have: a `v`/`go` prefix or a wildcard version (`v1.22`, `go1.22`, `1.22.x`). */
const NOT_GOLANG_TAG = /^(v|go)\d|(^|\.)(x|\*)($|[.-])/i;

/** BuildKit's platform ARGs: defined before the first FROM without a declaration (`FROM base-$TARGETOS`). */
const PLATFORM_ARGS = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT']);

/**
 * Evidence that a value is meant to come from the command line: the Dockerfile says `--build-arg NAME` (a usage
 * comment), or a build file or script of the workspace names the ARG (a `docker build` we could not place).
 */
function passedElsewhere(ctx: AnalysisContext, parsed: ParsedDockerfile, name: string): boolean {
  const word = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`--build-arg[= ]+["']?${word}\\b`).test(parsed.file.text)) return true;
  const named = new RegExp(`\\b${word}\\b`);
  const others = [...(ctx.req.related.buildFiles ?? []), ...(ctx.req.related.buildScripts ?? [])];
  return others.some((f) => !/(^|\/)[^/]*dockerfile[^/]*$/i.test(f.uri) && named.test(f.text));
}

/** Whether the workspace builds this Dockerfile (then a build that passes no value is one that runs). */
function builtByWorkspace(ctx: AnalysisContext): boolean {
  return ctx.req.kind === 'dockerfile' && (ctx.req.related.invocations?.length ?? 0) > 0;
}

export const fromArgImage = defineRule({
  id: 'from-arg-image',
  family: 'from',
  severity: 'error',
  title: { en: 'The image of a FROM is invalid through an ARG', 'zh-cn': 'FROM 的镜像经 ARG 展开后无效' },
  check(parsed: ParsedDockerfile, ctx, report) {
    const globals = parsed.timeline.globalArgs;
    const declared = [...globals.keys()];
    for (const st of parsed.timeline.stages) {
      const from = st.stage.from;
      // Plain references in the image (not `--platform=$BUILDPLATFORM`): `${X:-1.22}` has its default, `${X:+…}` is
      // empty on purpose.
      const inImage = (r: VariableReference) =>
        r.range.start.line === from.image.range.start.line &&
        r.range.start.character >= from.image.range.start.character &&
        r.range.end.character <= from.image.range.end.character;
      const refs = from.references.filter((r) => !r.modifier && inImage(r));
      const image = st.resolvedImage;
      if (refs.length === 0 || image === undefined || isUnknownValue(image)) continue;
      // A platform ARG BuildKit defines (unless a global ARG of the name is empty): the expansion is not known here.
      if (refs.some((r) => PLATFORM_ARGS.has(r.name) && !globals.has(r.name))) continue;
      const problem = imageReferenceProblem(image);
      const shown = image === '' ? localize(ctx.locale, MESSAGES.nothing) : c(image);
      const text = (r: VariableReference) => parsed.model.lines.slice(r.range);
      if (problem) {
        const docker = dockerWords(problem, from.image.text);
        // The references that expand to nothing: the cause, one finding each.
        for (const r of refs) {
          const b = globals.get(r.name);
          if (b && b.value !== '') continue;
          if (!b) {
            const near = closestArg(r.name, declared);
            const suggestion = near ? localize(ctx.locale, MESSAGES.didYouMean, near) : '';
            report({
              range: r.range,
              message: localize(ctx.locale, MESSAGES.undeclared, text(r), r.name, shown, docker, suggestion),
              fixes: () =>
                near
                  ? [
                      {
                        title: localize(ctx.locale, MESSAGES.rename, near),
                        preferred: true,
                        edits: [{ uri: ctx.uri, edits: [{ range: r.nameRange, newText: near }] }],
                      },
                    ]
                  : [],
            });
            continue;
          }
          if (b.origin.buildArg || b.raw !== '' || passedElsewhere(ctx, parsed, r.name)) continue;
          // Declared without a default: a build we cannot see may pass it; one the workspace runs without it fails.
          const severity: Severity = builtByWorkspace(ctx) ? 'error' : 'information';
          report({
            range: r.range,
            severity,
            message: localize(ctx.locale, MESSAGES.noDefault, text(r), r.name, (b.origin.range?.start.line ?? 0) + 1, shown, docker),
          });
        }
        continue;
      }
      // A valid reference to the official golang image whose tag an ARG made: is it a tag that image has?
      const m = /^(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?(?:library\/)?golang:([^@]+)/i.exec(image);
      if (!m || !NOT_GOLANG_TAG.test(m[1]) || !/:[^/]*\$/.test(from.image.text)) continue;
      const r = refs.find((x) => globals.get(x.name)?.value && m[1].includes(globals.get(x.name)!.value));
      const b = r && globals.get(r.name);
      // A value a build argument gives is not written here: judged only where the Dockerfile writes it.
      if (!r || !b?.origin.range || b.origin.buildArg) continue;
      report({ range: b.origin.valueRange ?? b.origin.range, message: localize(ctx.locale, MESSAGES.notGoTag, m[1], r.name, b.origin.range.start.line + 1) });
    }
  },
});
