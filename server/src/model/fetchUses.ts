// What a shell command does to module fetching, and what a variable reference in it feeds: a Go variable's value
// (`export GOPRIVATE=$X`, `GOPROXY=$X go …`, `go env -w`), credentials (the user info of a git rewrite or a
// clone URL, a .netrc or git credential store written by echo/printf, git's extra header), a git URL rewrite or
// proxy, or the module and URL arguments of `go get`/`go install`/`git clone`. Anything else (echo, sed, labels,
// -ldflags stamps) is nothing here.
import type { ShellCommand, ShellWord, VariableReference } from '../syntax/dockerfileModel';
import { goEnvWriteWords, goInvocation } from '../goenv/goCommand';
import { FETCH_VARIABLES, GO_VARIABLES } from '../goenv/variables';
import { templateOf } from '../syntax/dockerWords';
import { fetchCredentialFileWritten, WRITERS } from './credentials';

const GO_VARS = new Set<string>(GO_VARIABLES);

export type VariableVia = 'env' | 'arg' | 'export' | 'prefix' | 'go-env-w';

/** What a reference feeds. `text` is the word or value it is part of, as written. */
export type FetchUse =
  | { kind: 'variable'; name: string; via: VariableVia; text: string }
  | { kind: 'credentials'; where: string }
  | { kind: 'argument'; command: string; text: string };

/** What a command changes about module fetching (for the branches a shell condition decides). */
export type FetchChange = { kind: 'variable'; name: string } | { kind: 'credentials' } | { kind: 'git' };

/** `NAME=value` of a Go variable in a word (export, env, go env -w). */
function goAssignment(text: string): string | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(text);
  return m && GO_VARS.has(m[1]) ? m[1] : undefined;
}

/** Whether [start, end) of a text lies in the user info of a URL (`https://x:${TOKEN}@github.com`). */
export function inUserinfo(text: string, start: number, end: number): boolean {
  return /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/@]*$/.test(text.slice(0, start)) && /^[^\s/@]*@/.test(text.slice(end));
}

const URL_WORD = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/|^[^\s/@:]+@[^\s/:]+:/;
const GIT_FETCHES = new Set(['clone', 'fetch', 'ls-remote', 'pull', 'submodule']);
const GO_FETCHES = new Set(['get', 'install', 'run', 'mod download']);

interface GitConfig {
  key: ShellWord;
  value?: ShellWord;
  kind: 'rewrite' | 'credentials' | 'proxy';
}

/** `git config [--global] KEY VALUE` for the keys that change fetching. */
function gitConfig(cmd: ShellCommand): GitConfig | undefined {
  const words = cmd.words;
  if (words[0]?.text !== 'git') return undefined;
  let i = 1;
  while (i < words.length && words[i].text.startsWith('-')) i += words[i].text === '-C' || words[i].text === '-c' ? 2 : 1;
  if (words[i]?.text !== 'config') return undefined;
  const rest: ShellWord[] = [];
  for (let k = i + 1; k < words.length; k++) {
    const t = words[k].text;
    if (t === '--file' || t === '-f' || t === '--type' || t === '--blob') k++;
    else if (!t.startsWith('-')) rest.push(words[k]);
  }
  const key = rest[0];
  if (!key) return undefined;
  const k = key.text.toLowerCase();
  const kind = /^url\..*\.insteadof$/s.test(k)
    ? 'rewrite'
    : /^http\..*extraheader$/s.test(k) || k.startsWith('credential.')
      ? 'credentials'
      : /^https?\.(.*\.)?proxy$/s.test(k)
        ? 'proxy'
        : undefined;
  return kind && { key, value: rest[1], kind };
}

function gitSubcommand(cmd: ShellCommand): string | undefined {
  const words = cmd.words;
  if (words[0]?.text !== 'git') return undefined;
  let i = 1;
  while (i < words.length && words[i].text.startsWith('-')) i += words[i].text === '-C' || words[i].text === '-c' ? 2 : 1;
  return words[i]?.text;
}

/** The credential file a command, or the end of its pipeline, writes. */
function credentialFileFed(cmd: ShellCommand): string | undefined {
  const own = fetchCredentialFileWritten(cmd);
  if (own) return own;
  const pipe = cmd.pipeline;
  if (!pipe) return undefined;
  for (const later of pipe.slice(pipe.indexOf(cmd) + 1)) {
    const file = fetchCredentialFileWritten(later);
    if (file) return file;
  }
  return undefined;
}

/** Where a reference sits in its word's text: the span of its `$…` there. */
function spanIn(word: ShellWord, ref: VariableReference): [number, number] | undefined {
  const own = word.references ?? [];
  const spans = templateOf(word.text).flatMap((p) => ('ref' in p ? [p.ref] : []));
  const k = own.indexOf(ref);
  const s = spans.length === own.length ? spans[k] : spans.find((x) => x.name === ref.name);
  return s && [s.start, s.end];
}

