// The language server over a real stdio connection: initialize with a locale, open/change documents,
// diagnostics, code actions (direct and resolved), hovers, completions, cross-file dependencies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, CompletionItem, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { makeWorkspace, startServer } from '../support/lspClient';
import { applyEdits } from '../support/analysisHarness';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD = df('module example.com/app', '', 'go 1.22', '', 'require (', '\tgithub.com/google/uuid v1.6.0', '\tgit.acme.internal/team/lib v1.2.0', ')');

test('diagnostics on open, with source, code, link and redacted messages; fixes round-trip', async () => {
  const dir = makeWorkspace({ 'go.mod': GOMOD });
  const client = await startServer({ rootDir: dir });
  try {
    const uri = `file://${dir}/Dockerfile`;
    const text = df('FROM golang:1.22', 'ENV GOPROXY=https://bob:s3cret@goproxy.example.com;direct', 'RUN go mod download');
    client.open(uri, text);
    const diags = await client.diagnostics(uri, (d) => d.length > 0);
    const invalid = diags.find((d) => d.code === 'goproxy-invalid');
    assert.ok(invalid, JSON.stringify(diags));
    assert.equal(invalid.source, 'go-proxy-doctor');
    assert.match(invalid.codeDescription!.href, /README\.md#goproxy-invalid$/);
    assert.equal(invalid.severity, 1);
    for (const d of diags) assert.ok(!JSON.stringify(d).includes('s3cret'), `credential leaked in ${d.code}`);
    assert.ok(diags.some((d) => d.code === 'goproxy-credentials'));
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: invalid.range,
      context: { diagnostics: [invalid] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.diagnostics?.[0].code === 'goproxy-invalid');
    assert.ok(fix?.edit?.changes?.[uri], JSON.stringify(actions));
    for (const a of actions) assert.ok(!a.title.includes('s3cret'));
    const fixed = applyEdits(text, fix.edit.changes[uri] as TextEdit[]);
    client.change(uri, 2, fixed);
    const after = await client.diagnostics(uri, (d) => !d.some((x) => x.code === 'goproxy-invalid'));
    assert.ok(after.every((d) => d.code !== 'goproxy-invalid'));
  } finally {
    await client.close();
  }
});

test('codeAction/resolve fills in the edit when the client supports it', async () => {
  const client = await startServer({ resolveEdits: true });
  try {
    const uri = 'file:///nowhere/Dockerfile';
    client.open(uri, df('FROM golang:1.22', 'ENV GOPROXY=direct,https://goproxy.cn', 'RUN go mod download'));
    const diags = await client.diagnostics(uri, (d) => d.some((x) => x.code === 'goproxy-unreachable-entry'));
    const d = diags.find((x) => x.code === 'goproxy-unreachable-entry')!;
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    const lazy = actions.find((a) => a.diagnostics?.[0].code === 'goproxy-unreachable-entry')!;
    assert.equal(lazy.edit, undefined);
    const resolved = (await client.conn.sendRequest('codeAction/resolve', lazy)) as CodeAction;
    assert.match(resolved.edit!.changes![uri][0].newText, /https:\/\/goproxy\.cn,direct/);
  } finally {
    await client.close();
  }
});

test('initialize.locale zh-cn: Chinese messages and hovers', async () => {
  const client = await startServer({ locale: 'zh-CN' });
  try {
    const uri = 'file:///nowhere/Dockerfile';
    client.open(uri, df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn;direct', 'RUN go mod download'));
    const diags = await client.diagnostics(uri, (d) => d.length > 0);
    assert.match(diags.find((d) => d.code === 'goproxy-invalid')!.message, /不是 GOPROXY 的分隔符/);
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /[\u4e00-\u9fff]/);
  } finally {
    await client.close();
  }
});

test('hover on a variable shows the value in effect and where it was set; on a GOPROXY value, each entry', async () => {
  const dir = makeWorkspace({ 'go.mod': GOMOD });
  const client = await startServer({ rootDir: dir });
  try {
    const uri = `file://${dir}/Dockerfile`;
    client.open(uri, df('FROM golang:1.22 AS build', 'ENV GOPROXY=https://goproxy.cn|https://proxy.golang.org,direct', 'RUN echo $GOPROXY && go mod download'));
    await client.diagnostics(uri);
    const onRef = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 12 } })) as Hover;
    const refText = (onRef.contents as MarkupContent).value;
    assert.match(refText, /\*\*GOPROXY\*\*/);
    assert.match(refText, /set by `ENV` on line 2/);
    const onValue = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 20 } })) as Hover;
    const v = (onValue.contents as MarkupContent).value;
    assert.match(v, /goproxy\.cn/);
    assert.match(v, /after any error of this entry/);
    assert.match(v, /git\.acme\.internal\/team\/lib/, 'the hover says which modules go direct or via the proxy');
    const onStep = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 25 } })) as Hover;
    assert.match((onStep.contents as MarkupContent).value, /go mod download/);
  } finally {
    await client.close();
  }
});

