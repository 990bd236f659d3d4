// Credential audit of the analysis front ends: distinctive credentials, one per shape (test/support/secretShapes.ts),
// seeded everywhere a Dockerfile, go.mod, go.work, the settings or the workspace can carry one, then every output
// of the language server (over real stdio) and of the CLI is searched for them. The runtime half (probes, health
// report, container run) is in secrets.runtime.audit.test.ts, the LSP trace in secrets.trace.audit.test.ts.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { makeWorkspace, startServer, type LspClient } from '../support/lspClient';
import { applyEdits } from '../support/analysisHarness';
import { LeakScanner } from '../support/leaks';
import { CRED, DEFAULT_PROXY, DOCKERFILE, GOMOD, GOWORK, NETRC, SECRET, SETTINGS, SHAPES, shapeNeedles } from '../support/secretShapes';
import { CONTAINER_PLAN_REQUEST, HEALTH_NOTIFICATION, MIRRORS_REQUEST, MIRROR_EDIT_REQUEST } from '../../server/src/protocol';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

const dir = makeWorkspace({
  Dockerfile: DOCKERFILE,
  'go.mod': GOMOD,
  'go.sum': '',
  'go.work': GOWORK,
  '.netrc': NETRC,
  '.vscode/settings.json': JSON.stringify({
    'goProxyDoctor.mirrors': SETTINGS.mirrors,
    'goProxyDoctor.defaultProxy': DEFAULT_PROXY,
    'goProxyDoctor.buildArgs': SETTINGS.buildArgs,
  }),
});
const cleanup = [dir];
after(() => cleanup.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const DF_URI = `file://${dir}/Dockerfile`;
const MOD_URI = `file://${dir}/go.mod`;
const WORK_URI = `file://${dir}/go.work`;
const TEXTS: Record<string, string> = { [DF_URI]: DOCKERFILE, [MOD_URI]: GOMOD, [WORK_URI]: GOWORK };

/** Every leak found, so one run reports all of them (each test asserts this is empty at its end). */
const leaks = new LeakScanner([{ secret: SECRET, user: 'ci' }, ...shapeNeedles()]);
const scan = (where: string, value: unknown) => leaks.scan(where, value);
const assertNoLeaks = () => leaks.assertNone();

/**
 * Copies in edits are counted for every shape but the token-shaped directory names of go.mod/go.work: a fix that
 * COPYs a used module into the image has to name its directory (the path is already in the build context).
 */
const PATH_SHAPES = new Set(['ghp', 'glpat', 'xoxb', 'akia']);
const copies = new LeakScanner([{ secret: SECRET, user: 'ci' }, ...shapeNeedles().filter((n) => !PATH_SHAPES.has(n.shape!))]);
const count = (text: string) => copies.count(text);

/** Every [line, character] of `text`, with a stride (and the end of each line). */
function positions(text: string, stride: number): Array<{ line: number; character: number }> {
  return text.split('\n').flatMap((l, line) => {
    const out = [];
    for (let character = 0; character < l.length; character += stride) out.push({ line, character });
    out.push({ line, character: l.length });
    return out;
  });
}

/** Edits may remove the credential, or move it within a value; never add another copy anywhere. */
function assertEditAddsNoCopy(title: string, edit: WorkspaceEdit | undefined): void {
  assert.ok(edit, `no edit for "${title}"`);
  const changes: Record<string, TextEdit[]> = { ...(edit.changes ?? {}) };
  for (const dc of edit.documentChanges ?? []) if ('textDocument' in dc) changes[dc.textDocument.uri] = dc.edits as TextEdit[];
  for (const [uri, edits] of Object.entries(changes)) {
    const before = TEXTS[uri];
    assert.ok(before !== undefined, `"${title}" edits an unexpected document ${uri}`);
    const afterText = applyEdits(before, edits);
    if (count(afterText) > count(before)) leaks.report(`"${title}" adds a copy of the credential to ${uri}: ${JSON.stringify(edits)}`);
  }
}

/** What the fixes of a document would write (every newText), for the checks of item 10. */
interface Audited {
  probeUrls: string[];
  newTexts: string[];
  images: string[];
}

async function auditDocument(c: LspClient, uri: string, where: string, findings = true): Promise<Audited> {
  const text = TEXTS[uri]!;
  const diags: Diagnostic[] = await c.diagnostics(uri, (d) => d.length > 0 || !findings);
  assert.ok(diags.length > 0 || !findings);
  for (const d of diags)
    scan(`${where} diagnostic ${d.code}`, { message: d.message, relatedInformation: d.relatedInformation, data: d.data, source: d.source, code: d.code });
  let hovers = 0;
  for (const position of positions(text, 2)) {
    const hover = await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    if (hover) hovers++;
    scan(`${where} hover at ${position.line}:${position.character}`, hover);
  }
  assert.ok(hovers > (findings ? 10 : -1), `${where}: hovers answered (${hovers})`);
  for (const position of positions(text, 3)) {
    const items = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position });
    scan(`${where} completion at ${position.line}:${position.character}`, items);
  }
  const whole = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } };
  const actions = (await c.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: whole,
    context: { diagnostics: diags },
  })) as CodeAction[];
  assert.ok(actions.length > 0 || !findings, `${where}: quick fixes offered`);
  const newTexts: string[] = [];
  for (const a of actions) {
    scan(`${where} code action title`, a.title);
    const resolved = (await c.conn.sendRequest('codeAction/resolve', a)) as CodeAction;
    scan(`${where} resolved code action title`, resolved.title);
    scan(
      `${where} code action diagnostics`,
      resolved.diagnostics?.map((d) => d.message),
    );
    assertEditAddsNoCopy(resolved.title, resolved.edit);
    newTexts.push(...Object.values(resolved.edit?.changes ?? {}).flatMap((es) => es.map((e) => e.newText)));
  }
  scan(`${where} code lenses`, await c.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }));
  const probeUrls: string[] = [];
  const images: string[] = [];
  for (const position of [undefined, ...text.split('\n').map((_, line) => ({ line, character: 0 }))]) {
    const mirrors = (await c.conn.sendRequest(MIRRORS_REQUEST.method, { textDocument: { uri }, ...(position ? { position } : {}) })) as {
      entries: Array<Record<string, unknown>>;
    };
    for (const e of mirrors.entries) if (typeof e.probeUrl === 'string') probeUrls.push(e.probeUrl);
    scan(`${where} ${MIRRORS_REQUEST.method} (everything but probeUrl)`, { ...mirrors, entries: mirrors.entries.map(({ probeUrl: _, ...rest }) => rest) });
    const plan = (await c.conn.sendRequest(CONTAINER_PLAN_REQUEST.method, { textDocument: { uri }, ...(position ? { position } : {}) })) as Record<
      string,
      unknown
    >;
    // env keeps the credentials the run needs (passed in an --env-file, never argv); workFiles and moduleDir are
    // the real paths the runner copies from. Everything else is shown or put on the runtime's command line.
    const { env: _e, workFiles: _w, moduleDir: _m, ...shown } = plan;
    scan(`${where} ${CONTAINER_PLAN_REQUEST.method} at ${position?.line ?? '-'} (all but env, workFiles, moduleDir)`, shown);
    if (typeof plan.image === 'string') images.push(plan.image);
    // "Use fastest healthy mirror" with a mirror that carries a credential: the edit lands in the Dockerfile.
    const edit = (await c.conn.sendRequest(MIRROR_EDIT_REQUEST.method, {
      textDocument: { uri },
      ...(position ? { position } : {}),
      mirror: `http://ci:${SHAPES.defaultProxy.secret}@mirror.corp.example`,
    })) as WorkspaceEdit | null;
    if (edit) assertEditAddsNoCopy(MIRROR_EDIT_REQUEST.method, edit);
  }
  return { probeUrls, newTexts, images };
}

