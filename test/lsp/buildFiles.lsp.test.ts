// Open build files over a real stdio connection: a compose file or Makefile open in the editor is read as the editor
// has it (not as saved), its edits re-analyse the Dockerfiles it builds, closing it goes back to the disk's text, and
// it is never analysed as a Dockerfile itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { makeWorkspace, startServer, type LspClient } from '../support/lspClient';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const GOMOD = df('module example.com/app', '', 'go 1.22', '', 'require git.acme.internal/team/lib v1.2.0');
const DOCKERFILE = df('FROM golang:1.22', 'ARG GOPROXY', 'WORKDIR /src', 'COPY go.mod ./', 'RUN go mod download');
const GOOD = 'https://goproxy.cn,direct';
const BAD = 'https://goproxy.cn;direct';
const compose = (goproxy: string) => df('services:', '  api:', '    build:', '      context: .', '      args:', `        GOPROXY: "${goproxy}"`);
/** Where compose()'s value is: line 6, from the opening quote to the closing one. */
const VALUE = { start: { line: 5, character: 18 }, end: { line: 5, character: 43 } };

const has = (code: string) => (d: Diagnostic[]) => d.some((x) => x.code === code);
const lacks = (code: string) => (d: Diagnostic[]) => !d.some((x) => x.code === code);

/** Every range lies inside the text (a position past a line's end or past the last line points at nothing). */
function assertInside(diagnostics: Diagnostic[], text: string): void {
  const lines = text.split('\n');
  for (const { range } of diagnostics) {
    for (const p of [range.start, range.end])
      assert.ok(p.line < lines.length && p.character <= lines[p.line].length, `${JSON.stringify(range)} outside the text:\n${text}`);
  }
}

function closeDocument(client: LspClient, uri: string): void {
  client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
}

async function withWorkspace(files: Record<string, string>, body: (client: LspClient, at: (name: string) => string) => Promise<void>): Promise<void> {
  const dir = makeWorkspace(files);
  const client = await startServer({ rootDir: dir });
  try {
    await body(client, (name) => `file://${dir}/${name}`);
  } finally {
    await client.close();
  }
}

test('a `;` typed into an open compose.yaml (not saved) is reported there and changes the Dockerfile; fixed, it goes; closed, the disk counts', async () => {
  await withWorkspace({ 'go.mod': GOMOD, Dockerfile: DOCKERFILE, 'compose.yaml': compose(GOOD) }, async (client, at) => {
    const [dockerfile, composeUri] = [at('Dockerfile'), at('compose.yaml')];
    client.open(dockerfile, DOCKERFILE);
    // As saved, the private module goes to goproxy.cn: the Dockerfile says so, compose.yaml has nothing wrong.
    const proxied = (await client.diagnostics(dockerfile, has('private-module-proxied'))).find((d) => d.code === 'private-module-proxied')!;
    assert.match(proxied.message, /goproxy\.cn/);
    assert.equal(client.latest(composeUri), undefined);

    client.open(composeUri, compose(BAD), 'yaml');
    const bad = await client.diagnostics(composeUri, has('goproxy-invalid'));
    assert.deepEqual(
      bad.map((d) => [d.code, d.range]),
      [['goproxy-invalid', VALUE]],
    );
    assert.match(bad[0].message, /`https:\/\/goproxy\.cn;direct`/);
    assertInside(bad, compose(BAD));
    // The Dockerfile is analysed with the editor's value: every download fails, nothing reaches goproxy.cn.
    await client.diagnostics(dockerfile, lacks('private-module-proxied'));

    client.change(composeUri, 2, compose(GOOD));
    assert.deepEqual(await client.diagnostics(composeUri, (d) => d.length === 0), []);
    await client.diagnostics(dockerfile, has('private-module-proxied'));

    // A shorter text: nothing published may point past its end.
    const short = compose(BAD).replace('      context: .\n', '');
    client.change(composeUri, 3, short);
    const moved = await client.diagnostics(composeUri, has('goproxy-invalid'));
    assert.deepEqual(moved[0].range, { start: { line: 4, character: 18 }, end: { line: 4, character: 43 } });
    assertInside(moved, short);

    // Closed without saving: the disk's value counts again, in compose.yaml and in the Dockerfile.
    closeDocument(client, composeUri);
    assert.deepEqual(await client.diagnostics(composeUri, (d) => d.length === 0), []);
    await client.diagnostics(dockerfile, has('private-module-proxied'));
  });
});