test('completion: variable names after ENV, mirrors inside GOPROXY, go.mod hosts inside GOPRIVATE', async () => {
  const dir = makeWorkspace({ 'go.mod': GOMOD });
  const client = await startServer({ rootDir: dir });
  try {
    const uri = `file://${dir}/Dockerfile`;
    client.open(uri, df('FROM golang:1.22', 'ENV GOP', 'ENV GOPROXY=https://goproxy.cn,', 'ENV GOPRIVATE='));
    await client.diagnostics(uri);
    const names = (await client.conn.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 1, character: 7 },
    })) as CompletionItem[];
    assert.equal(names[0].label, 'GOPROXY');
    const mirrors = (await client.conn.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 2, character: 31 },
    })) as CompletionItem[];
    assert.ok(mirrors.some((m) => m.label === 'direct'));
    assert.ok(mirrors.some((m) => m.label === 'https://proxy.golang.org'));
    const hosts = (await client.conn.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 3, character: 14 },
    })) as CompletionItem[];
    assert.equal(hosts[0].label, 'git.acme.internal');
  } finally {
    await client.close();
  }
});

test('a Dockerfile whose go.mod is only on disk; editing the go.mod re-diagnoses the open Dockerfile', async () => {
  const dir = makeWorkspace({ 'go.mod': df('module example.com/app', '', 'go 1.22') });
  const client = await startServer({ rootDir: dir });
  try {
    const dfUri = `file://${dir}/Dockerfile`;
    client.open(dfUri, df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go mod download'));
    const first = await client.diagnostics(dfUri);
    assert.ok(!first.some((d) => d.code === 'private-module-proxied'));
    const modUri = `file://${dir}/go.mod`;
    client.open(modUri, fs.readFileSync(path.join(dir, 'go.mod'), 'utf8'), 'go.mod');
    await client.diagnostics(modUri);
    client.change(modUri, 2, GOMOD);
    const again = await client.diagnostics(dfUri, (d) => d.some((x) => x.code === 'private-module-proxied'));
    assert.match(again.find((d) => d.code === 'private-module-proxied')!.message, /git\.acme\.internal/);
    const modDiags = await client.diagnostics(modUri, (d) => d.some((x) => x.code === 'gomod-private-module'));
    assert.equal(modDiags.find((d) => d.code === 'gomod-private-module')!.range.start.line, 6);
  } finally {
    await client.close();
  }
});

test('settings pulled with workspace/configuration switch rules off and change severities', async () => {
  const client = await startServer({
    pullSettings: true,
    settings: { defaultProxy: 'https://goproxy.cn,direct', rules: { disabled: ['mod-cache-mount'], severity: { 'goproxy-unset': 'error' } } },
  });
  try {
    const uri = 'file:///nowhere/Dockerfile';
    client.open(uri, df('FROM golang:1.22', 'RUN go mod download'));
    const diags = await client.diagnostics(uri, (d) => d.some((x) => x.code === 'goproxy-unset' && x.severity === 1));
    assert.ok(!diags.some((d) => d.code === 'mod-cache-mount'));
  } finally {
    await client.close();
  }
});

test('pulled settings equal to those of initialize do not analyse the open documents again', async () => {
  // In this client initialize carries no settings: the defaults. Pulled settings that differ report more.
  for (const [settings, publishes] of [
    [{}, 1],
    [{ defaultProxy: 'https://goproxy.cn,direct' }, 2],
  ] as const) {
    const client = await startServer({ pullSettings: true, settings });
    try {
      const uri = 'file:///nowhere/Dockerfile';
      client.open(uri, df('FROM golang:1.22', 'RUN go mod download'));
      const diags = await client.diagnostics(uri, (d) => d.some((x) => x.code === 'goproxy-unset') === 'defaultProxy' in settings);
      // The settings' round trip and any re-analysis it causes are over well before this.
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(client.publishCount(uri), publishes, JSON.stringify(settings));
      assert.deepEqual(client.latest(uri), diags);
    } finally {
      await client.close();
    }
  }
});

test('workspace/didChangeConfiguration analyses the open documents again only when the settings changed', async () => {
  const ours = { defaultProxy: 'https://goproxy.cn,direct' };
  const client = await startServer({ settings: ours });
  try {
    const uri = 'file:///nowhere/Dockerfile';
    client.open(uri, df('FROM golang:1.22', 'RUN go mod download'));
    const before = await client.diagnostics(uri);
    assert.ok(
      before.some((d) => d.code === 'goproxy-unset'),
      JSON.stringify(before),
    );
    // Another extension's settings, and ours unchanged.
    client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { editor: { tabSize: 2 } } });
    client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { goProxyDoctor: { ...ours } } });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(client.publishCount(uri), 1);
    client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { goProxyDoctor: { ...ours, rules: { disabled: ['goproxy-unset'] } } } });
    const after = await client.diagnostics(uri, (d) => !d.some((x) => x.code === 'goproxy-unset'));
    assert.equal(after.length, before.length - 1);
    assert.equal(client.publishCount(uri), 2);
  } finally {
    await client.close();
  }
});

