// GOPROXY lists on Go 1.11 and 1.12, which read GOPROXY as one URL (or `direct`, `off`): lists, `direct` inside
// them and the implicit https:// came with Go 1.13. Go 1.12 (and the later 1.11 releases) reject a value with a
// comma ("invalid $GOPROXY setting: cannot have comma"); earlier 1.11 releases parse it as one URL with a comma in
// its host, whose requests fail. Either way every module download through it fails.
import type { AnalysisContext } from '../../model/context';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { Report } from '../rule';
import type { Fix } from '../../core/types';
import type { Localized } from '../../core/localize';
import { localize } from '../../core/localize';
import { redactCredentials } from '../../core/redact';
import { imageGoVersion, type ImageGoVersion } from '../../model/image';
import { inModuleMode } from '../../model/moduleMode';
import { isVersionedFetch } from '../../model/goStepKinds';
import { singleProxy, takesProxyList } from '../../model/suggest';
import { valueEdit } from '../../model/edits';
import type { DownloadStep } from '../../model/steps';
import type { ValueSite } from '../../model/sites';
import { GOPROXY_MESSAGES } from './messages';
import { backtick as c } from '../../core/text';

const MESSAGES = {
  comma: {
    en: (image: string, version: string) =>
      `${c(image)} has Go ${version}, which reads GOPROXY as a single URL: lists, and \`direct\` inside them, came with Go 1.13. Go 1.12 and the later 1.11 releases reject this value ("invalid $GOPROXY setting: cannot have comma"); earlier 1.11 releases take it as one URL with a comma in its host.`,
    'zh-cn': (image: string, version: string) =>
      `${c(image)} 中是 Go ${version}，它把 GOPROXY 当作单个 URL：列表以及其中的 \`direct\` 自 Go 1.13 起才支持。Go 1.12 及较晚的 1.11 版本会拒绝这个值（"invalid $GOPROXY setting: cannot have comma"）；更早的 1.11 版本则把它当作主机名里带逗号的一个 URL。`,
  } satisfies Localized<[string, string]>,
  pipe: {
    en: (image: string, version: string) =>
      `${c(image)} has Go ${version}, which reads GOPROXY as a single URL: \`|\` separates proxies only since Go 1.15, and the go command rejects this value as a malformed URL.`,
    'zh-cn': (image: string, version: string) =>
      `${c(image)} 中是 Go ${version}，它把 GOPROXY 当作单个 URL：\`|\` 自 Go 1.15 起才用来分隔代理，go 命令会把这个值当作格式错误的 URL 拒绝。`,
  } satisfies Localized<[string, string]>,
  fails: {
    en: (cmd: string) => ` ${c(cmd)} must download modules through it, so it fails.`,
    'zh-cn': (cmd: string) => ` ${c(cmd)} 必须经由它下载模块，所以会失败。`,
  } satisfies Localized<[string]>,
};

/** The Go ≤ 1.12 image of a step reading the value (else of the stage setting it, when no step reads it). */
export function oldGoReading(parsed: ParsedDockerfile, readers: readonly DownloadStep[], siteStage: number): ImageGoVersion | undefined {
  const stages = readers.length ? readers.map((d) => d.stage.stage.index) : siteStage >= 0 ? [siteStage] : [];
  return stages.map((i) => imageGoVersion(parsed, i)).find((v) => v && !takesProxyList(v));
}

/** A step that certainly downloads through GOPROXY: module mode, modules to fetch, no module cache it may find them in. */
function certainDownload(ctx: AnalysisContext, parsed: ParsedDockerfile, d: DownloadStep): boolean {
  if (!d.step.downloads || !inModuleMode(parsed, d.stage, d.step)) return false;
  if (d.step.instruction.mounts.some((m) => m.type === 'cache')) return false;
  return (!!ctx.goMod && ctx.requiredModules.length > 0) || isVersionedFetch(d.step);
}

/** The finding for a GOPROXY list that a Go 1.11/1.12 image reads, or undefined. */
export function oldGoListReport(ctx: AnalysisContext, parsed: ParsedDockerfile, site: ValueSite, readers: readonly DownloadStep[]): Report | undefined {
  const value = site.value.trim();
  if (!/[,|]/.test(value)) return undefined;
  const old = readers.filter((d) => !takesProxyList(imageGoVersion(parsed, d.stage.stage.index)));
  const v = oldGoReading(parsed, old, readers.length ? -1 : site.stageIndex);
  if (!v) return undefined;
  const failing = old.find((d) => certainDownload(ctx, parsed, d));
  const message =
    localize(ctx.locale, value.includes(',') ? MESSAGES.comma : MESSAGES.pipe, v.image, v.text) +
    (failing ? localize(ctx.locale, MESSAGES.fails, `go ${failing.step.subcommand}`) : '');
  const single = singleProxy(value);
  const edit = single ? valueEdit(site, single, ctx.uri, parsed.model.lines) : undefined;
  const fixes: Fix[] = edit ? [{ title: localize(ctx.locale, GOPROXY_MESSAGES.rewriteTitle, redactCredentials(single!)), preferred: true, edits: [edit] }] : [];
  return { range: site.valueRange, severity: failing ? 'error' : 'information', message, fixes };
}
