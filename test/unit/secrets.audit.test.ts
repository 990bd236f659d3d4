// Credential audit of the analysis front ends: one distinctive credential seeded everywhere a Dockerfile,
// go.mod, the settings or the workspace can carry one, then every output of the language server (over real
// stdio) and of the CLI is searched for it. The runtime half (probes, health report, container run) is in
// secrets.runtime.audit.test.ts.
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

const SECRET = 's3cr3t-T0KEN-audit';
const CRED = `https://ci:${SECRET}@athens.corp.example`;
const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

const DOCKERFILE = [
  `ARG GOPROXY=${CRED},direct`,
  'FROM golang:1.23 AS build',
  'ARG GOPROXY',
  `ENV GOAUTH="git https://ci:${SECRET}@git.corp.example" GONOSUMDB=https://ci:${SECRET}@git.corp.example`,
  `ENV GOPRIVATE="https://ci:${SECRET}@git.corp.example/team, github.com/acme"`,
  `RUN go env -w GOPROXY=http://ci:${SECRET}@athens.corp.example`,
  `RUN git config --global url."https://ci:${SECRET}@git.corp.example/".insteadOf "https://git.corp.example/"`,
  'COPY .netrc /root/.netrc',
  'COPY . .',
  `RUN GOPROXY=direct,${CRED} go mod download`,
  'RUN go build ./...',
  `ENV GOPROXY=${CRED} GOFLAGS=-insecure`,
  'FROM golang:1.23 AS semicolon',
  `ENV GOPROXY="${CRED};direct"`,
  'RUN go mod download',
  'FROM golang:1.23 AS legacy',
  `ENV GOPROXY ${CRED}|https://goproxy.cn`,
  'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
  'FROM golang:1.23 AS heredoc',
  `ARG TOKEN_URL=${CRED}`,
  `ENV GOSUMDB="sum.golang.org https://ci:${SECRET}@sum.corp.example" GOINSECURE=https://ci:${SECRET}@git.corp.example`,
  'RUN <<EOF',
  'go env -w GOPROXY=${TOKEN_URL},direct',
  'go mod download',
  'EOF',
  `RUN ["sh", "-c", "GOPROXY=https://${SECRET}@athens.corp.example go get ./..."]`,
  'FROM golang:1.23 AS plain',
  'RUN go mod download',
].join('\n') + '\n';
const GOMOD = 'module example.com/app\n\ngo 1.23\n\nrequire (\n\tgit.corp.example/team/lib v1.0.0\n\tgithub.com/google/uuid v1.6.0\n\tintranet/x v1.0.0\n)\n';
const NETRC = `machine athens.corp.example login ci password ${SECRET}\n`;
const SETTINGS = { mirrors: [`${CRED}/settings`], privatePatterns: ['git.corp.example'] };