for (const locale of ['en', 'zh-cn']) {
  test(`language server (${locale}): no diagnostic, hover, completion, fix title, lens, mirrors url, plan note or log carries the credential`, async () => {
    leaks.reset();
    const c = await startServer({ rootDir: dir, locale, settings: SETTINGS, resolveEdits: true });
    try {
      c.open(DF_URI, DOCKERFILE);
      c.open(MOD_URI, GOMOD, 'go.mod');
      await c.diagnostics(DF_URI, (d) => d.some((x) => x.code === 'goproxy-credentials'));
      // Health as the client reports it (display URL), with the failure that turns into goproxy-unhealthy.
      c.conn.sendNotification(HEALTH_NOTIFICATION.method, {
        mirrors: [
          { url: 'https://***@athens.corp.example', ok: false, error: 'connection refused', checkedAt: new Date().toISOString() },
          { url: 'https://goproxy.cn', ok: true, latencyMs: 40, checkedAt: new Date().toISOString() },
        ],
      });
      await c.diagnostics(DF_URI, (d) => d.some((x) => x.code === 'goproxy-unhealthy'));
      const fromDockerfile = await auditDocument(c, DF_URI, 'Dockerfile');
      await auditDocument(c, MOD_URI, 'go.mod');
      c.open(WORK_URI, GOWORK, 'go.work');
      await auditDocument(c, WORK_URI, 'go.work', false);
      // A request that fails inside the server is logged: that path is redacted too.
      await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: DF_URI }, position: { line: -1, character: Number.NaN } }).catch(() => undefined);
      await c.conn.sendRequest(CONTAINER_PLAN_REQUEST.method, { textDocument: { uri: `file://${dir}/.netrc` } }).catch(() => undefined);
      scan('window/logMessage', c.logs);
      scan('server stderr', c.stderr());
      assertNoLeaks();
      // probeUrl is the one field that keeps the credential (for the client's probes): it really does.
      assert.ok(fromDockerfile.probeUrls.includes(CRED), 'probeUrl keeps the Dockerfile credential');
      assert.ok(fromDockerfile.probeUrls.includes(`${CRED}/settings`), 'probeUrl keeps the settings credential (stage without GOPROXY)');
      // Item 10: the fixes do propose the settings' proxy, without its user info, and mount .netrc as a secret.
      assert.ok(
        fromDockerfile.newTexts.some((t) => t.includes('https://athens5.corp.example,direct')),
        `the settings' proxy is proposed: ${JSON.stringify(fromDockerfile.newTexts)}`,
      );
      assert.ok(
        fromDockerfile.newTexts.some((t) => t.includes('--mount=type=secret,id=netrc,target=/root/.netrc')),
        'a fix mounts .netrc as a secret',
      );
      // The image with user info reaches the plan without it (it goes on the runtime's command line).
      assert.ok(fromDockerfile.images.includes('registry.corp.example/library/golang:1.20'), `plan images: ${fromDockerfile.images}`);
    } finally {
      await c.close();
    }
  });
}

