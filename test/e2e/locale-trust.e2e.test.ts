// The packaged extension in code-server with a Chinese display language, and in a folder opened in restricted mode.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { checkPrerequisites, withEditor } from './harness';
import { PROXY_MISTAKES as W, hasChinese } from './workspaces';

const TIMEOUT = 180_000;

before(() => checkPrerequisites());

test('zh-cn: diagnostics and hovers are in Chinese', { timeout: TIMEOUT }, async () => {
  await withEditor({ files: W.files, locale: 'zh-cn', name: 'zh-cn' }, async (editor) => {
    await editor.openFile('Dockerfile');
    const rows = await editor.waitForProblems('goproxy-invalid', (rs) => rs.some((r) => r.code === 'goproxy-invalid'));
    const invalid = rows.find((r) => r.code === 'goproxy-invalid')!;
    assert.ok(hasChinese(invalid.message), `message not in Chinese: ${invalid.message}`);
    assert.match(invalid.message, /goproxy\.cn;direct/);
    // Rule ids are stable identifiers, not translated.
    assert.equal(invalid.source, 'go-proxy-doctor');

    const hover = await editor.hoverAt(W.goproxyName.line, W.goproxyName.column, 'GOPROXY');
    assert.ok(hasChinese(hover), `hover not in Chinese:\n${hover}`);
    assert.match(hover, /https:\/\/goproxy\.cn;direct/, `the value in effect:\n${hover}`);
  });
});

test('restricted mode: an untrusted folder still gets diagnostics', { timeout: TIMEOUT }, async () => {
  await withEditor({ files: W.files, trust: 'restricted', name: 'restricted' }, async (editor) => {
    const trust = (await editor.statusBarItems()).find((i) => i.id === 'status.workspaceTrust');
    assert.ok(trust, 'the status bar should show Restricted Mode');
    assert.match(await editor.statusBarTooltip('status.workspaceTrust'), /restricted/i);
    await editor.openFile('Dockerfile');
    const rows = await editor.waitForProblems('goproxy-invalid', (rs) => rs.some((r) => r.code === 'goproxy-invalid'));
    assert.ok(rows.every((r) => r.source === 'go-proxy-doctor'));
    await editor.waitForSquiggles('an error squiggle', (n) => n.error >= 1);
    const hover = await editor.hoverAt(W.goproxyName.line, W.goproxyName.column, 'GOPROXY');
    assert.match(hover, /https:\/\/goproxy\.cn;direct/);
  });
});
