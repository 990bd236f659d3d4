// The server as an editor keeps it: one long-running process per server, many documents, each with its own URI in
// a real folder (go.mod, go.sum and compose.yaml beside it, and a .devcontainer folder, which the workspace walk
// skips, with a Dockerfile of its own), every text different (a leading comment names the round, and the 2,200-line
// one's builds name it too) so no cache keyed by content answers. Our server, dockerfile-language-server-nodejs and,
// where it can be built from the Go module proxy, Docker's docker-language-server run interleaved, so machine noise
// hits them alike. Ours also gets a closed Dockerfile written on disk (its file event), keystrokes inside a line of
// the 2,200-line Dockerfile (typed at a person's pace, and in bursts), a 3,000-require go.mod, a go.mod edit that
// re-checks 200 open Dockerfiles, and 100 open/close cycles of the 2,200-line Dockerfile with its heap read after
// every full garbage collection (--trace-gc).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goHeavyDockerfile, largeGoMod, SERVICE_DOCKERFILE, SERVICE_GO_SUM, serviceFolderFiles } from './documents';
import { median, openAndWait, peakRssMiB, serverFailure, startServer, stopServer, type BenchFigure, type BenchServer } from './lspClient';
import { dockerLanguageServer } from './peers';
import { QUIET_MS } from '../../server/src/editPacing';

const ROOT = path.resolve(__dirname, '..', '..');
const OURS = path.join(ROOT, 'dist', 'server.js');
const PEER = path.join(ROOT, 'node_modules', 'dockerfile-language-server-nodejs', 'lib', 'server.js');

type Who = 'ours' | 'peer' | 'dx';
const LABEL: Record<Who, string> = { ours: 'ours', peer: 'dockerfile-language-server-nodejs', dx: 'docker-language-server' };

const WARMUP_ROUNDS = 2;
const MEMORY_CYCLES = 100;
const DEPENDENT_DOCKERFILES = 200;
/** A person typing: a key every 150 ms (80 words a minute). */
const TYPING_GAP_MS = 150;
/** Key repeat: keys this close together are a burst, which the server analyses once the keys pause for QUIET_MS. */
const BURST_KEYS = 10;
const BURST_GAP_MS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

const uriOf = (p: string) => `file://${p}`;
const write = (p: string, text: string) => (fs.mkdirSync(path.dirname(p), { recursive: true }), fs.writeFileSync(p, text));

const WHO: Who[] = ['ours', 'peer', 'dx'];
const serviceText = (w: Who, i: number) => `# ${w} round ${i}\n${SERVICE_DOCKERFILE}`;
const heavyText = (w: Who, i: number) => `# ${w} round ${i}\n${goHeavyDockerfile(200, `${w}${i}`)}`;
const devText = (w: Who, i: number) => `# ${w} dev container ${i}\n${SERVICE_DOCKERFILE}`;
const cycleText = (w: Who, c: number) => `# ${w} cycle ${c}\n${goHeavyDockerfile(200, `${w}c${c}`)}`;
const dependentText = (k: number) => `# service ${k}\n${SERVICE_DOCKERFILE}`;

/**
 * A workspace per server (none sees the others' files): a folder per round, and for ours a module folder whose
 * go.mod 200 Dockerfiles build. Every document a round opens is on disk before the servers start, as the files a
 * user opens are. The memory cycles' documents are on disk beside the workspace, not in it: 100 copies of the
 * 2,200-line Dockerfile would make a workspace no one has.
 */
interface BenchWorkspace {
  root: string;
  rootOf: (w: Who) => string;
  folder: (w: Who, i: number) => string;
  cycleFile: (w: Who, c: number) => string;
  mono: string;
}

function makeWorkspace(rounds: number): BenchWorkspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-warm-'));
  const rootOf = (w: Who) => path.join(root, w);
  const folder = (w: Who, i: number) => path.join(rootOf(w), `svc${i}`);
  const cycleFile = (w: Who, c: number) => path.join(root, `${w}-cycles`, `cycle${c}`, 'Dockerfile');
  for (const w of WHO) {
    for (let i = 0; i < rounds; i++) {
      for (const [name, text] of Object.entries(serviceFolderFiles(i))) write(path.join(folder(w, i), name), text);
      write(path.join(folder(w, i), 'Dockerfile'), serviceText(w, i));
      write(path.join(folder(w, i), 'build.Dockerfile'), heavyText(w, i));
      write(path.join(folder(w, i), '.devcontainer', 'Dockerfile'), devText(w, i));
    }
    for (let c = 0; c < MEMORY_CYCLES; c++) write(cycleFile(w, c), cycleText(w, c));
  }
  const mono = path.join(rootOf('ours'), 'mono');
  write(path.join(mono, 'go.mod'), largeGoMod(3000));
  write(path.join(mono, 'go.sum'), SERVICE_GO_SUM);
  for (let k = 0; k < DEPENDENT_DOCKERFILES; k++) write(path.join(mono, `Dockerfile.svc${k}`), dependentText(k));
  return { root, rootOf, folder, cycleFile, mono };
}

