// The packaged extension in code-server with a compose file and no file named like a Dockerfile: it starts for the
// compose file, and a `;` typed into compose.yaml (never saved) shows in the Problems panel, while the file keeps its own language.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { checkPrerequisites, withEditor } from './harness';

const TIMEOUT = 180_000;
const COMPOSE = [
  'services:',
  '  api:',
  '    build:',
  '      context: .',
  '      dockerfile: docker/app.df',
  '      args:',
  '        GOPROXY: "https://goproxy.cn,direct"',
  '',
].join('\n');
const FILES = {
  'compose.yaml': COMPOSE,
  // Named so that no activation event for Dockerfiles or go.mod matches: only the compose file starts the extension.
  'docker/app.df': ['FROM golang:1.22', 'ARG GOPROXY', 'WORKDIR /src', 'COPY . .', 'RUN go mod download', ''].join('\n'),
};
/** 1-based: the `,` between the two GOPROXY entries, and where the value starts. */
const COMMA = { line: 7, column: 37 };
const VALUE = { line: 7, column: 19 };

before(() => checkPrerequisites());

test('compose.yaml: a `;` typed without saving shows in Problems at once; typed back to `,` it goes', { timeout: TIMEOUT }, async () => {
  // VS Code on the web (code-server) saves a second after typing by default: this test is about text never saved.
  await withEditor({ files: FILES, name: 'compose-live', settings: { 'files.autoSave': 'off' } }, async (editor) => {
    await editor.openFile('compose.yaml');
    const ms = await editor.activationMs();
    assert.ok(Number.isFinite(ms), 'activated by the compose file alone');
    // The language stays the editor's own (Compose, VS Code's YAML dialect for compose files): the extension claims none.
    const mode = await editor.statusBarEntry('status.editor.mode').innerText();
    assert.match(mode, /^(Compose|YAML)$/i);
    await editor.waitForProblems('the server running, compose.yaml clean', (rows) => !rows.some((r) => r.source === 'go-proxy-doctor'), 10_000);

    await editor.goTo(COMMA.line, COMMA.column);
    await editor.press('Delete');
    await editor.page.keyboard.type(';');
    await editor.waitForEditorText('the `;` in the editor', (text) => text.includes('GOPROXY: "https://goproxy.cn;direct"'));
    const rows = await editor.waitForProblems('goproxy-invalid in compose.yaml', (rs) => rs.some((r) => r.code === 'goproxy-invalid'));
    const invalid = rows.find((r) => r.code === 'goproxy-invalid')!;
    assert.match(invalid.file, /compose\.yaml/);
    assert.deepEqual([invalid.line, invalid.column], [VALUE.line, VALUE.column]);
    assert.equal(invalid.severity, 'error');
    assert.match(invalid.message, /`;`/);
    assert.equal(readFileSync(join(editor.workspace, 'compose.yaml'), 'utf8'), COMPOSE, 'not saved: the disk still has the `,`');
    await editor.waitForSquiggles('an error squiggle in compose.yaml', (n) => n.error >= 1);

    await editor.goTo(COMMA.line, COMMA.column);
    await editor.press('Delete');
    await editor.page.keyboard.type(',');
    await editor.waitForProblems('goproxy-invalid gone', (rs) => !rs.some((r) => r.code === 'goproxy-invalid'));
  });
});
