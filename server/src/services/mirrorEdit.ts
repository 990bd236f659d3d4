// "Use fastest healthy mirror in this Dockerfile": puts a mirror first in the GOPROXY of the stage under the
// cursor (for go.mod: of the Dockerfile that builds it), keeping the other entries and a final `direct`.
import type { AnalysisContext } from '../model/context';
import type { Position } from '../core/text';
import type { DocumentEdit } from '../core/types';
import { parseGoProxy } from '../goenv/proxy';
import { normalizeMirrorUrl } from '../goenv/knownMirrors';
import { setInStage } from '../model/edits';
import { stageFor } from './stageAt';
import { resolveGoEnv } from '../goenv/effective';
import { envValues } from '../model/steps';
import { addPatternsEdit, proxyVariable } from '../model/privateRouting';
import { stripUserinfo } from '../core/redact';
import { netrcMountEdits, singleProxy, takesProxyList } from '../model/suggest';
import { imageGoVersion } from '../model/image';

/** The GOPROXY value with `mirror` first: the others keep their order and separators; `direct` ends it. */
export function withMirrorFirst(value: string, mirror: string): string {
  const entries = parseGoProxy(value).entries.filter((e) => e.reachable && !e.error);
  const same = (e: (typeof entries)[number]) => e.kind === 'proxy' && normalizeMirrorUrl(e.url ?? '') === normalizeMirrorUrl(mirror);
  const rest = entries.filter((e) => !same(e));
  // A kept entry never carries its user info into the file (it may have come from an expanded build argument).
  const parts = [
    { text: mirror, sep: ',' as string },
    ...rest.map((e) => ({ text: e.hasCredentials ? stripUserinfo(e.raw.trim()) : e.raw.trim(), sep: e.separatorAfter ?? ',' })),
  ];
  if (!rest.some((e) => e.kind !== 'proxy')) parts.push({ text: 'direct', sep: ',' });
  return parts.map((p, i) => p.text + (i < parts.length - 1 ? p.sep : '')).join('');
}

export function mirrorEditFor(ctx: AnalysisContext, position: Position | undefined, requested: string): DocumentEdit | undefined {
  // The edit lands in a Dockerfile (and an image): never with a user info, whatever the client asked for.
  const mirror = stripUserinfo(requested);
  const choice = stageFor(ctx, position);
  if (!choice) return undefined;
  const uri = choice.parsed.file.uri;
  // Go 1.11 and 1.12 read GOPROXY as one URL: the mirror alone, no list.
  const lists = takesProxyList(imageGoVersion(choice.parsed, choice.stage.stage.index));
  const valueWith = (value: string) => (lists ? withMirrorFirst(value, mirror) : (singleProxy(mirror) ?? mirror));
  const binding = (choice.step?.env ?? choice.stage.envAtEnd).get('GOPROXY');
  const vr = binding?.origin.valueRange;
  const own = binding && binding.origin.stageIndex === choice.stage.stage.index && (binding.origin.kind === 'env' || binding.origin.kind === 'arg');
  if (binding && vr && own && binding.raw === binding.value && choice.parsed.model.lines.slice(vr) === binding.value) {
    return { uri, edits: [{ range: vr, newText: valueWith(binding.value) }] };
  }
  const value = valueWith(binding?.value ?? '');
  const droppedCredentials = parseGoProxy(binding?.value ?? '').entries.some((e) => e.hasCredentials);
  const mount = droppedCredentials && choice.step ? netrcMountEdits([choice.step.instruction]) : [];
  return { uri, edits: [setInStage(choice.parsed, choice.stage.stage, 'GOPROXY', value, choice.step?.instruction), ...mount] };
}

/** Adds a module path pattern to GOPRIVATE (GONOPROXY when that is set explicitly) of the stage's download step. */
export function privatePatternEditFor(ctx: AnalysisContext, position: Position | undefined, pattern: string): DocumentEdit | undefined {
  const choice = stageFor(ctx, position);
  if (!choice?.step) return undefined;
  const download = { step: choice.step, stage: choice.stage, env: resolveGoEnv(envValues(choice.step.env)) };
  const edit = addPatternsEdit(choice.parsed, download, proxyVariable(download.env), [pattern]);
  return { uri: choice.parsed.file.uri, edits: [edit] };
}
