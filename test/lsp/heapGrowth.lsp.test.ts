// The server process as clients start it (no Node flags) sets V8's heap growing factor itself and logs it once;
// started with a heap flag of its own (a user's NODE_OPTIONS), it leaves the heap to that flag and says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type StartOptions } from '../support/lspClient';
import { HEAP_GROWING_PERCENT } from '../../server/src/boot/heapGrowth';

async function heapLines(opts: StartOptions): Promise<string[]> {
  const client = await startServer({ ...opts, env: { ...process.env, NODE_OPTIONS: '', ...opts.env } });
  try {
    const deadline = Date.now() + 10_000;
    while (!client.logs.some((l) => /^JavaScript (heap:|堆：)/.test(l)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    return client.logs.filter((l) => /^JavaScript (heap:|堆：)/.test(l));
  } finally {
    await client.close();
  }
}

test('started without flags, the server limits the heap growth itself and logs it once', async () => {
  const lines = await heapLines({});
  assert.equal(lines.length, 1, JSON.stringify(lines));
  assert.match(lines[0], new RegExp(`^JavaScript heap: limit \\d+ MiB, growing by at most ${HEAP_GROWING_PERCENT} % past what survives a full collection\\.$`));
});

test("with a heap flag of the user's own, the heap is left to it", async () => {
  for (const opts of [{ nodeArgs: ['--max-old-space-size=768'] }, { env: { NODE_OPTIONS: '--max-old-space-size=768' } }] as StartOptions[]) {
    const lines = await heapLines(opts);
    assert.equal(lines.length, 1, JSON.stringify(lines));
    // 768 MiB of old generation, and the young generation beside it.
    assert.match(lines[0], /^JavaScript heap: limit (7[6-9]\d|8\d\d) MiB, sized by the Node flags the server was started with\.$/, JSON.stringify(opts));
  }
});

test('in Chinese too', async () => {
  const lines = await heapLines({ locale: 'zh-cn' });
  assert.equal(lines.length, 1, JSON.stringify(lines));
  assert.match(lines[0], new RegExp(`^JavaScript 堆：上限 \\d+ MiB，每次完整回收后最多比存活部分增长 ${HEAP_GROWING_PERCENT}%。$`));
});
