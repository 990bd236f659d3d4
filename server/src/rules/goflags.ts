// GOFLAGS the go command rejects (goflags-invalid) or no longer honours (goflags-insecure).
import { defineRule } from './rule';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { goflagsList } from '../goenv/effective';
import { valueSites, type ValueSite } from '../model/sites';
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import { samePosition } from '../core/text';
import { removeAssignment, replaceValue } from '../model/edits';
import { imageGoVersion } from '../model/image';
import { goflagsProblem, IGNORES_BAD_GOFLAGS, KNOWN_GOFLAGS, type GoFlagsProblem } from '../goenv/goflags';
import { goInvocation } from '../goenv/goCommand';
import type { GoStep } from '../goenv/timelineModel';

const MESSAGES = {
  insecure: {
    en: () =>
      '`-insecure` in GOFLAGS does nothing: `go mod download`, `go build` and `go install` ignore it, and since Go 1.17 `go get` fails with "go: -insecure flag is no longer supported; use GOINSECURE instead". Use GOINSECURE for the hosts that need it.',
    'zh-cn': () =>
      'GOFLAGS 中的 `-insecure` 不起任何作用：`go mod download`、`go build`、`go install` 会忽略它，而自 Go 1.17 起 `go get` 会以 "go: -insecure flag is no longer supported; use GOINSECURE instead" 失败。请改用 GOINSECURE 指定需要的主机。',
  } satisfies Localized,
  insecureGet: {
    en: (line: number) =>
      `\`go get\` on line ${line} fails with "go: -insecure flag is no longer supported; use GOINSECURE instead" (Go 1.17 and later): \`-insecure\` in GOFLAGS stops it, while \`go mod download\`, \`go build\` and \`go install\` ignore the flag. Use GOINSECURE for the hosts that need it.`,
    'zh-cn': (line: number) =>
      `第 ${line} 行的 \`go get\` 会以 "go: -insecure flag is no longer supported; use GOINSECURE instead" 失败（Go 1.17 及以后）：GOFLAGS 中的 \`-insecure\` 会让它失败，而 \`go mod download\`、\`go build\`、\`go install\` 会忽略这个标志。请改用 GOINSECURE 指定需要的主机。`,
  } satisfies Localized<[number]>,
  dropInsecureTitle: { en: () => 'Remove -insecure from GOFLAGS', 'zh-cn': () => '从 GOFLAGS 中删除 -insecure' } satisfies Localized,
  invalid: {
    en: (message: string, line: number | undefined) =>
      `The go command rejects this GOFLAGS value before doing anything else ("${message}"): every go command that sees it fails, except \`go env\` and \`go bug\`${line === undefined ? '' : `, starting with the one on line ${line}`}.`,
    'zh-cn': (message: string, line: number | undefined) =>
      `go 命令在做任何事之前就拒绝这个 GOFLAGS 值（"${message}"）：除 \`go env\` 和 \`go bug\` 外，所有读到它的 go 命令都会失败${line === undefined ? '' : `，第一个是第 ${line} 行的命令`}。`,
  } satisfies Localized<[string, number | undefined]>,
  invalidHint: {
    en: (kind: GoFlagsProblem['kind']) =>
      kind === 'non-flag'
        ? ' Every word must be a whole flag: `-mod=mod`, not `mod=mod` or `-mod mod`.'
        : kind === 'unterminated'
          ? ' Close the quote; quotes count only at the start of a word, around the whole flag (`"-ldflags=-s -w"`).'
          : ' No go command has this flag; compiler and linker flags go inside `-gcflags=…` or `-ldflags=…`.',
    'zh-cn': (kind: GoFlagsProblem['kind']) =>
      kind === 'non-flag'
        ? '每个词都必须是完整的标志：写 `-mod=mod`，而不是 `mod=mod` 或 `-mod mod`。'
        : kind === 'unterminated'
          ? '请补上引号；引号只在词首才有效，要包住整个标志（`"-ldflags=-s -w"`）。'
          : '没有任何 go 命令有这个标志；编译器和链接器的标志要放在 `-gcflags=…` 或 `-ldflags=…` 里。',
  } satisfies Localized<[GoFlagsProblem['kind']]>,
  fixFlagTitle: { en: (value: string) => `Rewrite GOFLAGS as ${value}`, 'zh-cn': (value: string) => `将 GOFLAGS 改为 ${value}` } satisfies Localized<[string]>,
};

/** The go steps whose GOFLAGS comes from this site. */
function goStepsReading(parsed: ParsedDockerfile, site: ValueSite): GoStep[] {
  const at = site.range.start;
  return parsed.timeline.stages
    .flatMap((st) => st.goSteps)
    .filter((s) => {
      const r = s.env.get('GOFLAGS')?.origin.range;
      return !!r && samePosition(r.start, at);
    });
}

