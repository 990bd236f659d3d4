// The rule registry (ALL_RULES) is the one list of rules: RULE_IDS, package.json's rule settings, the README's rule
// sections and the family files must agree with it. Each failure says what a new or renamed rule still lacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../../server/src/rules';
import type { Rule } from '../../server/src/rules/rule';
import { RULE_IDS, type Severity } from '../../server/src/core/types';

const ROOT = path.join(__dirname, '..', '..');
const RULES_DIR = path.join(ROOT, 'server', 'src', 'rules');
const ids = ALL_RULES.map((r) => r.id);

/** Entries of `actual` not in `expected`, and entries of `expected` not in `actual`. */
function difference(actual: readonly string[], expected: readonly string[]): { extra: string[]; missing: string[] } {
  return { extra: actual.filter((x) => !expected.includes(x)), missing: expected.filter((x) => !actual.includes(x)) };
}

test('rule ids are unique, and RULE_IDS (core/types.ts) lists them in the order of ALL_RULES', () => {
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  assert.deepEqual(repeated, [], `ids defined twice in ALL_RULES: ${repeated.join(', ')}`);
  assert.deepEqual([...RULE_IDS], ids, 'RULE_IDS in server/src/core/types.ts must list the ids of ALL_RULES, in the same order');
});

test('every rule has a title in English and in Simplified Chinese', () => {
  for (const r of ALL_RULES) {
    assert.ok(r.title.en.trim() !== '', `${r.id}: no English title`);
    assert.ok(r.title['zh-cn'].trim() !== '', `${r.id}: no Chinese (zh-cn) title`);
    assert.notEqual(r.title['zh-cn'], r.title.en, `${r.id}: the zh-cn title is the English one`);
  }
});

/**
 * The files under server/src/rules/ other than the registry (index.ts), what a rule is (rule.ts: defineRule) and the
 * support modules, relative to that folder.
 */
function familyFiles(dir = RULES_DIR): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return dir === RULES_DIR && name === 'support' ? [] : familyFiles(p);
    if (!name.endsWith('.ts') || (dir === RULES_DIR && (name === 'index.ts' || name === 'rule.ts'))) return [];
    return [path.relative(RULES_DIR, p).split(path.sep).join('/')];
  });
}

const isRule = (v: unknown): v is Rule => !!v && typeof v === 'object' && typeof (v as Rule).id === 'string' && typeof (v as Rule).check === 'function';

/** The rules each family file exports (loaded as the registry loads them: one module instance). */
function rulesByFile(): Map<string, Rule[]> {
  const out = new Map<string, Rule[]>();
  for (const file of familyFiles()) out.set(file, Object.values(require(path.join(RULES_DIR, file)) as Record<string, unknown>).filter(isRule));
  return out;
}

test('each rule is defined in the file of its family: server/src/rules/<family>.ts or server/src/rules/<family>/*.ts', () => {
  const families = [...new Set(ALL_RULES.map((r) => r.family))];
  for (const r of ALL_RULES) assert.ok(r.id.startsWith(`${r.family}-`), `${r.id}: the id must start with its family and a dash (family '${r.family}')`);
  // `build` and `build-arg` side by side would leave build-arg-unused two files to be in.
  for (const a of families) for (const b of families) assert.ok(a === b || !b.startsWith(`${a}-`), `families '${a}' and '${b}': one is a prefix of the other`);
  const byFile = rulesByFile();
  const definedIn = new Map<Rule, string[]>();
  for (const [file, rules] of byFile) {
    const family = file.replace(/\.ts$/, '').split('/')[0];
    for (const r of rules) {
      assert.ok(ALL_RULES.includes(r), `server/src/rules/${file}: ${r.id} is not in ALL_RULES (server/src/rules/index.ts)`);
      assert.equal(r.family, family, `${r.id} (family '${r.family}') is defined in server/src/rules/${file}, a file of family '${family}'`);
      definedIn.set(r, [...(definedIn.get(r) ?? []), file]);
    }
    assert.ok(families.includes(family), `server/src/rules/${file}: not named after a family of rule ids (helpers go in rules/support/ or in a family folder)`);
  }
  for (const r of ALL_RULES)
    assert.equal(definedIn.get(r)?.length, 1, `${r.id}: exported by ${definedIn.get(r)?.join(', ') ?? 'no family file'} (one family file must export it)`);
});

