// The server sets V8's heap growing factor at run time (server/src/boot/heapGrowth.ts) instead of being started with
// a heap flag. Checked on real processes: V8 honours the factor (the heap before each full collection stays far
// below where it gets without it), a process started with heap flags of its own is left alone, and a code cache made
// inside withStartFlags is one that a process without the factor accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { HEAP_GROWING_PERCENT, ownHeapFlags } from '../../server/src/boot/heapGrowth';

const MODULE = path.resolve(__dirname, '..', '..', 'server', 'src', 'boot', 'heapGrowth.ts');

/** Runs `body` in a fresh Node (through tsx, with `growth` bound to the module) and returns its stdout. */
function node(args: string[], body: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(process.execPath, [...args, '--import', 'tsx', '-e', `const growth = require(${JSON.stringify(MODULE)});\n${body}`], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    timeout: 60_000,
  });
  assert.equal(r.status, 0, `exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

// Keeps the last 40 batches of small objects alive while making 400: the heap before each full collection is
// what survived the last one times the growing factor.
const CHURN = `const keep = [];
for (let i = 0; i < 400; i++) {
  const batch = [];
  for (let k = 0; k < 20000; k++) batch.push({ a: k, b: String(k) });
  keep.push(batch);
  if (keep.length > 40) keep.shift();
}`;

/** The largest heap (MB) at the start of a full collection, from --trace-gc (`Mark-Compact 198.0 (230.1) -> …`). */
function peakBeforeFullGc(out: string): number {
  const sizes = [...out.matchAll(/Mark-Compact ([\d.]+) \(/g)].map((m) => Number(m[1]));
  assert.ok(sizes.length >= 2, `full collections in ${out}`);
  return Math.max(...sizes);
}

test('V8 honours the factor set at run time: the heap before full collections stays far below the default', () => {
  const unset = peakBeforeFullGc(node(['--trace-gc'], CHURN));
  const set = peakBeforeFullGc(node(['--trace-gc'], `console.log(JSON.stringify(growth.limitHeapGrowth()));\n${CHURN}`));
  assert.ok(set < unset * 0.75, `peak heap before a full collection: ${set} MB with the factor, ${unset} MB without`);
});

test('limitHeapGrowth reports what it set, and leaves a process with heap flags of its own alone', () => {
  // The report is the one line that is JSON (--trace-gc writes its own lines to stdout too).
  const report = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    JSON.parse(
      node(args, 'console.log(JSON.stringify(growth.limitHeapGrowth()));', env)
        .split('\n')
        .find((l) => l.startsWith('{')) ?? 'null',
    );
  assert.deepEqual(report([]), { set: true, percent: HEAP_GROWING_PERCENT });
  assert.deepEqual(report(['--max-old-space-size=512']), { set: false, reason: 'flags' });
  assert.deepEqual(report([], { NODE_OPTIONS: '--max-old-space-size=512' }), { set: false, reason: 'flags' });
  assert.deepEqual(report(['--trace-gc']), { set: true, percent: HEAP_GROWING_PERCENT });
});

test('ownHeapFlags: the flags that size the heap, in execArgv or NODE_OPTIONS, spelt with - or _', () => {
  assert.equal(ownHeapFlags([], ''), false);
  assert.equal(ownHeapFlags(['--trace-gc', '--enable-source-maps'], '--no-warnings'), false);
  assert.equal(ownHeapFlags(['--max-old-space-size=4096'], ''), true);
  assert.equal(ownHeapFlags([], '--max_old_space_size=4096'), true);
  assert.equal(ownHeapFlags([], '--no-warnings --heap-growing-percent=30'), true);
  assert.equal(ownHeapFlags(['--max-heap-size=2048'], ''), true);
  assert.equal(ownHeapFlags(['--max-semi-space-size=8'], ''), false);
});

test('a code cache made inside withStartFlags is accepted by a process that has not set the factor', () => {
  const SOURCE = 'function f(x) { return x * 2; } f(1);';
  const made = node(
    [],
    `const vm = require('node:vm');
growth.limitHeapGrowth();
const script = new vm.Script(${JSON.stringify(SOURCE)}, { filename: 'probe.js' });
script.runInThisContext();
const inside = growth.withStartFlags(() => script.createCachedData());
const outside = script.createCachedData();
console.log(JSON.stringify([inside.toString('base64'), outside.toString('base64')]));`,
  );
  const [inside, outside] = JSON.parse(made.trim()) as [string, string];
  const rejected = (data: string) =>
    node(
      [],
      `const vm = require('node:vm');
const s = new vm.Script(${JSON.stringify(SOURCE)}, { filename: 'probe.js', cachedData: Buffer.from(${JSON.stringify(data)}, 'base64') });
console.log(s.cachedDataRejected);`,
    ).trim();
  assert.equal(rejected(inside), 'false', 'the cache made with the start flags is used');
  // Without withStartFlags V8 stamps the cache with the changed flags and a fresh process refuses it: why it exists.
  assert.equal(rejected(outside), 'true', 'the cache made under the factor is refused');
});
