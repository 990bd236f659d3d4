// The workspace's builds are gathered again after every change of a build file, but each file is read again only
// when its text, or the text of a file its reading looked at (.env, an extended or overriding compose file), changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { InvocationMemo, workspaceInvocations, type InvocationFiles } from '../../server/src/invocations';
import type { BuildInvocation } from '../../server/src/core/buildArgs';

const lines = (...l: string[]) => l.join('\n') + '\n';
const ROOT = path.resolve('/w');
const compose = (proxy: string) => lines('services:', '  api:', '    build:', '      context: .', '      args:', `        GOPROXY: ${proxy}`);

function filesOf(texts: Map<string, string>): InvocationFiles {
  return {
    read: (p) => texts.get(p),
    rootPaths: [ROOT],
    buildConfigFiles: () => [...texts.keys()].filter((p) => /compose\.ya?ml$/.test(p)),
    shellScripts: () => [],
  };
}

const proxyOf = (inv: BuildInvocation) => (inv.args.GOPROXY?.known ? inv.args.GOPROXY.value : undefined);
const byFile = (invs: BuildInvocation[]) => Object.fromEntries(invs.map((i) => [path.basename(path.dirname(new URL(i.uri ?? 'file:///').pathname)), i]));

test('a build file whose texts did not change keeps the invocations read before; a changed one is read again', () => {
  const a = path.join(ROOT, 'a', 'compose.yaml');
  const b = path.join(ROOT, 'b', 'compose.yaml');
  const texts = new Map([
    [a, compose('https://a.example')],
    [b, compose('https://b.example')],
  ]);
  const memo = new InvocationMemo();
  const first = byFile(workspaceInvocations(filesOf(texts), memo));
  assert.deepEqual([proxyOf(first.a), proxyOf(first.b)], ['https://a.example', 'https://b.example']);
  texts.set(b, compose('https://b2.example'));
  const second = byFile(workspaceInvocations(filesOf(texts), memo));
  assert.equal(second.a, first.a, 'a: unchanged, kept');
  assert.notEqual(second.b, first.b);
  assert.equal(proxyOf(second.b), 'https://b2.example');
  // Without a memo every file is read each time, and reads the same.
  assert.deepEqual(workspaceInvocations(filesOf(texts)).map(proxyOf), [proxyOf(second.a), proxyOf(second.b)]);
});

test('a compose file is read again when a file its reading looked at changed, came or went (.env)', () => {
  const file = path.join(ROOT, 'svc', 'compose.yaml');
  const env = path.join(ROOT, 'svc', '.env');
  const texts = new Map([[file, compose('${PROXY}')]]);
  const memo = new InvocationMemo();
  const read = () => proxyOf(workspaceInvocations(filesOf(texts), memo)[0]);
  assert.equal(read(), undefined, 'PROXY unset: the value is not known');
  texts.set(env, 'PROXY=https://env.example\n');
  assert.equal(read(), 'https://env.example', '.env came');
  texts.set(env, 'PROXY=https://env2.example\n');
  assert.equal(read(), 'https://env2.example', '.env changed');
  texts.delete(env);
  assert.equal(read(), undefined, '.env went');
});

test('clear() reads every file again; a file no longer listed is forgotten', () => {
  const a = path.join(ROOT, 'a', 'compose.yaml');
  const texts = new Map([[a, compose('https://a.example')]]);
  const memo = new InvocationMemo();
  const first = workspaceInvocations(filesOf(texts), memo)[0];
  assert.equal(workspaceInvocations(filesOf(texts), memo)[0], first);
  memo.clear();
  const afterClear = workspaceInvocations(filesOf(texts), memo)[0];
  assert.notEqual(afterClear, first);
  assert.deepEqual(afterClear, first);
  texts.delete(a);
  assert.deepEqual(workspaceInvocations(filesOf(texts), memo), []);
  texts.set(a, compose('https://a.example'));
  assert.notEqual(workspaceInvocations(filesOf(texts), memo)[0], afterClear, 'listed again: read again');
});