/** Heap after each full collection, read from --trace-gc lines (`Mark-Compact 70.4 (94.4) -> 24.6 (76.1) MB`). */
function heapAfterFullGcs(lines: string[], from: number): number[] {
  const out: number[] = [];
  for (const line of lines.slice(from)) {
    const m = /Mark-Compact[^>]*-> ([\d.]+) \(/.exec(line);
    if (m) out.push(Number(m[1]));
  }
  return out;
}

export async function benchWarm(rounds = 40): Promise<BenchFigure[]> {
  if (!fs.existsSync(OURS)) throw new Error(`${OURS} is missing: npm run build`);
  if (!fs.existsSync(PEER)) throw new Error(`${PEER} is missing: npm ci installs dockerfile-language-server-nodejs`);
  const total = rounds + WARMUP_ROUNDS;
  const ws = makeWorkspace(total);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-warm-cache-'));
  const dx = await dockerLanguageServer();
  const servers = new Map<Who, BenchServer>();
  const notes: BenchFigure[] = [];
  try {
    const start = async (w: Who): Promise<BenchServer> => {
      if (w === 'ours')
        return (
          await startServer({
            command: process.execPath,
            // As the VS Code client starts it (no Node flags), but for --trace-gc: the heap after full collections.
            args: ['--trace-gc', OURS],
            env: { ...process.env, GO_PROXY_DOCTOR_CACHE_DIR: cacheDir },
            rootUri: uriOf(ws.rootOf('ours')),
            keepOutput: true,
          })
        ).server;
      if (w === 'peer') return (await startServer({ command: process.execPath, args: [PEER], rootUri: uriOf(ws.rootOf('peer')) })).server;
      return (await startServer({ command: dx.binary!, args: ['start'], rootUri: uriOf(ws.rootOf('dx')) })).server;
    };
    servers.set('ours', await start('ours'));
    servers.set('peer', await start('peer'));
    if (dx.binary) servers.set('dx', await start('dx'));
    else notes.push({ name: `docker-language-server (not measured: ${dx.reason})`, value: NaN, unit: '' });
    const who = [...servers.keys()];

    const small: Record<string, number[]> = {};
    const heavy: Record<string, number[]> = {};
    const dev: Record<string, number[]> = {};
    for (const w of who) ((small[w] = []), (heavy[w] = []), (dev[w] = []));
    for (let i = 0; i < total; i++) {
      // Rotate who goes first, so none always meets a machine the others just warmed or loaded.
      const order = who.map((_, k) => who[(k + i) % who.length]);
      for (const w of order) {
        const s = servers.get(w)!;
        const servicePath = path.join(ws.folder(w, i), 'Dockerfile');
        const heavyPath = path.join(ws.folder(w, i), 'build.Dockerfile');
        const devPath = path.join(ws.folder(w, i), '.devcontainer', 'Dockerfile');
        const opened = async () => [
          await openAndWait(s, uriOf(servicePath), serviceText(w, i), 'dockerfile'),
          await openAndWait(s, uriOf(heavyPath), heavyText(w, i), 'dockerfile'),
          await openAndWait(s, uriOf(devPath), devText(w, i), 'dockerfile'),
        ];
        const [a, b, c] = await opened().catch((err: unknown) => {
          throw serverFailure(LABEL[w], s, err);
        });
        if (i >= WARMUP_ROUNDS) (small[w].push(a), heavy[w].push(b), dev[w].push(c));
        for (const p of [servicePath, heavyPath, devPath]) s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(p) } });
      }
    }

    const ours = servers.get('ours')!;
    // A closed Dockerfile written on disk (the editor saved it, or git wrote it): its file event, then the time until
    // an open Dockerfile, which reads it as evidence, is re-checked.
    const openPath = path.join(ws.folder('ours', 0), 'Dockerfile');
    await openAndWait(ours, uriOf(openPath), serviceText('ours', 0), 'dockerfile');
    const writtenMs: number[] = [];
    for (let e = 1; e <= 10; e++) {
      const written = path.join(ws.folder('ours', e), 'Dockerfile');
      write(written, `${serviceText('ours', e)}# written ${e}\n`);
      const rechecked = ours.diagnostics(uriOf(openPath));
      const started = performance.now();
      ours.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(written), type: 2 }] });
      await rechecked;
      writtenMs.push(performance.now() - started);
    }
    ours.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(openPath) } });

    // Keystrokes inside a line of the 2,200-line Dockerfile, open in its service folder: one character at a time into an
    // ENV of a stage in the middle. Typed at a person's pace (a key every TYPING_GAP_MS), each keystroke's didChange →
    // the diagnostics of that version; then bursts of BURST_KEYS keys BURST_GAP_MS apart (key repeat), the last key →
    // the diagnostics of its version, which the server sends once the edits pause (QUIET_MS).
    const editedPath = path.join(ws.folder('ours', 0), 'build.Dockerfile');
    const editedText = heavyText('ours', 0);
    await openAndWait(ours, uriOf(editedPath), editedText, 'dockerfile');
    const editLine = editedText.split('\n').findIndex((l, n, all) => n > all.length / 2 && l.startsWith('ENV '));
    let version = 1;
    const typeKey = () =>
      ours.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: uriOf(editedPath), version: ++version },
        contentChanges: [{ range: { start: { line: editLine, character: 4 }, end: { line: editLine, character: 4 } }, text: 'X' }],
      });
    // A hundred keys measured: the mean shows the keystrokes that cost more than the median one (a parse of the whole
    // text, a full collection).
    const keystrokeMs: number[] = [];
    for (let e = 0; e < 105; e++) {
      const rechecked = ours.diagnostics(uriOf(editedPath), undefined, version + 1);
      const started = performance.now();
      await typeKey();
      await rechecked;
      if (e >= 5) keystrokeMs.push(performance.now() - started);
      await sleep(TYPING_GAP_MS - (performance.now() - started));
    }
    const burstMs: number[] = [];
    for (let b = 0; b < 8; b++) {
      for (let k = 1; k < BURST_KEYS; k++) {
        await typeKey();
        await sleep(BURST_GAP_MS);
      }
      const rechecked = ours.diagnostics(uriOf(editedPath), undefined, version + 1);
      const started = performance.now();
      await typeKey();
      await rechecked;
      burstMs.push(performance.now() - started);
      await sleep(TYPING_GAP_MS);
    }
    ours.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(editedPath) } });

    // A 3,000-require go.mod, opened warm.
    const goModMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p = path.join(ws.folder('ours', i), 'go.mod');
      const text = `// round ${i}\n${largeGoMod(3000)}`;
      goModMs.push(await openAndWait(ours, uriOf(p), text, 'go.mod'));
      ours.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(p) } });
    }

    // 200 open Dockerfiles building one go.mod, then an edit of that go.mod: the time until all 200 are re-checked.
    const monoMod = path.join(ws.mono, 'go.mod');
    const dependents: string[] = [];
    for (let k = 0; k < DEPENDENT_DOCKERFILES; k++) {
      const p = path.join(ws.mono, `Dockerfile.svc${k}`);
      await openAndWait(ours, uriOf(p), dependentText(k), 'dockerfile');
      dependents.push(uriOf(p));
    }
    let modText = fs.readFileSync(monoMod, 'utf8');
    await openAndWait(ours, uriOf(monoMod), modText, 'go.mod');
    const recheck: number[] = [];
    for (let e = 0; e < 5; e++) {
      const all = Promise.all(dependents.map((u) => ours.diagnostics(u)));
      const started = performance.now();
      // A keystroke in a version of the first requirement (line 6): every Dockerfile that builds the module is re-checked.
      const line = modText.split('\n')[5];
      const edited = line.replace(/v1\.(\d+)\./, (_, minor: string) => `v1.${Number(minor) + 1}.`);
      modText = modText.replace(line, edited);
      ours.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: uriOf(monoMod), version: e + 2 },
        contentChanges: [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: line.length } }, text: edited }],
      });
      await all;
      recheck.push(performance.now() - started);
    }
    for (const u of [...dependents, uriOf(monoMod)]) ours.conn.sendNotification('textDocument/didClose', { textDocument: { uri: u } });

    const dependentsRss = peakRssMiB(ours.proc.pid!);

    // 100 open/close cycles of the 2,200-line Dockerfile, in a fresh server of each kind (what the phases above left
    // in a process's resident memory is not the cycles'); ours reports its heap after every full GC (after the first
    // 20 cycles, it should stay flat).
    for (const s of servers.values()) await stopServer(s);
    servers.clear();
    const cycleRss: Partial<Record<Who, number>> = {};
    // The heap after each full GC from cycle 20 on, and the cycle each came in: the lowest in the first and the last
    // stretch of cycles is what the server keeps (a collection during an analysis also counts that analysis's own
    // data, which is gone a moment later).
    let heapAfter20: number[] = [];
    let cycleOfGc: number[] = [];
    for (const w of who) {
      const s = await start(w);
      servers.set(w, s);
      let from = 0;
      const gcsBefore: number[] = [];
      for (let c = 0; c < MEMORY_CYCLES; c++) {
        if (w === 'ours' && c === 20) from = s.output.length;
        if (w === 'ours') gcsBefore.push(heapAfterFullGcs(s.output, from).length);
        const p = ws.cycleFile(w, c);
        await openAndWait(s, uriOf(p), cycleText(w, c), 'dockerfile').catch((err) => {
          throw serverFailure(LABEL[w], s, err);
        });
        s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(p) } });
      }
      if (w === 'ours') {
        heapAfter20 = heapAfterFullGcs(s.output, from);
        // The cycle in which each collection came: the last cycle that had seen fewer collections.
        cycleOfGc = heapAfter20.map((_, k) => gcsBefore.reduce((at, n, c) => (n <= k ? c : at), 0));
      }
      cycleRss[w] = await stopServer(s);
      servers.delete(w);
    }

    const m = (xs: number[]) => Number(median(xs).toFixed(1));
    const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
    const figures: BenchFigure[] = [];
    for (const [name, data] of [
      ['26-line Dockerfile', small],
      ['2,200-line Go Dockerfile (200 stages)', heavy],
      ['26-line Dockerfile in .devcontainer (a folder the workspace walk skips)', dev],
    ] as const) {
      for (const w of who) {
        figures.push({
          name: `warm didOpen → diagnostics, ${name} (${LABEL[w]})`,
          value: m(data[w]),
          unit: 'ms',
          ...(w === 'ours' ? { target: `≤ 0.5× ${LABEL.peer} (${(m(data.peer) / 2).toFixed(1)} ms)` } : {}),
        });
      }
      figures.push({ name: `  ratio ours / ${LABEL.peer}, ${name}`, value: ratio(m(data.ours), m(data.peer)), unit: '×', target: '≤ 0.5' });
      if (data.dx) figures.push({ name: `  ratio ours / ${LABEL.dx}, ${name}`, value: ratio(m(data.ours), m(data.dx)), unit: '×', target: '≤ 1' });
    }
    const last = (xs: number[]) => (xs.length ? xs[xs.length - 1] : NaN);
    const lowest = (xs: number[]) => (xs.length ? Math.min(...xs) : NaN);
    figures.push(
      {
        name: 'a closed Dockerfile written on disk (file event) → an open Dockerfile re-checked (ours; includes the 60 ms pause)',
        value: m(writtenMs),
        unit: 'ms',
      },
      {
        name: `a keystroke inside a line of the 2,200-line Dockerfile, a key every ${TYPING_GAP_MS} ms → its diagnostics (ours)`,
        value: m(keystrokeMs),
        unit: 'ms',
        target: '≤ 5 ms',
      },
      {
        name: `  the mean of those ${keystrokeMs.length} keystrokes (the slower ones included)`,
        value: Number((keystrokeMs.reduce((a, b) => a + b, 0) / keystrokeMs.length).toFixed(1)),
        unit: 'ms',
      },
      {
        name: `the last key of a burst (${BURST_KEYS} keys ${BURST_GAP_MS} ms apart) in that Dockerfile → its diagnostics (ours; includes the ${QUIET_MS} ms pause)`,
        value: m(burstMs),
        unit: 'ms',
      },
      { name: 'warm didOpen → diagnostics, 3,000-require go.mod (ours)', value: m(goModMs), unit: 'ms' },
      {
        name: `go.mod edit → ${DEPENDENT_DOCKERFILES} open Dockerfiles that build it re-checked (ours; includes the 60 ms typing pause)`,
        value: m(recheck),
        unit: 'ms',
        target: '≤ 200 ms',
      },
      {
        name: `peak RSS with ${DEPENDENT_DOCKERFILES} open Dockerfiles building a 3,000-require go.mod (ours)`,
        value: Number(dependentsRss.toFixed(1)),
        unit: 'MiB',
      },
      { name: 'heap after full GCs, lowest in cycles 20–59 (ours)', value: lowest(heapAfter20.filter((_, k) => cycleOfGc[k] < 60)), unit: 'MB' },
      {
        name: `heap after full GCs, lowest in cycles 60–${MEMORY_CYCLES - 1} (ours)`,
        value: lowest(heapAfter20.filter((_, k) => cycleOfGc[k] >= 60)),
        unit: 'MB',
        target: 'flat',
      },
      { name: `heap after the last full GC of the ${MEMORY_CYCLES} cycles (ours)`, value: last(heapAfter20), unit: 'MB' },
      ...who.map((w) => ({
        name: `peak RSS over ${MEMORY_CYCLES} open/close cycles of the 2,200-line Dockerfile (${LABEL[w]})`,
        value: Number(cycleRss[w]!.toFixed(1)),
        unit: 'MiB',
        ...(w === 'ours' ? { target: '≤ 70 MiB' } : {}),
      })),
      ...notes,
    );
    return figures;
  } finally {
    for (const s of servers.values()) await stopServer(s).catch(() => undefined);
    fs.rmSync(ws.root, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchWarm().then((figures) => console.table(figures));
}