test('CLI: text, json and sarif (both locales), stdout and stderr, carry no credential', () => {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build first`);
  leaks.reset();
  let seen = 0;
  for (const format of ['text', 'json', 'sarif']) {
    for (const locale of ['en', 'zh-cn']) {
      const r = spawnSync(process.execPath, [CLI, '--format', format, '--locale', locale, '.'], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', LANG: 'C' },
      });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /athens\.corp\.example/, 'the findings about the credential URL are there');
      if (r.stdout.includes('goproxy-credentials')) seen++;
      scan(`cli --format ${format} --locale ${locale} stdout`, r.stdout);
      scan(`cli --format ${format} --locale ${locale} stderr`, r.stderr);
    }
  }
  assert.equal(seen, 6);
  assertNoLeaks();
});

/** A server whose `go` (first on PATH) prints `stdout`, or fails with `stderr`: the host's `go env GOPROXY`. */
async function withFakeGo(script: { stdout?: string; stderr?: string }): Promise<LspClient> {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-fake-go-'));
  cleanup.push(bin);
  const body = script.stdout !== undefined ? `printf '%s\\n' '${script.stdout}'` : `printf '%s\\n' '${script.stderr}' >&2; exit 1`;
  fs.writeFileSync(path.join(bin, 'go'), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  const saved = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${saved ?? ''}`;
  try {
    return await startServer({ rootDir: dir, settings: {} });
  } finally {
    process.env.PATH = saved;
  }
}

test("language server: a credential from the host's `go env GOPROXY` (value or error) is redacted; probeUrl keeps it", async () => {
  leaks.reset();
  const uri = `file://${dir}/plain.Dockerfile`;
  const ask = async (c: LspClient) =>
    (await c.conn.sendRequest(MIRRORS_REQUEST.method, { textDocument: { uri }, position: { line: 1, character: 0 } })) as {
      source: string;
      entries: Array<Record<string, unknown>>;
    };
  const until = async (f: () => Promise<boolean>) => {
    for (let i = 0; i < 100 && !(await f()); i++) await new Promise((r) => setTimeout(r, 50));
  };
  const ok = await withFakeGo({ stdout: `${CRED},direct` });
  try {
    ok.open(uri, 'FROM golang:1.23\nRUN go mod download\n');
    await ok.diagnostics(uri);
    await until(async () => (await ask(ok)).source === 'go env');
    const result = await ask(ok);
    assert.equal(result.source, 'go env');
    assert.equal(result.entries[0]!.probeUrl, CRED);
    scan(
      `${MIRRORS_REQUEST.method} from go env (everything but probeUrl)`,
      result.entries.map(({ probeUrl: _, ...rest }) => rest),
    );
    scan('window/logMessage', ok.logs);
  } finally {
    await ok.close();
  }
  const failing = await withFakeGo({ stderr: `go: reading ${CRED}/go.env: 401 Unauthorized` });
  try {
    failing.open(uri, 'FROM golang:1.23\nRUN go mod download\n');
    await failing.diagnostics(uri);
    await ask(failing);
    await until(async () => failing.logs.some((l) => l.includes('go env GOPROXY')));
    assert.ok(
      failing.logs.some((l) => l.includes('athens.corp.example')),
      `the failure is logged: ${JSON.stringify(failing.logs)}`,
    );
    scan('window/logMessage of a failed go env', failing.logs);
    scan('server stderr', failing.stderr());
  } finally {
    await failing.close();
  }
  assertNoLeaks();
});