test('code lens "Test Go proxy in container" above stages that download and above the module line', async () => {
  const dir = makeWorkspace({ 'go.mod': GOMOD });
  const client = await startServer({ rootDir: dir });
  try {
    const uri = `file://${dir}/Dockerfile`;
    client.open(uri, df('FROM golang:1.22 AS build', 'RUN go mod download', 'FROM alpine:3.20', 'COPY --from=build /x /x'));
    await client.diagnostics(uri);
    const lenses = (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as {
      range: { start: { line: number } };
      command: { title: string; command: string; arguments: unknown[] };
    }[];
    assert.deepEqual(
      lenses.map((l) => l.range.start.line),
      [0],
    );
    assert.equal(lenses[0].command.command, 'goProxyDoctor.testInContainer');
    assert.equal(lenses[0].command.title, 'Test Go proxy in container', 'no $(icon) syntax for clients other than VS Code');
    assert.deepEqual(lenses[0].command.arguments, [{ uri, position: { line: 0, character: 0 } }]);
    const modUri = `file://${dir}/go.mod`;
    client.open(modUri, GOMOD, 'go.mod');
    await client.diagnostics(modUri);
    const modLenses = (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: modUri } })) as { range: { start: { line: number } } }[];
    assert.deepEqual(
      modLenses.map((l) => l.range.start.line),
      [0],
    );
  } finally {
    await client.close();
  }
});

test('with a docker-bake.hcl in the workspace, the first diagnostics already have its build arguments', async () => {
  const bake = df('target "api" {', '  args = {', '    GOPROXY = "https://goproxy.io,direct"', '    GOFLAGS = "-mod=mod"', '  }', '}');
  const dir = makeWorkspace({ 'go.mod': GOMOD, 'docker-bake.hcl': bake });
  const client = await startServer({ rootDir: dir });
  try {
    const uri = `file://${dir}/Dockerfile`;
    // The ARG's own default is wrong, but the bake target passes a valid GOPROXY over it.
    client.open(uri, df('FROM golang:1.22', 'ARG GOPROXY=https://a.example;direct', 'RUN go mod download'));
    const first = await client.diagnostics(uri);
    assert.ok(!first.some((d) => d.code === 'goproxy-invalid'), JSON.stringify(first));
    const inBake = await client.diagnostics(`file://${dir}/docker-bake.hcl`, (d) => d.length > 0);
    assert.deepEqual(
      inBake.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['build-arg-unused', 3, 15]],
    );
  } finally {
    await client.close();
  }
});

