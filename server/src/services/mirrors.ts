// The mirrors the status bar watches for the active document: the GOPROXY in effect at the stage under the
// cursor (for go.mod: in the Dockerfile that builds it), else the goProxyDoctor.mirrors setting, else the
// host's `go env GOPROXY`, else the go command's default. Display URLs are redacted; `probeUrl` keeps the
// real URL for the client's probes and must never be shown or logged.
import type { AnalysisContext } from '../model/context';
import type { Position } from '../core/text';
import { redactCredentials } from '../core/redact';
import { DEFAULT_GOPROXY, parseGoProxy } from '../goenv/proxy';
import { stageFor } from './stageAt';
import { stageLabel } from '../model/stages';
import type { MirrorEntry, MirrorsResult } from '../protocol';

export function mirrorEntries(value: string): MirrorEntry[] {
  const reachable = parseGoProxy(value).entries.filter((e) => e.reachable && !e.error);
  return reachable.map((e, i) => {
    const real = e.kind === 'proxy' ? (e.url ?? e.raw.trim()) : e.kind;
    const last = i === reachable.length - 1;
    return {
      url: redactCredentials(real),
      probeUrl: e.kind === 'proxy' ? real : undefined,
      kind: e.kind,
      fallback: last || e.kind !== 'proxy' ? null : e.separatorAfter === '|' ? 'anyError' : 'notFound',
    };
  });
}

export function mirrorsFor(
  ctx: AnalysisContext | undefined,
  position: Position | undefined,
  hostGoProxy: () => string | undefined,
  settingsMirrors: string[],
): MirrorsResult {
  const choice = ctx && stageFor(ctx, position);
  if (choice) {
    const env = choice.step?.env ?? choice.stage.envAtEnd;
    const value = env.get('GOPROXY')?.value ?? '';
    if (value !== '' && mirrorEntries(value).length > 0) {
      return { source: 'dockerfile', entries: mirrorEntries(value), dockerfile: choice.parsed.file.uri, stage: stageLabel(choice.stage.stage) };
    }
  }
  const fromSettings = settingsMirrors.filter((m) => m.trim() !== '').join(',');
  if (fromSettings && mirrorEntries(fromSettings).length > 0) return { source: 'settings', entries: mirrorEntries(fromSettings) };
  const host = hostGoProxy();
  if (host && mirrorEntries(host).length > 0) return { source: 'go env', entries: mirrorEntries(host) };
  return { source: 'default', entries: mirrorEntries(DEFAULT_GOPROXY) };
}
