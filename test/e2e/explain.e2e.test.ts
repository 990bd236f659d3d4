// "Go Proxy Doctor: Explain build log" in code-server: a real BuildKit log (test/fixtures/buildlogs) opened in the
// editor is explained in the report view, its failure becomes a diagnostic on the Dockerfile's RUN line with the
// analysis core's fix as a quick fix, an edit of that line clears it; and all of it in Restricted Mode too.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkPrerequisites, withEditor, type Editor } from './harness';
import { PROJECT_ROOT } from './processes';

const TIMEOUT = 180_000;
const COMMAND = 'Go Proxy Doctor: Explain build log';
const SOURCE = 'go-proxy-doctor (build log)';
const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'buildlogs');
const FILES = {
  Dockerfile: readFileSync(join(FIXTURES, 'buildkit-plain-refused.Dockerfile'), 'utf8'),
  'build.log': readFileSync(join(FIXTURES, 'buildkit-plain-refused.log'), 'utf8'),
  'go.mod': 'module example.com/consumer\n\ngo 1.21\n\nrequire example.com/hello v1.0.0\n',
};
/** The RUN go mod download line of the Dockerfile (1-based). */
const RUN_LINE = FILES.Dockerfile.split('\n').indexOf('RUN go mod download') + 1;

async function explainOpenLog(editor: Editor): Promise<string> {
  await editor.openFile('build.log');
  await editor.runCommand(COMMAND);
  await editor.acceptQuickPick('The open editor (build.log)');
  const report = await editor.waitForWebview('the build log report', (text) => /Build log explained: /.test(text));
  return report.text;
}

test.before(() => checkPrerequisites());

test('explain build log: report, diagnostic on the RUN line, quick fix, cleared by an edit of the line', { timeout: TIMEOUT }, async () => {
  assert.equal(RUN_LINE, 6);
  await withEditor({ files: FILES, name: 'explain-log' }, async (editor) => {
    const report = await explainOpenLog(editor);
    assert.match(report, /Build log explained: 1 Go module failure/, report);
    assert.match(report, /connection-refused/, report);
    assert.match(report, /Dockerfile line 6/, report);
    assert.match(report, /GOPROXY=http:\/\/127\.0\.0\.1:9 \(ENV, line 3\)/, report);
    assert.match(await editor.activeTabTitle(), /Build log explained/);
    await editor.waitForNotification('the outcome notification', /1 Go module failure in this build log: connection-refused/);

    const rows = await editor.waitForProblems('the build log diagnostic', (rs) => rs.some((r) => r.source === SOURCE));
    const diag = rows.find((r) => r.source === SOURCE)!;
    assert.match(diag.file, /Dockerfile$/);
    assert.equal(diag.code, 'connection-refused');
    assert.equal(diag.severity, 'error');
    assert.equal(diag.line, RUN_LINE);
    assert.match(diag.message, /Nothing accepts connections at 127\.0\.0\.1:9/);

    await editor.openFile('Dockerfile');
    const fixes = await editor.quickFixesAt(RUN_LINE, 1);
    assert.ok(fixes.includes('Set GOPROXY=https://proxy.golang.org,direct for this stage'), JSON.stringify(fixes));
    await editor.applyQuickFix('Set GOPROXY=https://proxy.golang.org,direct for this stage');
    await editor.waitForEditorText('the fix applied on line 3', (text) => text.split('\n')[2] === 'ENV GOPROXY=https://proxy.golang.org,direct');
    // The fix changed line 3; the RUN line's diagnostic stays until that line is edited.
    assert.ok((await editor.problems()).some((r) => r.source === SOURCE));
    await editor.goTo(RUN_LINE, 20);
    await editor.press('End', 'Space');
    await editor.waitForProblems('the diagnostic gone after editing its line', (rs) => !rs.some((r) => r.source === SOURCE));
  });
});

test('explain build log works in Restricted Mode (it only reads text)', { timeout: TIMEOUT }, async () => {
  await withEditor({ files: FILES, trust: 'restricted', name: 'explain-log-restricted' }, async (editor) => {
    assert.ok(await editor.isRestricted(), 'the folder is open in Restricted Mode');
    const report = await explainOpenLog(editor);
    assert.match(report, /Build log explained: 1 Go module failure/, report);
    const rows = await editor.waitForProblems('the build log diagnostic', (rs) => rs.some((r) => r.source === SOURCE));
    assert.equal(rows.find((r) => r.source === SOURCE)!.line, RUN_LINE);
  });
});