test('a docker-bake.hcl that appears later is read once the file event comes: its `;` is published on it', async () => {
  const dir = makeWorkspace({ 'go.mod': GOMOD });
  const client = await startServer({ rootDir: dir });
  try {
    const uri = `file://${dir}/Dockerfile`;
    const bakeUri = `file://${dir}/docker-bake.hcl`;
    client.open(uri, df('FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download'));
    await client.diagnostics(uri);
    assert.equal(client.latest(bakeUri), undefined);
    fs.writeFileSync(path.join(dir, 'docker-bake.hcl'), df('target "api" {', '  args = { GOPROXY = "https://goproxy.cn;direct" }', '}'));
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: bakeUri, type: 1 }] });
    const inBake = await client.diagnostics(bakeUri, (d) => d.some((x) => x.code === 'goproxy-invalid'));
    assert.deepEqual(inBake.find((x) => x.code === 'goproxy-invalid')!.range, { start: { line: 1, character: 22 }, end: { line: 1, character: 47 } });
    // Deleted: the value is no longer passed, and nothing is left on it.
    fs.rmSync(path.join(dir, 'docker-bake.hcl'));
    client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: bakeUri, type: 3 }] });
    assert.deepEqual(await client.diagnostics(bakeUri, (d) => d.length === 0), []);
  } finally {
    await client.close();
  }
});

test('a `;` that compose.yaml passes as GOPROXY is published on compose.yaml (not open), and cleared when no longer reported', async () => {
  const compose = df(
    'services:',
    '  api:',
    '    build:',
    '      context: .',
    '      args:',
    '        GOPROXY: "https://goproxy.cn;direct"',
    '  worker:',
    '    build:',
    '      context: .',
  );
  const dir = makeWorkspace({ 'go.mod': GOMOD, 'compose.yaml': compose });
  const client = await startServer({ rootDir: dir });
  try {
    const uri = `file://${dir}/Dockerfile`;
    const composeUri = `file://${dir}/compose.yaml`;
    client.open(uri, df('FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download'));
    const inCompose = await client.diagnostics(composeUri, (d) => d.some((x) => x.code === 'goproxy-invalid'));
    const invalid = inCompose.find((x) => x.code === 'goproxy-invalid')!;
    assert.deepEqual(invalid.range, { start: { line: 5, character: 18 }, end: { line: 5, character: 43 } });
    assert.match(invalid.message, /\(with the build args of compose\.yaml service api\)$/);
    const own = await client.diagnostics(uri);
    assert.ok(!own.some((x) => x.code === 'goproxy-invalid'), JSON.stringify(own));
    // Editing compose.yaml in the editor re-analyses the Dockerfile with the new value: cleared, then back.
    client.open(composeUri, compose, 'dockercompose');
    client.change(composeUri, 2, compose.replace('goproxy.cn;direct', 'goproxy.cn,direct'));
    assert.deepEqual(await client.diagnostics(composeUri, (d) => d.length === 0), []);
    client.change(composeUri, 3, compose);
    await client.diagnostics(composeUri, (d) => d.some((x) => x.code === 'goproxy-invalid'));
    // The Dockerfile no longer takes GOPROXY as a build argument: the `;` is cleared, and the value is reported as not
    // consumed instead (build-arg-unused, at the same place).
    client.change(uri, 2, df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn,direct', 'RUN go mod download'));
    const unused = await client.diagnostics(composeUri, (d) => d.length === 1 && d[0].code === 'build-arg-unused');
    assert.deepEqual(unused[0].range, { start: { line: 5, character: 18 }, end: { line: 5, character: 43 } });
    // Declared again with a valid value in compose.yaml: nothing left there.
    client.change(uri, 3, df('FROM golang:1.22', 'ARG GOPROXY', 'RUN go mod download'));
    client.change(composeUri, 4, compose.replace('goproxy.cn;direct', 'goproxy.cn,direct'));
    assert.deepEqual(await client.diagnostics(composeUri, (d) => d.length === 0), []);
  } finally {
    await client.close();
  }
});
