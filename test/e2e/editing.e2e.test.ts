// The packaged extension in code-server: diagnostics, quick fix and hover as a user sees them (English, trusted folder).
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { checkPrerequisites, withEditor } from './harness';
import { PROJECT_ROOT, poll } from './processes';
import { HEAP_GROWING_PERCENT } from '../../server/src/boot/heapGrowth';
import { PRIVATE_VIA_MIRROR as SVC, PROXY_MISTAKES as W, isPrivateStepRule } from './workspaces';

const TIMEOUT = 180_000;
const DOCS = join(PROJECT_ROOT, 'docs');

before(() => checkPrerequisites());

test('diagnostics: squiggles and Problems rows with rule ids for a Dockerfile and its go.mod', { timeout: TIMEOUT }, async (t) => {
  await withEditor({ files: { ...W.files, ...SVC.files }, name: 'diagnostics' }, async (editor) => {
    assert.equal(await editor.isRestricted(), false, 'answered "trust": no Restricted Mode');
    await editor.openFile('Dockerfile');
    const rows = await editor.waitForProblems('goproxy-invalid in Dockerfile', (rs) => rs.some((r) => r.code === 'goproxy-invalid'));
    const invalid = rows.find((r) => r.code === 'goproxy-invalid')!;
    assert.equal(invalid.severity, 'error');
    assert.equal(invalid.source, 'go-proxy-doctor');
    assert.deepEqual([invalid.line, invalid.column], [W.value.line, W.value.column]);
    assert.match(invalid.message, /`;`/);
    // Through a GOPROXY entry go cannot use nothing is fetched at all: goproxy-invalid alone explains the step.
    assert.ok(!rows.some((r) => isPrivateStepRule(r.code)), `no private-module row while the proxy is broken: ${JSON.stringify(rows)}`);
    assert.ok(
      rows.every((r) => r.source === 'go-proxy-doctor'),
      `foreign diagnostics: ${JSON.stringify(rows)}`,
    );

    await editor.waitForSquiggles('an error squiggle in the Dockerfile', (n) => n.error >= 1);

    // The go.mod side: svc/go.mod is built by svc/Dockerfile (not open, read from disk), which proxies the private module.
    await editor.openFile('svc/go.mod');
    const all = await editor.waitForProblems('gomod-private-module in svc/go.mod', (rs) => rs.some((r) => r.code === 'gomod-private-module'));
    const gomod = all.find((r) => r.code === 'gomod-private-module')!;
    assert.match(gomod.file, /svc\/go\.mod$/);
    assert.deepEqual([gomod.line, gomod.column], [SVC.requirePath.line, SVC.requirePath.column]);
    assert.match(gomod.message, /git\.corp\.internal\/lib/);

    const ms = await editor.activationMs();
    assert.ok(Number.isFinite(ms) && ms >= 0 && ms < 10_000, `activation time ${ms} ms`);
    t.diagnostic(`activate() took ${ms} ms in code-server`);

    // The server starts from a V8 code cache in the extension's global storage (the client passes the directory).
    const cache = await poll(
      '"code cache: …, written" in the Go Proxy Doctor output channel',
      30_000,
      () => /code cache: (?:absent, written|used) \(([^)]+)\)/.exec(editor.outputChannel())?.[1],
      250,
    );
    assert.ok(cache.startsWith(join(editor.userDataDir, 'User', 'globalStorage', 'go-proxy-doctor.go-proxy-doctor', 'code-cache', 'server-')), cache);
    assert.equal(statSync(cache).mode & 0o777, 0o600);
    // The client starts the server without Node flags: the server sets V8's heap growing factor itself
    // (boot/heapGrowth.ts) and says so.
    const percent = Number(
      await poll(
        '"JavaScript heap: limit … MiB, growing by at most … %" in the output channel',
        30_000,
        () => /JavaScript heap: limit \d+ MiB, growing by at most (\d+) %/.exec(editor.outputChannel())?.[1],
        250,
      ),
    );
    assert.equal(percent, HEAP_GROWING_PERCENT);
  });
});

test('quick fix: Ctrl+. on the `;` rewrites GOPROXY and the error goes away', { timeout: TIMEOUT }, async () => {
  await withEditor({ files: W.files, name: 'quick-fix' }, async (editor) => {
    await editor.openFile('Dockerfile');
    await editor.waitForProblems('goproxy-invalid', (rs) => rs.some((r) => r.code === 'goproxy-invalid'));
    const titles = await editor.quickFixesAt(W.semicolon.line, W.semicolon.column);
    assert.ok(titles.includes(W.fixTitle), `quick fixes offered: ${JSON.stringify(titles)}`);
    await editor.screenshot(join(DOCS, 'quick-fix.png'));

    await editor.applyQuickFix(W.fixTitle);
    await editor.waitForEditorText(`"${W.fixedLine}" in the editor`, (text) => text.split('\n').includes(W.fixedLine));
    // Now that goproxy.cn is really asked, the private require sent to it is the next problem.
    const rows = await editor.waitForProblems(
      'goproxy-invalid gone, private-module-proxied shown',
      (rs) => !rs.some((r) => r.code === 'goproxy-invalid') && rs.some((r) => r.code === 'private-module-proxied'),
    );
    const priv = rows.find((r) => r.code === 'private-module-proxied')!;
    assert.equal(priv.severity, 'warning');
    assert.equal(priv.line, W.downloadStep.line);
    assert.match(priv.message, /git\.corp\.internal\/lib/);
    await editor.focusEditor();
    await editor.waitForSquiggles('no error squiggle after the fix', (n) => n.error === 0);
  });
});

test('hover: GOPROXY shows its documentation and the value in effect', { timeout: TIMEOUT }, async () => {
  await withEditor({ files: W.files, name: 'hover' }, async (editor) => {
    await editor.openFile('Dockerfile');
    await editor.waitForProblems('diagnostics (server running)', (rs) => rs.some((r) => r.code === 'goproxy-invalid'));
    const hover = await editor.hoverAt(W.goproxyName.line, W.goproxyName.column, 'GOPROXY');
    assert.match(hover, /module proxies/i, hover);
    assert.match(hover, /https:\/\/goproxy\.cn;direct/, `the value in effect:\n${hover}`);
    assert.match(hover, /proxy\.golang\.org,direct/, `the default:\n${hover}`);
    await editor.screenshot(join(DOCS, 'hover.png'));
  });
});