/** A property of the extension's configuration (contributes.configuration, one section or several). */
function setting(name: string): Record<string, unknown> {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const sections = [pkg.contributes.configuration].flat();
  const found = sections.map((s) => s.properties?.[name]).find((p) => p !== undefined);
  assert.ok(found, `package.json: no setting ${name}`);
  return found;
}

test('package.json: goProxyDoctor.rules.severity has one property per rule and rules.disabled one enum entry, in registry order', () => {
  const severity = setting('goProxyDoctor.rules.severity') as { properties: Record<string, { type: string; enum: string[] }>; additionalProperties: boolean };
  const keys = Object.keys(severity.properties);
  assert.deepEqual(
    difference(keys, ids),
    { extra: [], missing: [] },
    'package.json goProxyDoctor.rules.severity: properties differ from the rule ids (extra: not a rule; missing: add one)',
  );
  assert.deepEqual(keys, ids, 'package.json goProxyDoctor.rules.severity: properties in the order of ALL_RULES');
  for (const id of keys)
    assert.deepEqual(
      severity.properties[id],
      { type: 'string', enum: ['error', 'warning', 'information', 'hint', 'off'] },
      `package.json goProxyDoctor.rules.severity.${id}`,
    );
  assert.equal(severity.additionalProperties, false);
  const disabled = (setting('goProxyDoctor.rules.disabled') as { items: { enum: string[] } }).items.enum;
  assert.deepEqual(difference(disabled, ids), { extra: [], missing: [] }, 'package.json goProxyDoctor.rules.disabled: enum differs from the rule ids');
  assert.deepEqual(disabled, ids, 'package.json goProxyDoctor.rules.disabled: enum in the order of ALL_RULES');
});

/** The README's `### <id>` sections under "## Rules": id -> the section's first line. */
function readmeRuleSections(): Map<string, string> {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Rules\n');
  assert.ok(start >= 0, 'README.md: no "## Rules" section');
  const end = readme.indexOf('\n## ', start + 1);
  const rules = readme.slice(start, end < 0 ? undefined : end);
  const out = new Map<string, string>();
  // Other ### headings of the section (prose, limits) are not rule ids: lower case words joined by dashes.
  for (const m of rules.matchAll(/^### ([a-z0-9]+(?:-[a-z0-9]+)+)\n+([^\n]*)/gm)) out.set(m[1], m[2]);
  return out;
}

/** The word the README's severity line uses for a severity. */
const README_WORD: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'information', hint: 'hint' };

test('README.md: one `### <id>` section per rule under "## Rules", opening with its default severity in italics', () => {
  const sections = readmeRuleSections();
  assert.deepEqual(
    difference([...sections.keys()], ids),
    { extra: [], missing: [] },
    'README.md "## Rules": `### <id>` sections differ from the rule ids (extra: not a rule; missing: add a section)',
  );
  for (const r of ALL_RULES) {
    const first = sections.get(r.id)!;
    const italic = /^\*([^*]+)\*/.exec(first);
    assert.ok(italic, `README.md ### ${r.id}: the section opens with its severity in italics (*Warning.* …)`);
    // The first severity named is the default; others name when the rule reports at another.
    const named = [...italic[1].toLowerCase().matchAll(/\b(error|warning|information|hint)\b/g)].map((m) => m[1]);
    assert.equal(
      named[0],
      README_WORD[r.defaultSeverity],
      `README.md ### ${r.id}: *${italic[1]}* should name the default severity (${r.defaultSeverity}) first`,
    );
  }
});
