// When an edited document is analysed (editPacing.ts): a keystroke after a quiet spell at once, keys closer together
// once they pause, and a long burst at least every MAX_DELAY_MS. The server's own DocumentAnalyses runs on a clock and
// timers the test moves by hand, so every time asserted is exact.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { editDelay, MAX_DELAY_MS, QUIET_MS } from '../../server/src/editPacing';
import { DocumentAnalyses } from '../../server/src/documentAnalyses';
import { Workspace } from '../../server/src/host/workspace';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { pathToUri } from '../../server/src/core/uri';

test('editDelay: at once after a quiet spell, else until the edits pause, cut short by MAX_DELAY_MS', () => {
  assert.equal(editDelay(1000, undefined, undefined), 0, 'never analysed for an edit');
  assert.equal(editDelay(1000, undefined, 1000 - QUIET_MS), 0, 'the last such analysis QUIET_MS ago');
  assert.equal(editDelay(1000, undefined, 1000 - QUIET_MS + 1), QUIET_MS, 'one ms too soon: a pause is awaited');
  assert.equal(editDelay(1000, 990, undefined), QUIET_MS, 'an edit already waits: this one waits with it');
  assert.equal(editDelay(1000, 1000 - MAX_DELAY_MS + 20, 0), 20, 'the first waiting edit came MAX_DELAY_MS - 20 ago');
  assert.equal(editDelay(1000, 1000 - MAX_DELAY_MS - 5, 0), 0, 'overdue');
});

interface Published {
  version: number;
  at: number;
}

/** A server's DocumentAnalyses over one open Dockerfile, in a real workspace folder, on the test's mocked clock. */
function dockerfileSession(t: TestContext) {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-pacing-')));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/app\n\ngo 1.23\n');
  const uri = pathToUri(path.join(root, 'Dockerfile'));
  let doc = TextDocument.create(uri, 'dockerfile', 1, 'FROM golang:1.23\nENV GOPROXY=https://goproxy.cn,direct\nRUN go mod download\n');
  const published: Published[] = [];
  const analyses = new DocumentAnalyses({
    workspace: new Workspace([root], (u) => (u === uri ? doc.getText() : undefined)),
    settings: () => DEFAULT_SETTINGS,
    locale: () => 'en',
    openDocuments: () => [doc],
    document: (u) => (u === uri ? doc : undefined),
    publish: (a) => published.push({ version: a.version, at: Date.now() }),
    report: () => undefined,
    unreport: () => undefined,
    failed: (u, err) => assert.fail(`${u}: ${String(err)}`),
  });
  t.after(() => analyses.stop());
  return {
    published,
    analyses,
    open: () => analyses.enqueue(doc),
    /** A key typed at the start of the ENV line. */
    typeKey: () => {
      doc = TextDocument.update(doc, [{ range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, text: 'X' }], doc.version + 1);
      analyses.edited(doc);
      return doc.version;
    },
  };
}

/** Turns of the event loop (real ones: the analysis queue runs one document per turn). */
async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

test('a keystroke after a quiet spell is analysed at once; one close behind it waits for the keys to pause', async (t) => {
  const s = dockerfileSession(t);
  const start = Date.now();
  s.open();
  await turns();
  assert.deepEqual(s.published, [{ version: 1, at: start }]);

  // The first keystroke since the document opened: no time passes before its diagnostics.
  const v2 = s.typeKey();
  await turns();
  assert.deepEqual(s.published.at(-1), { version: v2, at: start });

  // A key 20 ms later, within QUIET_MS of the analysis the last one caused: it waits until the keys pause.
  t.mock.timers.tick(20);
  const v3 = s.typeKey();
  await turns();
  t.mock.timers.tick(QUIET_MS - 1);
  await turns();
  assert.equal(s.published.length, 2, 'nothing before the pause');
  t.mock.timers.tick(1);
  await turns();
  assert.deepEqual(s.published.at(-1), { version: v3, at: start + 20 + QUIET_MS });

  // A key QUIET_MS after that analysis began: at once again.
  t.mock.timers.tick(QUIET_MS);
  const v4 = s.typeKey();
  await turns();
  assert.deepEqual(s.published.at(-1), { version: v4, at: start + 20 + 2 * QUIET_MS });
});

test('a burst of keys is analysed once they pause, and at least every MAX_DELAY_MS while it goes on', async (t) => {
  const s = dockerfileSession(t);
  s.open();
  await turns();
  const start = Date.now();
  let last = 0;
  // A key every 20 ms for a second (key repeat); an analysis whose time came runs before the next key arrives.
  for (let k = 0; k < 50; k++) {
    if (k > 0) {
      t.mock.timers.tick(20);
      await turns();
    }
    last = s.typeKey();
    await turns();
  }
  const during = s.published.slice(1);
  assert.deepEqual(during[0], { version: 2, at: start }, 'the first key, after the quiet spell, at once');
  assert.ok(during.length >= 3, `analysed every MAX_DELAY_MS while the keys go on (${JSON.stringify(during)})`);
  for (let i = 1; i < during.length; i++) {
    assert.ok(during[i].at - during[i - 1].at <= MAX_DELAY_MS + 20, `at most MAX_DELAY_MS apart: ${JSON.stringify(during)}`);
    assert.ok(during[i].at - during[i - 1].at >= QUIET_MS, `never closer than QUIET_MS: ${JSON.stringify(during)}`);
  }
  assert.notEqual(during.at(-1)!.version, last, 'the last key waits for the pause');
  const lastKeyAt = Date.now();
  t.mock.timers.tick(QUIET_MS);
  await turns();
  assert.deepEqual(s.published.at(-1), { version: last, at: lastKeyAt + QUIET_MS }, 'the last version, once the keys pause');
});
