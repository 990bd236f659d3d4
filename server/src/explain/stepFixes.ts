// The fixes for a failed step: the analysis core's own (the findings of the rules that know this kind of failure,
// on the step or where its variables are set), else the edit the core's helpers make for it: a mirror in GOPROXY,
// a module pattern in GOPRIVATE or GONOSUMDB.
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import { localize, type Localized } from '../core/localize';
import { redactCredentials, stripUserinfo } from '../core/redact';
import type { AnalysisSettings, Finding, Fix, Locale, Range, RuleId, TextEdit } from '../core/types';
import { privatePattern, type GoFailure, type GoFailureKind } from '../goenv/failures';
import { parseGoProxy } from '../goenv/proxy';
import { dockerfileValue, setInStage } from '../model/edits';
import { addPatternsEdit, proxyVariable, sumdbVariable } from '../model/privateRouting';
import { resolvedEnv } from '../model/steps';
import { proposedGoProxy, replacementMirror } from '../model/suggest';
import type { MappedStep } from './dockerfileSteps';
import { environmentAt, goStepOf, VARIABLES_OF } from './stepEnvironment';

const NETWORK: RuleId[] = ['goproxy-unset', 'goproxy-invalid', 'goproxy-unhealthy', 'goproxy-unreachable-entry', 'network-none'];

/** The rules whose findings are about the same cause as a kind of failure. */
const RULES_OF: Partial<Record<GoFailureKind, readonly RuleId[]>> = {
  dns: NETWORK,
  'tcp-dial-timeout': NETWORK,
  'connection-refused': NETWORK,
  'connection-reset': NETWORK,
  'tls-handshake-timeout': NETWORK,
  'tls-error': ['goproxy-insecure'],
  'context-deadline': NETWORK,
  'server-error': NETWORK,
  'not-found-private': ['private-module-proxied', 'gomod-private-module'],
  'sumdb-unreachable': ['private-module-sumdb', 'gosumdb-invalid', 'network-none'],
  'proxy-off': ['goproxy-off'],
  'invalid-proxy': ['goproxy-invalid'],
  'invalid-goflags': ['goflags-invalid'],
  'invalid-gosumdb': ['gosumdb-invalid'],
  'proxy-auth': ['goproxy-credentials', 'goproxy-credentials-http'],
  'insecure-credentials': ['goproxy-credentials-http', 'goproxy-credentials', 'credentials-in-image'],
  'go-too-old': ['toolchain-download'],
  'toolchain-download': ['toolchain-download'],
  'missing-go-sum': ['modfiles-copy-order'],
};

/** Failures a working mirror in GOPROXY fixes: the proxy could not be reached, or none was usable. */
const NEEDS_MIRROR = new Set<GoFailureKind>([
  'dns',
  'tcp-dial-timeout',
  'connection-refused',
  'connection-reset',
  'tls-handshake-timeout',
  'context-deadline',
  'server-error',
  'proxy-off',
  'invalid-proxy',
]);

const MESSAGES = {
  setProxy: {
    en: (value: string) => `Set GOPROXY=${value} for this stage`,
    'zh-cn': (value: string) => `为本阶段设置 GOPROXY=${value}`,
  } satisfies Localized<[string]>,
  addPattern: {
    en: (pattern: string, name: string) => `Add ${pattern} to ${name}`,
    'zh-cn': (pattern: string, name: string) => `把 ${pattern} 加入 ${name}`,
  } satisfies Localized<[string, string]>,
};

const overlaps = (a: Range, b: Range) => !(a.end.line < b.start.line || b.end.line < a.start.line);

