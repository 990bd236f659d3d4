// Our language server against dockerfile-language-server-nodejs (the peer most VS Code users run), both over
// stdio on the same documents, runs interleaved so machine noise hits both alike: start to initialize
// answered, didOpen to first publishDiagnostics (15-line and 2,000-line Dockerfiles, and a 3,000-require
// go.mod for ours; and the first Dockerfile opened in a workspace of 200 service folders), hover and codeAction round trips, a quick-fix request over the whole of a 50,000-line CR-only
// Dockerfile (ours, as opened and right after an edit), peak RSS (VmHWM) of each server process.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { largeDockerfile, largeGoMod, SERVICE_DOCKERFILE, serviceFolderFiles, SMALL_DOCKERFILE } from './documents';
import { median, openAndWait as open, roundTrip, startServer, stopServer as stop, type BenchFigure, type BenchServer } from './lspClient';

export type { BenchFigure } from './lspClient';

const ROOT = path.resolve(__dirname, '..', '..');
const OURS = path.join(ROOT, 'dist', 'server.js');
const PEER = path.join(ROOT, 'node_modules', 'dockerfile-language-server-nodejs', 'lib', 'server.js');

// Our server keeps a V8 code cache (server/src/host/codeCacheLoader.ts): the benchmark gives it a fresh directory of
// its own, so the first round starts without one and writes it, as a user's first start does, and later rounds use
// it.
const CODE_CACHE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-bench-cache-'));

/** Each server as its clients start it: `node <server> --stdio`, no Node flags; on a workspace folder when given one. */
function start(script: string, root?: string): Promise<{ server: BenchServer; initMs: number }> {
  return startServer({
    command: process.execPath,
    args: [script],
    ...(root ? { rootUri: `file://${root}` } : {}),
    env: { ...process.env, GO_PROXY_DOCTOR_CACHE_DIR: CODE_CACHE_DIR },
  });
}

/** Service folders of the workspace the first document is opened in (a monorepo's). */
const WORKSPACE_SERVICES = 200;

/**
 * A workspace of service folders, each with a Dockerfile, go.mod, go.sum and a compose file that builds it: what a
 * server started in a monorepo finds before it can answer for the first Dockerfile opened.
 */
function serviceWorkspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-bench-services-'));
  for (let i = 0; i < WORKSPACE_SERVICES; i++) {
    const dir = path.join(root, `svc${i}`);
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(serviceFolderFiles(i))) fs.writeFileSync(path.join(dir, name), text);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `# service ${i}\n${SERVICE_DOCKERFILE}`);
  }
  return root;
}

let docCounter = 0;
/** A fresh document under a path that does not exist: the first document after a cold start. */
async function openAndWait(s: BenchServer, text: string, languageId = 'dockerfile', name = 'Dockerfile'): Promise<{ ms: number; uri: string }> {
  const uri = `file:///bench/${++docCounter}/${name}`;
  return { ms: await open(s, uri, text, languageId), uri };
}