test('quiet counterpart: the `;` saved on disk but fixed in the editor is not reported while open, and comes back on close', async () => {
  await withWorkspace({ 'go.mod': GOMOD, Dockerfile: DOCKERFILE, 'compose.yaml': compose(BAD) }, async (client, at) => {
    const [dockerfile, composeUri] = [at('Dockerfile'), at('compose.yaml')];
    client.open(dockerfile, DOCKERFILE);
    await client.diagnostics(composeUri, has('goproxy-invalid'));
    await client.diagnostics(dockerfile, lacks('private-module-proxied'));

    client.open(composeUri, compose(GOOD), 'yaml');
    assert.deepEqual(await client.diagnostics(composeUri, (d) => d.length === 0), []);
    await client.diagnostics(dockerfile, has('private-module-proxied'));

    closeDocument(client, composeUri);
    const back = await client.diagnostics(composeUri, has('goproxy-invalid'));
    assert.deepEqual(
      back.map((d) => d.range),
      [VALUE],
    );
    await client.diagnostics(dockerfile, lacks('private-module-proxied'));
  });
});

test('closing compose.yaml as saved keeps what the Dockerfile reports there: no empty list is published over it', async () => {
  await withWorkspace({ 'go.mod': GOMOD, Dockerfile: DOCKERFILE, 'compose.yaml': compose(BAD) }, async (client, at) => {
    const [dockerfile, composeUri] = [at('Dockerfile'), at('compose.yaml')];
    client.open(dockerfile, DOCKERFILE);
    await client.diagnostics(composeUri, has('goproxy-invalid'));
    client.open(composeUri, compose(BAD), 'dockercompose');
    client.change(composeUri, 2, compose(BAD) + '# a comment\n');
    await client.diagnostics(composeUri, has('goproxy-invalid'));
    client.change(composeUri, 3, compose(BAD));
    await new Promise((r) => setTimeout(r, 500));
    // Any publish without the finding from here on fails the test.
    const cleared = client.diagnostics(composeUri, lacks('goproxy-invalid'), 1500);
    closeDocument(client, composeUri);
    await assert.rejects(cleared, /no matching diagnostics/);
    assert.deepEqual(
      client.latest(composeUri)!.map((d) => d.range),
      [VALUE],
    );
  });
});

test('compose.yaml open without its Dockerfile: the Dockerfile is analysed from disk for it, and publishes nothing of its own', async () => {
  await withWorkspace({ 'go.mod': GOMOD, Dockerfile: DOCKERFILE, 'compose.yaml': compose(GOOD) }, async (client, at) => {
    const composeUri = at('compose.yaml');
    client.open(composeUri, compose(BAD), 'yaml');
    const bad = await client.diagnostics(composeUri, has('goproxy-invalid'));
    assert.deepEqual(
      bad.map((d) => d.range),
      [VALUE],
    );
    client.change(composeUri, 2, compose(GOOD));
    assert.deepEqual(await client.diagnostics(composeUri, (d) => d.length === 0), []);
    assert.equal(client.latest(at('Dockerfile')), undefined, 'a Dockerfile that is not open gets no diagnostics');
    // Closed: what was analysed on its behalf goes, and nothing more is published there.
    const count = client.publishCount(composeUri);
    closeDocument(client, composeUri);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(client.latest(composeUri), []);
    assert.ok(client.publishCount(composeUri) <= count + 1);
  });
});

test('a Makefile open in the editor: its unsaved --build-arg GOPROXY is reported there (and fixed by an edit)', async () => {
  // Quoted: in a recipe an unquoted `;` would end the command.
  const makefile = (goproxy: string) => df('image:', `\tdocker build --build-arg GOPROXY="${goproxy}" -t app .`);
  await withWorkspace({ 'go.mod': GOMOD, Dockerfile: DOCKERFILE, Makefile: makefile(GOOD) }, async (client, at) => {
    const uri = at('Makefile');
    client.open(uri, makefile(BAD), 'makefile');
    const bad = await client.diagnostics(uri, has('goproxy-invalid'));
    assert.deepEqual(
      bad.map((d) => d.range),
      [{ start: { line: 1, character: 35 }, end: { line: 1, character: 60 } }],
    );
    assertInside(bad, makefile(BAD));
    client.change(uri, 2, makefile(GOOD));
    assert.deepEqual(await client.diagnostics(uri, (d) => d.length === 0), []);
  });
});

