// Completions in a Dockerfile: Go variable names after ENV/ARG; known mirrors, `direct` and `off` inside a
// GOPROXY value; module hosts of the nearby go.mod inside GOPRIVATE/GONOPROXY/GONOSUMDB/GOINSECURE values; in an
// ARG or ENV value of a Go variable, the values the workspace's builds pass for it.
// Works on the text up to the cursor, so it serves half-typed lines the parser cannot make sense of yet.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver-types';
import type { AnalysisContext } from '../model/context';
import { localize } from '../core/localize';
import { LineIndex } from '../core/text';
import { COMPLETION_ORDER, variableDoc } from '../goenv/docs/variables';
import { KNOWN_MIRRORS, normalizeMirrorUrl } from '../goenv/knownMirrors';
import { isKnownPublicHost } from '../goenv/privacy';
import { ownerPattern } from '../goenv/privacyEvidence';
import { HOVER_TEXT } from './hoverText';
import { redactCredentials } from '../core/redact';
import { labelList } from './buildValues';
import { PATTERN_VARIABLES } from '../goenv/variables';

/** The text of the instruction the cursor is in, from its keyword to the cursor (continuations included). */
function instructionPrefix(lines: LineIndex, p: Position, escape: string): string {
  let start = p.line;
  while (start > 0) {
    const prev = lines.line(start - 1).replace(/[ \t]+$/, '');
    if (!prev.endsWith(escape) && !/^\s*#/.test(prev)) break;
    start--;
  }
  const parts: string[] = [];
  for (let l = start; l < p.line; l++) {
    const t = lines.line(l);
    if (/^\s*#/.test(t)) continue;
    parts.push(t.replace(/[ \t]*$/, '').slice(0, -1));
  }
  parts.push(lines.line(p.line).slice(0, p.character));
  return parts.join('');
}

/** Start of the word the cursor is in (white space outside quotes ends words). */
function currentWord(text: string): string {
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ' ' || c === '\t') start = i + 1;
  }
  return text.slice(start);
}

function replaceRange(p: Position, length: number) {
  return { start: { line: p.line, character: Math.max(0, p.character - length) }, end: p };
}

function variableItems(ctx: AnalysisContext, p: Position, typed: string): CompletionItem[] {
  return COMPLETION_ORDER.map((name, i) => {
    const doc = variableDoc(name);
    return {
      label: name,
      kind: CompletionItemKind.Variable,
      detail: doc ? localize(ctx.locale, doc.defaultValue) : undefined,
      documentation: doc ? { kind: MarkupKind.Markdown, value: localize(ctx.locale, doc.summary) } : undefined,
      sortText: String(i).padStart(3, '0'),
      textEdit: { range: replaceRange(p, typed.length), newText: `${name}=` },
      command: { title: '', command: 'editor.action.triggerSuggest' },
    };
  });
}