export async function benchLsp(rounds = 20): Promise<BenchFigure[]> {
  if (!fs.existsSync(OURS)) throw new Error(`${OURS} is missing: npm run build`);
  if (!fs.existsSync(PEER)) throw new Error(`${PEER} is missing: npm ci installs dockerfile-language-server-nodejs`);
  const large = largeDockerfile(2000);
  const goMod = largeGoMod(3000);
  // Lone CRs as line breaks (classic Mac files): the LSP line model counts them, and so must every scan.
  const crOnly = largeDockerfile(50_000).replace(/\n/g, '\r');
  const crRounds = Math.min(rounds, 5);
  const services = serviceWorkspace();
  const cr = { opened: [] as number[], edited: [] as number[] };
  const series = () => ({
    init: [] as number[],
    small: [] as number[],
    inWorkspace: [] as number[],
    large: [] as number[],
    hover: [] as number[],
    action: [] as number[],
    rss: [] as number[],
  });
  const r = { ours: { ...series(), gomod: [] as number[] }, peer: series() };
  for (let i = 0; i < rounds; i++) {
    // Alternate which server goes first, so neither always meets a warm or a cold machine.
    const order: ('ours' | 'peer')[] = i % 2 ? ['peer', 'ours'] : ['ours', 'peer'];
    for (const who of order) {
      const { server, initMs } = await start(who === 'ours' ? OURS : PEER);
      const out = r[who];
      out.init.push(initMs);
      out.small.push((await openAndWait(server, SMALL_DOCKERFILE)).ms);
      const big = await openAndWait(server, large);
      out.large.push(big.ms);
      out.hover.push(await roundTrip(server, 'textDocument/hover', { textDocument: { uri: big.uri }, position: { line: 5, character: 8 } }));
      out.action.push(
        await roundTrip(server, 'textDocument/codeAction', {
          textDocument: { uri: big.uri },
          range: { start: { line: 5, character: 0 }, end: { line: 5, character: 10 } },
          context: { diagnostics: [] },
        }),
      );
      if (who === 'ours') r.ours.gomod.push((await openAndWait(server, goMod, 'go.mod', 'go.mod')).ms);
      out.rss.push(await stop(server));
      // The first Dockerfile opened after a start in the monorepo (its own server: the one above has seen documents).
      const inWs = await start(who === 'ours' ? OURS : PEER, services);
      const first = path.join(services, `svc${i % WORKSPACE_SERVICES}`, 'Dockerfile');
      out.inWorkspace.push(await open(inWs.server, `file://${first}`, fs.readFileSync(first, 'utf8'), 'dockerfile'));
      await stop(inWs.server);
    }
  }
  fs.rmSync(services, { recursive: true, force: true });
  // Quick fixes over a whole 50,000-line CR-only Dockerfile, in servers of their own (their memory is not the RSS above).
  for (let i = 0; i < crRounds; i++) {
    const { server } = await start(OURS);
    const { uri } = await openAndWait(server, crOnly);
    const whole = { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 50_000, character: 0 } }, context: { diagnostics: [] } };
    cr.opened.push(await roundTrip(server, 'textDocument/codeAction', whole));
    // An edit, then the quick fixes at once (as an editor asks after each keystroke): the analysis is redone first.
    server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: 'ENV A=b\r' }],
    });
    cr.edited.push(await roundTrip(server, 'textDocument/codeAction', whole));
    await stop(server);
  }
  fs.rmSync(CODE_CACHE_DIR, { recursive: true, force: true });
  const m = (xs: number[]) => Number(median(xs).toFixed(1));
  return [
    { name: 'start → initialize answered (ours)', value: m(r.ours.init), unit: 'ms', target: '< 150 ms' },
    { name: 'start → initialize answered (peer)', value: m(r.peer.init), unit: 'ms' },
    {
      name: 'didOpen → diagnostics, 15-line Dockerfile (ours)',
      value: m(r.ours.small),
      unit: 'ms',
      target: `≤ half the peer's (${(m(r.peer.small) / 2).toFixed(1)} ms)`,
    },
    { name: 'didOpen → diagnostics, 15-line Dockerfile (peer)', value: m(r.peer.small), unit: 'ms' },
    {
      name: `first Dockerfile after start in a workspace of ${WORKSPACE_SERVICES} service folders, didOpen → diagnostics (ours)`,
      value: m(r.ours.inWorkspace),
      unit: 'ms',
      target: `≤ half the peer's (${(m(r.peer.inWorkspace) / 2).toFixed(1)} ms)`,
    },
    {
      name: `first Dockerfile after start in a workspace of ${WORKSPACE_SERVICES} service folders, didOpen → diagnostics (peer)`,
      value: m(r.peer.inWorkspace),
      unit: 'ms',
    },
    {
      name: 'didOpen → diagnostics, 2,000-line Dockerfile (ours)',
      value: m(r.ours.large),
      unit: 'ms',
      target: `≤ half the peer's (${(m(r.peer.large) / 2).toFixed(1)} ms)`,
    },
    { name: 'didOpen → diagnostics, 2,000-line Dockerfile (peer)', value: m(r.peer.large), unit: 'ms' },
    { name: 'didOpen → diagnostics, 3,000-require go.mod (ours)', value: m(r.ours.gomod), unit: 'ms' },
    { name: 'hover round trip, 2,000-line Dockerfile (ours)', value: m(r.ours.hover), unit: 'ms' },
    { name: 'hover round trip, 2,000-line Dockerfile (peer)', value: m(r.peer.hover), unit: 'ms' },
    { name: 'codeAction round trip, 2,000-line Dockerfile (ours)', value: m(r.ours.action), unit: 'ms' },
    { name: 'codeAction round trip, 2,000-line Dockerfile (peer)', value: m(r.peer.action), unit: 'ms' },
    { name: 'codeAction over a whole 50,000-line CR-only Dockerfile (ours)', value: m(cr.opened), unit: 'ms' },
    { name: 'didChange + codeAction over a whole 50,000-line CR-only Dockerfile (ours)', value: m(cr.edited), unit: 'ms' },
    { name: 'peak RSS (ours)', value: m(r.ours.rss), unit: 'MiB', target: '< 80 MiB' },
    { name: 'peak RSS (peer)', value: m(r.peer.rss), unit: 'MiB' },
  ];
}

if (require.main === module) {
  void benchLsp().then((figures) => console.table(figures));
}