test('quiet: a compose file with Dockerfile text in it, and a script that builds nothing, are never analysed as Dockerfiles', async () => {
  const text = df(
    'services:',
    '  db:',
    '    image: postgres:16',
    'x-example: |',
    '  FROM golang:1.22',
    '  ENV GOPROXY=https://goproxy.cn;direct',
    '  RUN go mod download',
  );
  const script = df('#!/bin/sh', 'FROM=golang:1.22', 'echo "ENV GOPROXY=https://goproxy.cn;direct"');
  await withWorkspace({ 'go.mod': GOMOD, 'compose.yaml': text, 'build.sh': script }, async (client, at) => {
    client.open(at('compose.yaml'), text, 'yaml');
    client.open(at('build.sh'), script, 'shellscript');
    // A Dockerfile opened after them is analysed and published: by then the two have had their turn.
    const probe = at('probe/Dockerfile');
    client.open(probe, df('FROM golang:1.22', 'ENV GOPROXY=off', 'RUN go mod download'));
    await client.diagnostics(probe, (d) => d.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(client.publishCount(at('compose.yaml')), 0);
    assert.equal(client.publishCount(at('build.sh')), 0);
    const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: at('compose.yaml') }, position: { line: 5, character: 8 } });
    assert.equal(hover, null);
  });
});

test('the quick fix of a `;` in compose.yaml rewrites the value there; a value from .env is reported without one', async () => {
  const viaEnv = df('services:', '  api:', '    build:', '      context: .', '      args:', '        GOPROXY: ${PROXY}');
  await withWorkspace({ 'go.mod': GOMOD, Dockerfile: DOCKERFILE, 'compose.yaml': compose(GOOD), '.env': `PROXY=${BAD}\n` }, async (client, at) => {
    const composeUri = at('compose.yaml');
    const actions = async () =>
      (await client.conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri: composeUri },
        range: VALUE,
        context: { diagnostics: [] },
      })) as { title: string; edit?: { changes: Record<string, { range: unknown; newText: string }[]> } }[];
    client.open(composeUri, compose(BAD), 'dockercompose');
    await client.diagnostics(composeUri, has('goproxy-invalid'));
    const fixes = await actions();
    assert.deepEqual(
      fixes.map((a) => [a.title, a.edit?.changes]),
      [[`Rewrite GOPROXY as ${GOOD}`, { [composeUri]: [{ range: VALUE, newText: GOOD }] }]],
    );
    // Quiet counterpart: the value is .env's, not written at the place reported: no edit there could fix it.
    client.change(composeUri, 2, viaEnv);
    const atReference = { start: { line: 5, character: 17 }, end: { line: 5, character: 25 } };
    const reported = await client.diagnostics(composeUri, (d) => d.some((x) => x.code === 'goproxy-invalid' && x.range.start.character === 17));
    assert.deepEqual(
      reported.map((d) => d.range),
      [atReference],
    );
    assert.deepEqual(await actions(), []);
  });
});

test('docker-bake.hcl and a workflow open in the editor: each value is reported in its own document, at the value, and goes when fixed', async () => {
  const bake = (goproxy: string) => df('target "api" {', '  context = "."', '  args = {', `    GOPROXY = "${goproxy}"`, '  }', '}');
  const workflow = (args: string) =>
    df(
      'on: push',
      'jobs:',
      '  image:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          context: .',
      '          build-args: |',
      `            GOPROXY=${args}`,
    );
  const files = { 'go.mod': GOMOD, Dockerfile: DOCKERFILE, 'docker-bake.hcl': bake(GOOD), '.github/workflows/ci.yml': workflow(GOOD) };
  await withWorkspace(files, async (client, at) => {
    const [bakeUri, workflowUri] = [at('docker-bake.hcl'), at('.github/workflows/ci.yml')];
    client.open(bakeUri, bake(BAD), 'hcl');
    client.open(workflowUri, workflow('direct,https://goproxy.cn'), 'yaml');
    const inBake = await client.diagnostics(bakeUri, has('goproxy-invalid'));
    assert.deepEqual(
      inBake.map((d) => d.range),
      [{ start: { line: 3, character: 15 }, end: { line: 3, character: 40 } }],
    );
    const inWorkflow = await client.diagnostics(workflowUri, has('goproxy-unreachable-entry'));
    assert.deepEqual(
      inWorkflow.map((d) => d.range),
      [{ start: { line: 9, character: 20 }, end: { line: 9, character: 45 } }],
    );
    assert.match(inWorkflow[0].message, /stops at `direct`/);
    assertInside(inBake, bake(BAD));
    assertInside(inWorkflow, workflow('direct,https://goproxy.cn'));
    client.change(bakeUri, 2, bake(GOOD));
    client.change(workflowUri, 2, workflow(GOOD));
    assert.deepEqual(await client.diagnostics(bakeUri, (d) => d.length === 0), []);
    assert.deepEqual(await client.diagnostics(workflowUri, (d) => d.length === 0), []);
  });
});