const dir = makeWorkspace({ Dockerfile: DOCKERFILE, 'go.mod': GOMOD, 'go.sum': '', '.netrc': NETRC, '.vscode/settings.json': JSON.stringify({ 'goProxyDoctor.mirrors': SETTINGS.mirrors }) });
const cleanup = [dir];
after(() => cleanup.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const DF_URI = `file://${dir}/Dockerfile`;
const MOD_URI = `file://${dir}/go.mod`;
const TEXTS: Record<string, string> = { [DF_URI]: DOCKERFILE, [MOD_URI]: GOMOD };

/** Every leak found, so one run reports all of them (each test asserts this is empty at its end). */
const leaks = new LeakScanner(SECRET, 'ci');
const scan = (where: string, value: unknown) => leaks.scan(where, value);
const assertNoLeaks = () => leaks.assertNone();

const count = (text: string) => text.split(SECRET).length - 1;

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

async function auditDocument(c: LspClient, uri: string, where: string): Promise<{ probeUrls: string[] }> {
  const text = TEXTS[uri]!;
  const diags: Diagnostic[] = await c.diagnostics(uri, (d) => d.length > 0);
  assert.ok(diags.length > 0);
  for (const d of diags) scan(`${where} diagnostic ${d.code}`, { message: d.message, relatedInformation: d.relatedInformation, data: d.data, source: d.source, code: d.code });
  let hovers = 0;
  for (const position of positions(text, 2)) {
    const hover = await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    if (hover) hovers++;
    scan(`${where} hover at ${position.line}:${position.character}`, hover);
  }
  assert.ok(hovers > 10, `${where}: hovers answered (${hovers})`);
  for (const position of positions(text, 3)) {
    const items = await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position });
    scan(`${where} completion at ${position.line}:${position.character}`, items);
  }
  const whole = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } };
  const actions = (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: diags } })) as CodeAction[];
  assert.ok(actions.length > 0, `${where}: quick fixes offered`);
  for (const a of actions) {
    scan(`${where} code action title`, a.title);
    const resolved = (await c.conn.sendRequest('codeAction/resolve', a)) as CodeAction;
    scan(`${where} resolved code action title`, resolved.title);
    scan(`${where} code action diagnostics`, resolved.diagnostics?.map((d) => d.message));
    assertEditAddsNoCopy(resolved.title, resolved.edit);
  }
  scan(`${where} code lenses`, await c.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }));
  const probeUrls: string[] = [];
  for (const position of [undefined, ...text.split('\n').map((_, line) => ({ line, character: 0 }))]) {
    const mirrors = (await c.conn.sendRequest('goProxyDoctor/mirrors', { textDocument: { uri }, ...(position ? { position } : {}) })) as { entries: Array<Record<string, unknown>> };
    for (const e of mirrors.entries) if (typeof e.probeUrl === 'string') probeUrls.push(e.probeUrl);
    scan(`${where} goProxyDoctor/mirrors (everything but probeUrl)`, { ...mirrors, entries: mirrors.entries.map(({ probeUrl: _, ...rest }) => rest) });
    const plan = (await c.conn.sendRequest('goProxyDoctor/containerPlan', { textDocument: { uri }, ...(position ? { position } : {}) })) as { notes?: string[]; error?: string };
    scan(`${where} goProxyDoctor/containerPlan notes`, { notes: plan.notes, error: plan.error });
  }
  return { probeUrls };
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
      c.conn.sendNotification('goProxyDoctor/health', {
        mirrors: [
          { url: 'https://***@athens.corp.example', ok: false, error: 'connection refused', checkedAt: new Date().toISOString() },
          { url: 'https://goproxy.cn', ok: true, latencyMs: 40, checkedAt: new Date().toISOString() },
        ],
      });
      await c.diagnostics(DF_URI, (d) => d.some((x) => x.code === 'goproxy-unhealthy'));
      const fromDockerfile = await auditDocument(c, DF_URI, 'Dockerfile');
      await auditDocument(c, MOD_URI, 'go.mod');
      // A request that fails inside the server is logged: that path is redacted too.
      await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: DF_URI }, position: { line: -1, character: Number.NaN } }).catch(() => undefined);
      await c.conn.sendRequest('goProxyDoctor/containerPlan', { textDocument: { uri: `file://${dir}/.netrc` } }).catch(() => undefined);
      scan('window/logMessage', c.logs);
      scan('server stderr', c.stderr());
      assertNoLeaks();
      // probeUrl is the one field that keeps the credential (for the client's probes): it really does.
      assert.ok(fromDockerfile.probeUrls.includes(CRED), 'probeUrl keeps the Dockerfile credential');
      assert.ok(fromDockerfile.probeUrls.includes(`${CRED}/settings`), 'probeUrl keeps the settings credential (stage without GOPROXY)');
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
      const r = spawnSync(process.execPath, [CLI, '--format', format, '--locale', locale, '.'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LANG: 'C' } });
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

test('language server: a credential from the host\'s `go env GOPROXY` (value or error) is redacted; probeUrl keeps it', async () => {
  leaks.reset();
  const uri = `file://${dir}/plain.Dockerfile`;
  const ask = async (c: LspClient) => (await c.conn.sendRequest('goProxyDoctor/mirrors', { textDocument: { uri }, position: { line: 1, character: 0 } })) as { source: string; entries: Array<Record<string, unknown>> };
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
    scan('goProxyDoctor/mirrors from go env (everything but probeUrl)', result.entries.map(({ probeUrl: _, ...rest }) => rest));
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
    assert.ok(failing.logs.some((l) => l.includes('athens.corp.example')), `the failure is logged: ${JSON.stringify(failing.logs)}`);
    scan('window/logMessage of a failed go env', failing.logs);
    scan('server stderr', failing.stderr());
  } finally {
    await failing.close();
  }
  assertNoLeaks();
});
