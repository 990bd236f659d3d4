// Text edits the quick fixes share: they keep the file's own indentation, line breaks and instruction style.
import type { DocumentEdit, Range, TextEdit } from '../core/types';
import type { ParsedDockerfile } from './parsedDockerfile';
import type { EnvInstruction, Instruction, Stage } from '../syntax/dockerfileModel';
import { LineIndex } from '../core/text';
import type { ValueSite } from './sites';
import type { GivenBuildArg } from '../core/buildArgs';

/** Quotes a value for ENV/ARG when Docker would otherwise split or expand it. */
export function dockerfileValue(value: string): string {
  if (value === '' || /[\s"'$\\`]/.test(value)) return `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
  return value;
}

export function replaceRange(range: Range, newText: string): TextEdit {
  return { range, newText };
}

/** Rewrites a site's value in place (inside its quotes, if it had any). */
export function replaceValue(site: ValueSite, newValue: string, index: LineIndex): TextEdit {
  const quoted = isQuoted(site, index);
  return { range: site.valueRange, newText: quoted ? newValue : dockerfileValue(newValue) };
}

/**
 * What a value may be to be written where a build argument's value is, inside the quotes it has there: unquoted,
 * characters no format reads specially (YAML, HCL, JSON, shell, make); quoted, no quote, escape, variable or comment.
 */
function writableAt(value: string, quote: '' | '"' | "'"): boolean {
  if (quote === '') return /^[A-Za-z0-9/.][A-Za-z0-9:/._,@%+~=-]*$/.test(value);
  return !value.includes(quote) && !/[\\$`#{}\n\r]/.test(value);
}

/**
 * The edit that gives a site a new value: in the Dockerfile where the value is written there, else where the build
 * argument that gives it is written (compose, bake, a workflow, a Makefile) when its text there is the value itself.
 * Undefined when neither can be rewritten in place.
 */
export function valueEdit(site: ValueSite, newValue: string, uri: string, index: LineIndex): DocumentEdit | undefined {
  if (site.editable) return { uri, edits: [replaceValue(site, newValue, index)] };
  return site.buildArg && buildArgEdit(site.buildArg, newValue);
}

/** The edit that gives a build argument a new value where it is written, when its text there is the value itself. */
export function buildArgEdit(given: GivenBuildArg, newValue: string): DocumentEdit | undefined {
  const at = given.known ? given.at : undefined;
  if (!at || at.verbatim === undefined || !writableAt(newValue, at.verbatim)) return undefined;
  return { uri: at.uri, edits: [{ range: at.range, newText: newValue }] };
}

function isQuoted(site: ValueSite, index: LineIndex): boolean {
  const r = site.valueRange;
  const line = index.line(r.start.line);
  const before = line[r.start.character - 1];
  return before === '"' || before === "'";
}

function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** The stage's last ENV instruction of the `A=1 B=2` form before `limit`, to merge a new variable into. */
function mergeableEnv(stage: Stage, limit: Instruction | undefined, index: LineIndex): EnvInstruction | undefined {
  let found: EnvInstruction | undefined;
  for (const ins of stage.instructions) {
    if (ins === limit) break;
    if (ins.kind === 'ENV' && ins.vars.length > 0 && usesEqualsForm(ins, index)) found = ins;
  }
  return found;
}

/**
 * Sets NAME=value for the whole stage, before `beforeInstruction`: merged into the stage's last `ENV A=1` line
 * before it when there is one, else a new `ENV` line right after FROM.
 */
export function setInStage(parsed: ParsedDockerfile, stage: Stage, name: string, value: string, beforeInstruction?: Instruction): TextEdit {
  const index = parsed.model.lines;
  const env = mergeableEnv(stage, beforeInstruction, index);
  const assignment = `${name}=${dockerfileValue(value)}`;
  if (env) {
    const last = env.vars[env.vars.length - 1];
    return { range: { start: last.range.end, end: last.range.end }, newText: ` ${assignment}` };
  }
  return insertLineAfter(index, stage.from, `ENV ${assignment}`);
}

function usesEqualsForm(env: EnvInstruction, index: LineIndex): boolean {
  return env.vars.every((v) => {
    const line = index.line(v.nameRange.end.line);
    return line[v.nameRange.end.character] === '=';
  });
}

/** Inserts a whole line after an instruction, with that instruction's indentation. */
export function insertLineAfter(index: LineIndex, after: Instruction, text: string): TextEdit {
  const indent = leadingWhitespace(index.line(after.range.start.line));
  const endLine = after.range.end.line;
  if (endLine + 1 < index.lineCount) {
    return { range: pointAt(endLine + 1, 0), newText: `${indent}${text}${index.eol}` };
  }
  const endChar = index.line(endLine).length;
  return { range: pointAt(endLine, endChar), newText: `${index.eol}${indent}${text}` };
}

/** Inserts whole lines before an instruction, with its indentation. */
export function insertLinesBefore(index: LineIndex, before: Instruction, lines: string[]): TextEdit {
  const indent = leadingWhitespace(index.line(before.range.start.line));
  return { range: pointAt(before.range.start.line, 0), newText: lines.map((l) => `${indent}${l}${index.eol}`).join('') };
}

function pointAt(line: number, character: number): Range {
  return { start: { line, character }, end: { line, character } };
}

/**
 * Removes `NAME=value` from its instruction; when it is the instruction's only assignment, the whole
 * instruction (all its lines) goes.
 */
export function removeAssignment(site: ValueSite, index: LineIndex): TextEdit {
  const ins = site.instruction;
  const siblings = ins && (ins.kind === 'ENV' ? ins.vars : ins.kind === 'ARG' ? ins.args : undefined);
  if (ins && siblings && siblings.length === 1 && (site.kind === 'env' || site.kind === 'arg' || site.kind === 'global-arg')) {
    const startLine = ins.range.start.line;
    const endLine = ins.range.end.line;
    if (endLine + 1 < index.lineCount) return { range: { start: { line: startLine, character: 0 }, end: { line: endLine + 1, character: 0 } }, newText: '' };
    const prevEnd = startLine > 0 ? { line: startLine - 1, character: index.line(startLine - 1).length } : { line: 0, character: 0 };
    return { range: { start: prevEnd, end: { line: endLine, character: index.line(endLine).length } }, newText: '' };
  }
  // Remove the token and the white space before it.
  const line = index.line(site.range.start.line);
  let startChar = site.range.start.character;
  while (startChar > 0 && (line[startChar - 1] === ' ' || line[startChar - 1] === '\t')) startChar--;
  let end = site.range.end;
  const endLineText = index.line(end.line);
  if (endLineText[end.character] === '"' || endLineText[end.character] === "'") end = { line: end.line, character: end.character + 1 };
  return { range: { start: { line: site.range.start.line, character: startChar }, end }, newText: '' };
}

/** Adds a flag right after the `RUN` keyword. */
export function addRunFlag(run: Instruction, flag: string): TextEdit {
  const at = run.keywordRange.end;
  return { range: { start: at, end: at }, newText: ` ${flag}` };
}