/** What a reference in a RUN command feeds, if it changes module fetching. */
export function referenceUse(cmd: ShellCommand, ref: VariableReference): FetchUse | undefined {
  for (const a of cmd.prefixAssignments) {
    if (!a.references.includes(ref)) continue;
    // `GOPROXY=$X` alone sets a shell variable the go command never sees (unless it was exported already).
    if (cmd.words.length === 0 || !GO_VARS.has(a.name) || a.value === undefined) return undefined;
    return variableUse(a.name, 'prefix', a.value, refSpan(a.value, ref));
  }
  const word = cmd.words.find((w) => w.references?.includes(ref));
  if (!word) return undefined;
  const span = spanIn(word, ref);
  if (!span) return undefined;
  // What echo, printf or sed write into a credential file; the words of tee or cp name files.
  const credentialFile = credentialFileFed(cmd);
  if (credentialFile && !WRITERS.has(cmd.words[0]?.text ?? '')) return { kind: 'credentials', where: credentialFile };
  const inv = goInvocation(cmd);
  if (inv) {
    const assigned = goAssignment(word.text);
    if (assigned && inv.envAssignments.includes(word))
      return variableUse(assigned, 'prefix', word.text.slice(assigned.length + 1), shift(span, assigned.length + 1));
    if (inv.subcommand === 'env -w') {
      if (assigned && goEnvWriteWords(inv).some((g) => !g.unset && g.words.includes(word)))
        return variableUse(assigned, 'go-env-w', word.text.slice(assigned.length + 1), shift(span, assigned.length + 1));
      return undefined;
    }
    if (GO_FETCHES.has(inv.subcommand) && inv.args.includes(word) && !word.text.startsWith('-') && /@|^[^./$-][^/]*\.[^/]*\//.test(word.text)) {
      return { kind: 'argument', command: `go ${inv.subcommand}`, text: word.text };
    }
    return undefined;
  }
  if (cmd.words[0]?.text === 'export') {
    const assigned = goAssignment(word.text);
    return assigned ? variableUse(assigned, 'export', word.text.slice(assigned.length + 1), shift(span, assigned.length + 1)) : undefined;
  }
  const config = gitConfig(cmd);
  if (config && (word === config.key || word === config.value)) {
    if (config.kind === 'credentials' || inUserinfo(word.text, span[0], span[1])) return { kind: 'credentials', where: `git config ${config.key.text}` };
    return { kind: 'argument', command: 'git config', text: word.text };
  }
  const sub = gitSubcommand(cmd);
  if (sub && GIT_FETCHES.has(sub) && URL_WORD.test(word.text)) {
    if (inUserinfo(word.text, span[0], span[1])) return { kind: 'credentials', where: `git ${sub}` };
    return { kind: 'argument', command: `git ${sub}`, text: word.text };
  }
  return undefined;
}

function shift(span: [number, number], by: number): [number, number] {
  return [span[0] - by, span[1] - by];
}

/** Where the first reference to the same name sits in a value as written. */
export function refSpan(value: string, ref: VariableReference): [number, number] | undefined {
  const s = templateOf(value).flatMap((p) => ('ref' in p && p.ref.name === ref.name ? [p.ref] : []))[0];
  return s && [s.start, s.end];
}

/** A Go variable set from a value: credentials when the reference is a URL's user info (a GOPROXY with a token). */
export function variableUse(name: string, via: VariableVia, value: string, span: [number, number] | undefined): FetchUse {
  if (span && inUserinfo(value, span[0], span[1])) return { kind: 'credentials', where: name };
  return { kind: 'variable', name, via, text: value };
}

/** What a command changes about module fetching, if anything. */
export function fetchChange(cmd: ShellCommand): FetchChange | undefined {
  if (cmd.words.length > 0) {
    const prefix = cmd.prefixAssignments.find((a) => FETCH_VARIABLES.has(a.name));
    if (prefix) return { kind: 'variable', name: prefix.name };
  }
  const inv = goInvocation(cmd);
  if (inv) {
    const env = inv.envAssignments.map((w) => goAssignment(w.text)).find((n) => n && FETCH_VARIABLES.has(n));
    if (env) return { kind: 'variable', name: env };
    if (inv.subcommand !== 'env -w') return undefined;
    for (const g of goEnvWriteWords(inv)) {
      for (const w of g.words) {
        const name = g.unset ? w.text : goAssignment(w.text);
        if (name && FETCH_VARIABLES.has(name)) return { kind: 'variable', name };
      }
    }
    return undefined;
  }
  if (cmd.words[0]?.text === 'export') {
    const name = cmd.words
      .slice(1)
      .map((w) => goAssignment(w.text))
      .find((n) => n && FETCH_VARIABLES.has(n));
    return name ? { kind: 'variable', name } : undefined;
  }
  const config = gitConfig(cmd);
  if (config)
    return config.kind === 'credentials' || [config.key, config.value].some((w) => w && /:\/\/[^\s/@]*@/.test(w.text))
      ? { kind: 'credentials' }
      : { kind: 'git' };
  if (fetchCredentialFileWritten(cmd)) return { kind: 'credentials' };
  return undefined;
}
