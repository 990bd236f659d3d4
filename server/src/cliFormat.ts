// Output formats of the command-line front end: text (grouped by file, coloured on a TTY), JSON and SARIF 2.1.0.
import type { Finding, Locale, RuleId, Severity } from './core/types';
import { localize, type Localized } from './core/localize';
import { redactCredentials } from './core/redact';
import { ALL_RULES } from './rules';

export interface FileFindings {
  /** Path as shown (relative to the working directory, `/` separators, bytes that are not UTF-8 as `\xNN`). */
  file: string;
  /** The same path percent-encoded from its bytes, for SARIF. */
  uri: string;
  findings: Finding[];
}

/**
 * Control characters (C0, DEL, C1: ESC, BEL, CSI …) made visible, so that a file name or a quoted Dockerfile value
 * cannot move the cursor, retitle the window or hide text on the reader's terminal. `\x1b` for C0 and DEL, `\u009b`
 * for C1 (so they do not read as the `\xNN` of a file-name byte that is not UTF-8).
 */
export function escapeControls(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    const n = c.charCodeAt(0);
    return n <= 0x7f ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

/** JSON.stringify escapes C0 but leaves DEL and C1 raw; `\u` escapes keep the JSON equal and the terminal safe. */
export function stringifySafe(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  rule: RuleId;
  message: string;
}

export function toJson(files: FileFindings[]): JsonFinding[] {
  return files.flatMap(({ file, findings }) =>
    findings.map((f) => ({
      file,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      severity: f.severity,
      rule: f.rule,
      message: redactCredentials(f.message),
    })),
  );
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarif(files: FileFindings[], locale: Locale, version: string, docsUri: string): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'go-proxy-doctor',
            version,
            semanticVersion: version,
            informationUri: docsUri,
            rules: ALL_RULES.map((rule) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.title[locale] },
              helpUri: `${docsUri}#${rule.id}`,
              defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: './' } },
        results: files.flatMap(({ uri, findings }) =>
          findings.map((f) => ({
            ruleId: f.rule,
            ruleIndex: ALL_RULES.findIndex((rule) => rule.id === f.rule),
            level: SARIF_LEVEL[f.severity],
            message: { text: redactCredentials(f.message) },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri, uriBaseId: 'SRCROOT' },
                  region: {
                    startLine: f.range.start.line + 1,
                    startColumn: f.range.start.character + 1,
                    endLine: f.range.end.line + 1,
                    endColumn: f.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

const WORDS = {
  error: { en: () => 'error', 'zh-cn': () => '错误' },
  warning: { en: () => 'warning', 'zh-cn': () => '警告' },
  information: { en: () => 'info', 'zh-cn': () => '信息' },
  hint: { en: () => 'hint', 'zh-cn': () => '提示' },
  summary: {
    en: (n: number, e: number, w: number, o: number) =>
      `${n} problem${n === 1 ? '' : 's'} (${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}, ${o} other)`,
    'zh-cn': (n: number, e: number, w: number, o: number) => `共 ${n} 个问题（${e} 个错误，${w} 个警告，${o} 个其他）`,
  } satisfies Localized<[number, number, number, number]>,
  clean: {
    en: (files: number) => `No problems in ${files} file${files === 1 ? '' : 's'}.`,
    'zh-cn': (files: number) => `${files} 个文件中未发现问题。`,
  } satisfies Localized<[number]>,
  unread: {
    en: (n: number) => `${n} path${n === 1 ? '' : 's'} could not be read (listed on stderr).`,
    'zh-cn': (n: number) => `${n} 个路径无法读取（详见标准错误输出）。`,
  } satisfies Localized<[number]>,
} satisfies Record<string, Localized<never[]> | Localized<[number]> | Localized<[number, number, number, number]>>;

const COLOR: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '90' };

export function toText(files: FileFindings[], locale: Locale, color: boolean, scanned: number, unreadable = 0): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  const all = files.flatMap((f) => f.findings);
  for (const { file, findings } of files) {
    if (findings.length === 0) continue;
    lines.push(paint('1;4', escapeControls(file)));
    const width = Math.max(...findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1}`.length));
    for (const f of findings) {
      const pos = `${f.range.start.line + 1}:${f.range.start.character + 1}`.padEnd(width);
      const sev = localize(locale, WORDS[f.severity]).padEnd(locale === 'zh-cn' ? 2 : 7);
      lines.push(`  ${paint('2', pos)}  ${paint(COLOR[f.severity], sev)}  ${escapeControls(redactCredentials(f.message))}  ${paint('2', f.rule)}`);
    }
    lines.push('');
  }
  if (all.length === 0) lines.push(localize(locale, WORDS.clean, scanned));
  else {
    const e = all.filter((f) => f.severity === 'error').length;
    const w = all.filter((f) => f.severity === 'warning').length;
    lines.push(paint(e ? '1;31' : '1;33', localize(locale, WORDS.summary, all.length, e, w, all.length - e - w)));
  }
  if (unreadable) lines.push(paint('1;31', localize(locale, WORDS.unread, unreadable)));
  return lines.join('\n') + '\n';
}
