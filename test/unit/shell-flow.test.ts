// The conditions a RUN's commands run under (shellFlow.ts) and what a test decides when its variables are known
// (shellTest.ts), read from Dockerfiles the way the rules read them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/syntax/dockerfile';
import type { RunInstruction, ShellCommand, ShellGuard } from '../../server/src/syntax/dockerfileModel';
import { guardOutcome, testOutcome, type ShellOracle } from '../../server/src/syntax/shellTest';
import { analyzeDockerfile, only } from '../support/analysisHarness';

function commands(run: string): ShellCommand[] {
  const model = parseDockerfile(`FROM golang:1.22\n${run}\n`, 'file:///ws/Dockerfile');
  return (model.stages[0].instructions[0] as RunInstruction).commands;
}

const text = (c: ShellCommand) => c.words.map((w) => w.text).join(' ');
const describe = (g: ShellGuard): string =>
  g.kind === 'condition'
    ? `${g.branch}:${g.when}:${g.condition ? g.condition.map((t) => `${t.op ?? ''}${t.negated ? '!' : ''}${t.command ? text(t.command) : '?'}`).join(' ') : '?'}`
    : g.kind === 'case'
      ? `case ${g.patterns.join('|')} after [${g.earlier.join(',')}]`
      : g.kind;
/** Each command with its guards, outermost first. */
const flow = (run: string) => commands(run).map((c) => `${text(c)} <= ${c.guards.map(describe).join(' / ')}`);

test('if/elif/else: each branch runs under its condition, a later one only when the earlier ones failed', () => {
  assert.deepEqual(flow('RUN if [ "$A" = 1 ]; then go env -w GOPROXY=direct; elif ! [ -n "$B" ]; then echo b; else echo c; fi; go mod download'), [
    '[ $A = 1 ] <= ',
    'go env -w GOPROXY=direct <= then:true:[ $A = 1 ]',
    '[ -n $B ] <= elif:false:[ $A = 1 ]',
    'echo b <= elif:false:[ $A = 1 ] / elif:true:![ -n $B ]',
    'echo c <= else:false:[ $A = 1 ] / else:false:![ -n $B ]',
    // After `fi` the RUN goes on unconditionally.
    'go mod download <= ',
  ]);
});

test('&& and ||: a command runs when the list before it succeeded or failed', () => {
  assert.deepEqual(flow('RUN [ -n "$P" ] && go env -w GOPROXY=$P || echo none'), [
    '[ -n $P ] <= ',
    'go env -w GOPROXY=$P <= &&:true:[ -n $P ]',
    'echo none <= ||:false:[ -n $P ] &&go env -w GOPROXY=$P',
  ]);
});

test('case arms, loops, groups, pipelines and sh -c bodies', () => {
  assert.deepEqual(flow('RUN case $R in cn|hk) export GOPROXY=https://goproxy.cn;; *) echo other;; esac'), [
    'case $R in cn <= ',
    'hk <= ',
    'export GOPROXY=https://goproxy.cn <= case cn|hk after []',
    '* <= ',
    'echo other <= case * after [cn,hk]',
    'esac <= ',
  ]);
  assert.deepEqual(flow('RUN for m in a b; do go get $m; done; [ -f x ] && { echo a; echo b; }'), [
    'for m in a b <= ',
    'go get $m <= loop',
    '[ -f x ] <= ',
    'echo a <= &&:true:[ -f x ]',
    'echo b <= &&:true:[ -f x ]',
  ]);
  const piped = commands('RUN echo x | tee ~/.netrc');
  assert.deepEqual(piped[0].pipeline?.map(text), ['echo x', 'tee ~/.netrc']);
  // The body of `sh -c` runs under the conditions of the command that runs it.
  assert.deepEqual(flow(`RUN [ -n "$T" ] && sh -c 'if [ -f a ]; then go mod download; fi'`).slice(-1), [
    'go mod download <= &&:true:[ -n $T ] / then:true:[ -f a ]',
  ]);
});

test('a text that cannot be followed leaves every command under an unknown condition', () => {
  assert.deepEqual(flow('RUN f() { go build; }; f'), ['f <= unknown', 'go build <= unknown', 'f <= unknown']);
});

test('runsConditionally: a go step after a closed `if … fi` runs unconditionally, one after `&&` too', () => {
  const cacheHints = (run: string) =>
    only(
      analyzeDockerfile({ dockerfile: `FROM golang:1.22\nCOPY . .\n${run}\nFROM scratch\n`, goMod: 'module example.com/app\n\ngo 1.22\n' }),
      'mod-cache-mount',
    );
  assert.equal(cacheHints('RUN if [ -f x ]; then echo x; fi; go build .').length, 1);
  assert.equal(cacheHints('RUN [ -f go.mod ] && go build .').length, 1);
  assert.deepEqual(cacheHints('RUN if [ -f x ]; then go build .; fi'), []);
});

test('testOutcome: POSIX test with an unset variable, as dash, bash and busybox all decide it', () => {
  const unset: ShellOracle = (name) => (name === 'X' ? { value: undefined } : undefined);
  const outcome = (run: string) => testOutcome(commands(run)[0], unset);
  assert.equal(outcome('RUN [ "$X" = true ]'), false);
  assert.equal(outcome('RUN [ "$X" != true ]'), true);
  // Unquoted, the empty operand disappears: `[ != true ]` is an error (exit 2), not success.
  assert.equal(outcome('RUN [ $X != true ]'), false);
  assert.equal(outcome('RUN [ -n "$X" ]'), false);
  assert.equal(outcome('RUN [ -n $X ]'), true);
  assert.equal(outcome('RUN test -z "$X"'), true);
  assert.equal(outcome('RUN [ "$X" -eq 1 ]'), false);
  assert.equal(outcome('RUN [ "${X:-yes}" = yes ]'), true);
  // dash rejects `==` in `[` and has no `[[`: only a comparison that fails everywhere is known.
  assert.equal(outcome('RUN [ "$X" == "" ]'), undefined);
  assert.equal(outcome('RUN [ "$X" == true ]'), false);
  assert.equal(outcome('RUN [[ $X == true ]]'), false);
  assert.equal(outcome('RUN [[ -z $X ]]'), undefined);
  // Anything not known: undefined.
  assert.equal(outcome('RUN [ "$X" = "$Y" ]'), undefined);
  assert.equal(outcome('RUN [ -f "$X" ]'), undefined);
});

test('guardOutcome: case arms match like the shell (first matching arm only)', () => {
  const region: ShellOracle = (name) => (name === 'R' ? { value: undefined } : undefined);
  const cmds = commands('RUN case "$R" in cn) echo a;; "") echo b;; *) echo c;; esac');
  const arm = (echoed: string) => guardOutcome(cmds.find((c) => text(c) === `echo ${echoed}`)!.guards[0], region);
  assert.deepEqual([arm('a'), arm('b'), arm('c')], [false, true, false]);
});
