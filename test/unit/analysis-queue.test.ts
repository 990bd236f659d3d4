// The order in which the analysis queue runs its work: urgent documents, then the server's own work that can wait,
// then background documents, each in a turn of the event loop in which no message came in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisQueue } from '../../server/src/analysisQueue';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function drained(queue: AnalysisQueue, done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i++) await turn();
  assert.ok(done(), 'the queue ran everything within 50 turns');
  assert.equal(queue.size, 0);
}

test('work that can wait runs after the urgent documents and before the background ones', async () => {
  const ran: string[] = [];
  const queue = new AnalysisQueue(
    (uri) => ran.push(uri),
    (uri, err) => assert.fail(`${uri}: ${String(err)}`),
  );
  queue.whenIdle(() => ran.push('task'));
  queue.add('background', false);
  queue.add('urgent', true);
  await drained(queue, () => ran.length === 3);
  assert.deepEqual(ran, ['urgent', 'task', 'background']);
});

test('work that can wait waits for a turn in which no message came in, and for documents opened meanwhile', async () => {
  const ran: string[] = [];
  const queue = new AnalysisQueue(
    (uri) => ran.push(uri),
    (uri, err) => assert.fail(`${uri}: ${String(err)}`),
  );
  // `initialized` came in and queued the work; the document the client opened with it comes in the next turn.
  queue.activity();
  queue.whenIdle(() => ran.push('task'));
  await turn();
  assert.deepEqual(ran, [], 'nothing runs in a turn with a message');
  queue.activity();
  queue.add('opened', true);
  await drained(queue, () => ran.length === 2);
  assert.deepEqual(ran, ['opened', 'task']);
});

test('after stop() no waiting work runs', async () => {
  const ran: string[] = [];
  const queue = new AnalysisQueue(
    (uri) => ran.push(uri),
    () => undefined,
  );
  queue.whenIdle(() => ran.push('task'));
  queue.add('a', true);
  queue.stop();
  queue.whenIdle(() => ran.push('late'));
  for (let i = 0; i < 5; i++) await turn();
  assert.deepEqual(ran, []);
});
