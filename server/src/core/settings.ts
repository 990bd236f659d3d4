// `goProxyDoctor.*` settings as the editor (or .vscode/settings.json for the CLI) gives them, validated into
// AnalysisSettings. Unknown rule ids and bad values are dropped, never trusted.
import { isBuildArgName } from './buildArgs';
import { DEFAULT_SETTINGS, RULE_IDS, type AnalysisSettings, type MirrorHealth, type RuleId, type SeverityOverride } from './types';

const SEVERITIES = new Set<SeverityOverride>(['error', 'warning', 'information', 'hint', 'off']);
const RULES = new Set<string>(RULE_IDS);

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** `goProxyDoctor.buildArgs`: NAME -> value; numbers and booleans as docker would print them, anything else dropped. */
function buildArgValues(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(record(v))) {
    if (!isBuildArgName(name)) continue;
    if (typeof value === 'string') out[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[name] = String(value);
  }
  return out;
}

/**
 * From the `goProxyDoctor` section, nested (`{ rules: { severity } }`) or flat
 * (`{ 'rules.severity': … }`, as settings.json files write it).
 */
export function parseSettings(section: unknown, health: MirrorHealth[] = []): AnalysisSettings {
  const s = record(section);
  const get = (dotted: string): unknown => {
    if (dotted in s) return s[dotted];
    return dotted.split('.').reduce<unknown>((o, k) => record(o)[k], s);
  };
  const severity: Partial<Record<RuleId, SeverityOverride>> = {};
  for (const [rule, sev] of Object.entries(record(get('rules.severity')))) {
    if (RULES.has(rule) && SEVERITIES.has(sev as SeverityOverride)) severity[rule as RuleId] = sev as SeverityOverride;
  }
  const defaultProxy = get('defaultProxy');
  return {
    ...DEFAULT_SETTINGS,
    defaultProxy: typeof defaultProxy === 'string' ? defaultProxy : '',
    privatePatterns: strings(get('privatePatterns')),
    severity,
    rulesOff: strings(get('rules.disabled')).filter((r): r is RuleId => RULES.has(r)),
    mirrors: strings(get('mirrors')),
    buildArgs: buildArgValues(get('buildArgs')),
    health,
  };
}

/** `goProxyDoctor.*` keys of a flat settings.json object, as one section. */
export function sectionFromSettingsJson(json: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record(json))) {
    if (k.startsWith('goProxyDoctor.')) out[k.slice('goProxyDoctor.'.length)] = v;
    else if (k === 'goProxyDoctor') Object.assign(out, record(v));
  }
  return out;
}

/** settings.json allows comments and trailing commas (JSONC). */
export function parseJsonc(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) i++;
      i++;
    } else if (c === ',' && /^\s*[}\]]/.test(text.slice(i + 1, i + 200))) {
      // trailing comma: dropped
    } else out += c;
  }
  return JSON.parse(out);
}

/**
 * Whether two parsed settings are the same (plain data, built in one order by parseSettings; a difference of order
 * alone only costs a needless re-analysis).
 */
export function sameSettings(a: AnalysisSettings, b: AnalysisSettings): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