/** The first word after `go` (and `-C dir`): `env`, `mod`, `build`… */
function firstGoWord(step: GoStep): string {
  const inv = goInvocation(step.command);
  if (!inv) return '';
  let i = inv.goWord + 1;
  const words = step.command.words;
  while (i < words.length && (words[i].text === '-C' || words[i].text.startsWith('-C='))) i += words[i].text === '-C' ? 2 : 1;
  return words[i]?.text ?? '';
}

export const goflagsInsecure = defineRule({
  id: 'goflags-insecure',
  family: 'goflags',
  severity: 'warning',
  title: { en: '-insecure in GOFLAGS is no longer supported', 'zh-cn': 'GOFLAGS 中的 -insecure 已不再受支持' },
  check(parsed, ctx, report) {
    const index = parsed.model.lines;
    for (const site of valueSites(parsed, new Set(['GOFLAGS']))) {
      // A value go rejects as a whole is goflags-invalid's: no go command gets as far as -insecure.
      if (goflagsProblem(site.value)) continue;
      const flags = goflagsList(site.value);
      const insecure = flags.filter((f) => f.flag === '-insecure' || f.flag === '--insecure');
      if (insecure.length === 0) continue;
      const rest = flags.filter((f) => !insecure.includes(f)).map((f) => site.value.slice(f.start, f.end));
      const fix = site.editable
        ? [
            {
              title: localize(ctx.locale, MESSAGES.dropInsecureTitle),
              preferred: true,
              edits: [{ uri: ctx.uri, edits: [rest.length ? replaceValue(site, rest.join(' '), index) : removeAssignment(site, index)] }],
            },
          ]
        : [];
      // `go get` fails with it from Go 1.17 on; before that (or in an image we cannot date) it only warned.
      const get = goStepsReading(parsed, site).find((s) => {
        const v = imageGoVersion(parsed, s.stageIndex);
        return s.subcommand === 'get' && !!v && (v.major > 1 || v.minor >= 17);
      });
      const message = get ? localize(ctx.locale, MESSAGES.insecureGet, get.range.start.line + 1) : localize(ctx.locale, MESSAGES.insecure);
      for (const f of insecure) report({ range: site.subRange(f.start, f.end), message, fixes: fix, severity: get ? 'error' : undefined });
    }
  },
});

/** The value with a non-flag word repaired when what was meant is plain: `mod=mod` → `-mod=mod`, `-mod mod` → `-mod=mod`. */
function repairedGoFlags(value: string, p: GoFlagsProblem): string | undefined {
  if (p.kind !== 'non-flag') return undefined;
  const word = value.slice(p.start, p.end);
  const m = /^([A-Za-z][\w.-]*)=/.exec(word);
  if (m && KNOWN_GOFLAGS.has(m[1])) return `${value.slice(0, p.start)}-${word}${value.slice(p.end)}`;
  const before = /(^|\s)(--?([A-Za-z][\w.-]*))\s+$/.exec(value.slice(0, p.start));
  if (before && KNOWN_GOFLAGS.has(before[3]) && /^[^\s'"=-][^\s'"]*$/.test(word)) return `${value.slice(0, p.start).trimEnd()}=${word}${value.slice(p.end)}`;
  return undefined;
}

export const goflagsInvalid = defineRule({
  id: 'goflags-invalid',
  family: 'goflags',
  severity: 'error',
  title: { en: 'A GOFLAGS value every go command rejects', 'zh-cn': '所有 go 命令都会拒绝的 GOFLAGS 值' },
  check(parsed, ctx, report) {
    const index = parsed.model.lines;
    for (const site of valueSites(parsed, new Set(['GOFLAGS']))) {
      const p = goflagsProblem(site.value);
      if (!p) continue;
      const steps = goStepsReading(parsed, site);
      const failing = steps.find((s) => !IGNORES_BAD_GOFLAGS.has(firstGoWord(s)));
      // Only `go env` or `go bug` read it: nothing fails.
      if (steps.length > 0 && !failing) continue;
      const repaired = repairedGoFlags(site.value, p);
      report({
        range: site.subRange(p.start, p.end),
        message:
          localize(ctx.locale, MESSAGES.invalid, p.message, failing ? failing.range.start.line + 1 : undefined) +
          localize(ctx.locale, MESSAGES.invalidHint, p.kind),
        // With no go command of the Dockerfile reading it, what fails is every go command run later in the image.
        severity: failing ? undefined : 'warning',
        fixes:
          repaired && site.editable
            ? [
                {
                  title: localize(ctx.locale, MESSAGES.fixFlagTitle, repaired),
                  preferred: true,
                  edits: [{ uri: ctx.uri, edits: [replaceValue(site, repaired, index)] }],
                },
              ]
            : [],
      });
    }
  },
});