function fromFindings(parsed: ParsedDockerfile, mapped: MappedStep, kind: GoFailureKind, findings: readonly Finding[]): Fix[] {
  const rules = RULES_OF[kind];
  if (!rules) return [];
  const env = environmentAt(mapped);
  const places = [mapped.instruction.range, ...VARIABLES_OF[kind].flatMap((name) => env.get(name)?.origin.range ?? [])];
  // The stage's own findings too: a COPY that leaves go.sum out sits before the step, not on it.
  const stage = mapped.stage.stage.range;
  const out: Fix[] = [];
  for (const f of findings) {
    if (f.uri !== parsed.file.uri || !rules.includes(f.rule)) continue;
    if (!places.some((p) => overlaps(p, f.range)) && !overlaps(stage, f.range)) continue;
    for (const fix of f.fixes) if (!out.some((o) => o.title === fix.title)) out.push(fix);
  }
  return out;
}

/** The GOPROXY a fix proposes instead of one whose host failed. */
function mirrorFor(failing: GoFailure, current: string, settings: AnalysisSettings, locale: Locale): string | undefined {
  const proposal = proposedGoProxy(settings, locale);
  const first = parseGoProxy(proposal).entries.find((e) => e.kind === 'proxy');
  const failingHost = failing.host?.toLowerCase();
  if (failingHost && first?.url && new URL(first.url).host.toLowerCase() === failingHost) {
    const other = replacementMirror(settings, locale, first.url);
    return other ? `${other},direct` : undefined;
  }
  return proposal === current ? undefined : proposal;
}

function mirrorFix(parsed: ParsedDockerfile, mapped: MappedStep, failure: GoFailure, settings: AnalysisSettings, locale: Locale): Fix | undefined {
  const binding = environmentAt(mapped).get('GOPROXY');
  const value = mirrorFor(failure, binding?.value ?? '', settings, locale);
  if (!value) return undefined;
  const vr = binding?.origin.valueRange;
  const own =
    binding &&
    vr &&
    binding.origin.stageIndex === mapped.stage.stage.index &&
    (binding.origin.kind === 'env' || binding.origin.kind === 'arg') &&
    !binding.origin.buildArg &&
    binding.raw === binding.value &&
    parsed.model.lines.slice(vr) === binding.value;
  // A value that carried a login loses it in the file: the login belongs in a secret, never in a layer.
  const edit: TextEdit = own
    ? { range: vr!, newText: dockerfileValue(stripUserinfo(value)) }
    : setInStage(parsed, mapped.stage.stage, 'GOPROXY', value, mapped.instruction);
  return { title: localize(locale, MESSAGES.setProxy, redactCredentials(value)), preferred: true, edits: [{ uri: parsed.file.uri, edits: [edit] }] };
}

function patternFix(parsed: ParsedDockerfile, mapped: MappedStep, failure: GoFailure, locale: Locale): Fix | undefined {
  const step = goStepOf(mapped);
  const env = step && resolvedEnv(step.env);
  if (!step || !env || !failure.module) return undefined;
  const name = failure.kind === 'sumdb-unreachable' ? sumdbVariable(env) : proxyVariable(env);
  const pattern = privatePattern(failure.module);
  const edit = addPatternsEdit(parsed, { step, stage: mapped.stage, env }, name, [pattern]);
  return { title: localize(locale, MESSAGES.addPattern, pattern, name), preferred: true, edits: [{ uri: parsed.file.uri, edits: [edit] }] };
}

export function fixesFor(
  parsed: ParsedDockerfile,
  mapped: MappedStep,
  failure: GoFailure,
  findings: readonly Finding[],
  settings: AnalysisSettings,
  locale: Locale,
): Fix[] {
  const found = fromFindings(parsed, mapped, failure.kind, findings);
  if (found.length > 0) return found;
  if (NEEDS_MIRROR.has(failure.kind)) return [mirrorFix(parsed, mapped, failure, settings, locale)].filter((f): f is Fix => !!f);
  const unknownToSumdb = failure.kind === 'sumdb-unreachable' && (failure.status === '404' || failure.status === '410');
  if (failure.kind === 'not-found-private' || unknownToSumdb) return [patternFix(parsed, mapped, failure, locale)].filter((f): f is Fix => !!f);
  return [];
}
