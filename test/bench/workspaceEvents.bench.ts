// What the most frequent events of a working day cost the server in a workspace of many services, in process with
// the shipped code: a file saved on disk (its file event), a keystroke in one compose file, a file that came (the
// folders are walked again), opening a Dockerfile in another service folder, and opening a Dockerfile in a folder the
// walk skips (.devcontainer). Each is followed by the analysis of an open Dockerfile, as the server runs it next; the
// figure is the event and that analysis together.
// Every folder holds a Dockerfile, go.mod, go.sum, compose.yaml and .devcontainer/Dockerfile; no two folders' compose
// files or Dockerfiles are the same text.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchFigure } from './lsp.bench';
import { SERVICE_DOCKERFILE, serviceFolderFiles } from './documents';
import { median } from './lspClient';

type Shipped = typeof import('./analysisEntry');

const ROUNDS = 60;
const WARMUP = 5;

function makeFolders(root: string, folders: number): void {
  const write = (p: string, text: string) => (fs.mkdirSync(path.dirname(p), { recursive: true }), fs.writeFileSync(p, text));
  for (let i = 0; i < folders; i++) {
    const dir = path.join(root, `svc${i}`);
    write(path.join(dir, 'go.mod'), `module git.corp.example.com/svc${i}\n\ngo 1.23\n\nrequire github.com/google/uuid v1.6.0\n`);
    write(path.join(dir, 'go.sum'), '');
    write(path.join(dir, 'compose.yaml'), serviceFolderFiles(i)['compose.yaml']);
    write(path.join(dir, 'Dockerfile'), `# service ${i}\n${SERVICE_DOCKERFILE}`);
    write(path.join(dir, '.devcontainer', 'Dockerfile'), `# dev container ${i}\n${SERVICE_DOCKERFILE}`);
  }
}

function eventsIn(shipped: Shipped, folders: number): BenchFigure[] {
  const { Workspace, AnalysisContext, analyzeContext, DEFAULT_SETTINGS } = shipped;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-ws-events-'));
  try {
    makeFolders(root, folders);
    const open = new Map<string, string>();
    const ws = new Workspace([root], (uri) => open.get(uri));
    ws.fileEvents(true);
    const uriOf = (p: string) => `file://${p}`;
    const analyse = (p: string) => {
      const text = open.get(uriOf(p)) ?? '';
      analyzeContext(new AnalysisContext(ws.request({ uri: uriOf(p), text }, 'dockerfile', DEFAULT_SETTINGS, 'en', [p])));
    };
    const openDockerfile = path.join(root, 'svc0', 'Dockerfile');
    open.set(uriOf(openDockerfile), SERVICE_DOCKERFILE);
    ws.opened(openDockerfile);
    analyse(openDockerfile);
    const time = (event: (round: number) => string): number => {
      const samples: number[] = [];
      for (let r = 0; r < ROUNDS + WARMUP; r++) {
        const started = performance.now();
        analyse(event(r));
        if (r >= WARMUP) samples.push(performance.now() - started);
      }
      return Number(median(samples).toFixed(2));
    };
    // The most frequent event of all: a keystroke in the open Dockerfile (incremental analysis aside: a new context).
    const keystroke = time((r) => {
      open.set(uriOf(openDockerfile), `${SERVICE_DOCKERFILE}# typed ${r}\n`);
      ws.edited(openDockerfile);
      return openDockerfile;
    });
    const other = (r: number, name: string) => path.join(root, `svc${1 + (r % (folders - 1))}`, name);
    const saved = time((r) => {
      const p = other(r, 'Dockerfile');
      fs.writeFileSync(p, `${SERVICE_DOCKERFILE}# saved ${r}\n`);
      ws.written(p);
      return openDockerfile;
    });
    const compose = path.join(root, 'svc1', 'compose.yaml');
    const composeText = serviceFolderFiles(1)['compose.yaml'];
    open.set(uriOf(compose), composeText);
    ws.opened(compose);
    const typed = time((r) => {
      open.set(uriOf(compose), `${composeText}# typed ${r}\n`);
      ws.edited(compose);
      ws.textChanged(compose);
      return openDockerfile;
    });
    open.delete(uriOf(compose));
    ws.edited(compose);
    const came = time((r) => {
      const p = other(r, `came${r}.Dockerfile`);
      fs.writeFileSync(p, SERVICE_DOCKERFILE);
      ws.invalidate(p);
      return openDockerfile;
    });
    // Opening a Dockerfile in another service folder (each round a folder not opened before), the one before closed.
    let previous: string | undefined;
    const otherFolder = time((r) => {
      if (previous) (open.delete(uriOf(previous)), ws.closed(previous));
      const p = (previous = other(r, 'Dockerfile'));
      open.set(uriOf(p), `# round ${r}\n${SERVICE_DOCKERFILE}`);
      ws.edited(p);
      ws.opened(p);
      return p;
    });
    if (previous) (open.delete(uriOf(previous)), ws.closed(previous));
    const devcontainer = time((r) => {
      const p = other(r, path.join('.devcontainer', 'Dockerfile'));
      open.set(uriOf(p), `# round ${r}\n${SERVICE_DOCKERFILE}`);
      ws.edited(p);
      ws.opened(p);
      return p;
    });
    const at = `${folders.toLocaleString('en')} service folders`;
    return [
      { name: `workspace of ${at}: a keystroke in an open Dockerfile + its analysis`, value: keystroke, unit: 'ms' },
      { name: `workspace of ${at}: a closed Dockerfile saved (file event) + an open Dockerfile's analysis`, value: saved, unit: 'ms' },
      { name: `workspace of ${at}: a keystroke in one compose file + an open Dockerfile's analysis`, value: typed, unit: 'ms' },
      { name: `workspace of ${at}: a Dockerfile that came (folders walked again) + an open Dockerfile's analysis`, value: came, unit: 'ms' },
      { name: `workspace of ${at}: opening a Dockerfile in another service folder + its analysis`, value: otherFolder, unit: 'ms' },
      { name: `workspace of ${at}: opening a .devcontainer/Dockerfile + its analysis`, value: devcontainer, unit: 'ms' },
    ];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export function benchWorkspaceEvents(shipped: Shipped): BenchFigure[] {
  return [...eventsIn(shipped, 100), ...eventsIn(shipped, 1000)];
}