function proxyItems(ctx: AnalysisContext, p: Position, valueSoFar: string): CompletionItem[] {
  const entryStart = Math.max(valueSoFar.lastIndexOf(','), valueSoFar.lastIndexOf('|')) + 1;
  const typed = valueSoFar.slice(entryStart).replace(/^["']/, '');
  const range = replaceRange(p, typed.length);
  const health = new Map(ctx.settings.health.map((h) => [normalizeMirrorUrl(h.url), h]));
  const mirrors = [...KNOWN_MIRRORS].sort((a, b) => {
    const ha = health.get(normalizeMirrorUrl(a.url));
    const hb = health.get(normalizeMirrorUrl(b.url));
    const score = (h: typeof ha, region: string) =>
      (h ? (h.ok ? (h.latencyMs ?? 5000) : 1e6) : 1e5) - (region === (ctx.locale === 'zh-cn' ? 'cn' : 'global') ? 1 : 0);
    return score(ha, a.region) - score(hb, b.region);
  });
  const items: CompletionItem[] = mirrors.map((m, i) => {
    const h = health.get(normalizeMirrorUrl(m.url));
    const state = h
      ? h.ok
        ? localize(ctx.locale, HOVER_TEXT.healthy, `${Math.round(h.latencyMs ?? 0)} ms`)
        : localize(ctx.locale, HOVER_TEXT.failing, h.error ?? '?')
      : localize(ctx.locale, HOVER_TEXT.unmeasured);
    return {
      label: m.url,
      kind: CompletionItemKind.Value,
      detail: localize(ctx.locale, HOVER_TEXT.mirror, m.name, m.operator),
      documentation: { kind: MarkupKind.Markdown, value: `${localize(ctx.locale, HOVER_TEXT.health)}: ${state}` },
      sortText: `1${String(i).padStart(3, '0')}`,
      textEdit: { range, newText: entryStart === 0 ? `${m.url},direct` : m.url },
      filterText: m.url,
    };
  });
  items.push(
    {
      label: 'direct',
      kind: CompletionItemKind.Keyword,
      sortText: '0direct',
      textEdit: { range, newText: 'direct' },
      documentation: localize(ctx.locale, variableDoc('GOPROXY')?.values ?? { en: () => '', 'zh-cn': () => '' }),
    },
    { label: 'off', kind: CompletionItemKind.Keyword, sortText: '2off', textEdit: { range, newText: 'off' } },
  );
  return items;
}

function patternItems(ctx: AnalysisContext, p: Position, valueSoFar: string): CompletionItem[] {
  const typed = valueSoFar.slice(valueSoFar.lastIndexOf(',') + 1).replace(/^["']/, '');
  const range = replaceRange(p, typed.length);
  const patterns = new Map<string, boolean>();
  for (const m of ctx.requiredModules) {
    // Modules the workspace shows to be private first, then hosts we do not know to be public.
    const evidence = ctx.privacy.evidenceFor(m.require.path, 'sumdb');
    const pattern = evidence?.pattern ?? ownerPattern(m.require.path);
    patterns.set(pattern, patterns.get(pattern) || !!evidence || !isKnownPublicHost(m.require.path));
  }
  return [...patterns]
    .sort((a, b) => Number(b[1]) - Number(a[1]) || a[0].localeCompare(b[0]))
    .map(([pattern, isPrivate]) => ({
      label: pattern,
      kind: CompletionItemKind.Module,
      sortText: `${isPrivate ? 0 : 1}${pattern}`,
      textEdit: { range, newText: pattern },
      insertTextFormat: InsertTextFormat.PlainText,
    }));
}

/**
 * The values the builds of the workspace pass for a variable (compose, bake, CI, Makefiles), once each. A value
 * not known before the build runs, or one carrying credentials, is never offered: it does not belong in a file.
 */
function passedItems(ctx: AnalysisContext, p: Position, name: string, valueSoFar: string): CompletionItem[] {
  const range = replaceRange(p, valueSoFar.replace(/^["']/, '').length);
  const byValue = new Map<string, string[]>();
  for (const inv of ctx.req.related.invocations ?? []) {
    const v = Object.prototype.hasOwnProperty.call(inv.args, name) ? inv.args[name] : undefined;
    if (!v || !v.known || v.value === '' || redactCredentials(v.value) !== v.value) continue;
    byValue.set(v.value, [...(byValue.get(v.value) ?? []), inv.label]);
  }
  return [...byValue].map(([value, labels], i) => ({
    label: value,
    kind: CompletionItemKind.Value,
    detail: localize(ctx.locale, HOVER_TEXT.passedBy, labelList(ctx, labels)),
    sortText: `00${String(i).padStart(3, '0')}`,
    textEdit: { range, newText: value },
    filterText: value,
  }));
}

/** Values for a variable's value: what the builds pass (ARG and ENV lines only), then mirrors or module patterns. */
function valueItems(ctx: AnalysisContext, p: Position, keyword: string, name: string, valueSoFar: string): CompletionItem[] {
  const passed = (keyword === 'ARG' || keyword === 'ENV') && variableDoc(name) ? passedItems(ctx, p, name, valueSoFar) : [];
  if (name === 'GOPROXY') return [...passed, ...proxyItems(ctx, p, valueSoFar)];
  if (PATTERN_VARIABLES.has(name)) return [...passed, ...patternItems(ctx, p, valueSoFar)];
  return passed;
}

/** What the list shows is redacted like every other surface (a health error may quote a mirror URL). */
function shown(item: CompletionItem): CompletionItem {
  const doc = item.documentation;
  return {
    ...item,
    label: redactCredentials(item.label),
    ...(item.detail !== undefined ? { detail: redactCredentials(item.detail) } : {}),
    ...(doc !== undefined ? { documentation: typeof doc === 'string' ? redactCredentials(doc) : { ...doc, value: redactCredentials(doc.value) } } : {}),
  };
}

export function completionsAt(ctx: AnalysisContext, p: Position): CompletionItem[] {
  return itemsAt(ctx, p).map(shown);
}

function itemsAt(ctx: AnalysisContext, p: Position): CompletionItem[] {
  if (ctx.req.kind !== 'dockerfile') return [];
  const parsed = ctx.dockerfile;
  if (!parsed) return [];
  const text = instructionPrefix(parsed.model.lines, p, parsed.model.escapeChar);
  const m = /^\s*([A-Za-z]+)(\s+.*)?$/s.exec(text);
  if (!m || !m[2]) return [];
  const keyword = m[1].toUpperCase();
  const word = currentWord(text);
  const eq = word.indexOf('=');
  if (eq > 0) {
    return valueItems(ctx, p, keyword, word.slice(0, eq), word.slice(eq + 1));
  }
  if (keyword !== 'ENV' && keyword !== 'ARG') return [];
  // Legacy `ENV GOPROXY <value>`: everything after the name is the value.
  const legacy = keyword === 'ENV' ? /^(\S+)\s+(.*)$/s.exec(m[2].trimStart()) : null;
  if (legacy && !legacy[1].includes('=')) return valueItems(ctx, p, keyword, legacy[1], legacy[2]);
  if (!/^[A-Za-z_]*$/.test(word)) return [];
  return variableItems(ctx, p, word);
}
