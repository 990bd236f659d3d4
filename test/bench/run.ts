// `npm run bench`: every benchmark in one run, printed as a table and written to .bench/results.json.
//   - the language server against dockerfile-language-server-nodejs, cold: a fresh server per round (lsp.bench.ts);
//   - warm: one long-running server of each kind over many documents, with docker-language-server too (warm.bench.ts);
//   - server-side analysis of a 2,000-line Dockerfile, and re-analysis after a one-line edit (in process), and how
//     analysis time grows with file size, nesting depth, FROM chain length and variable count (scaling.bench.ts),
//     and what a file saved, a compose keystroke, a new file and a skipped folder's Dockerfile cost in workspaces of
//     100 and 1,000 services (workspaceEvents.bench.ts);
//   - the .vsix size, and the extension's activation time in code-server (e2e harness, when set up);
//   - the mirror health probe cycle and memory (health.bench.ts), the container command's overhead
//     (container.bench.ts, needs the Docker engine from scripts/docker-setup.sh).
// A part whose prerequisite is missing is reported as not measured, with the reason; it does not stop the rest.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { AnalysisRequest } from '../../server/src/core/request';
import { largeDockerfile, largeGoMod } from './documents';
import { benchLsp, type BenchFigure } from './lsp.bench';
import { benchWarm } from './warm.bench';
import { benchHealth } from './health.bench';
import { benchContainer } from './container.bench';
import { benchScaling } from './scaling.bench';
import { benchWorkspaceEvents } from './workspaceEvents.bench';

const ROOT = path.resolve(__dirname, '..', '..');

// Wall-clock time of the synchronous analysis call: what the server spends before it can publish. (Process CPU
// time would add V8's background GC and compiler threads, which run beside the analysis, not in its way.)
const nowMs = () => performance.now();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The analysis core bundled and minified like dist/server.js, so the figures are those of the shipped code. */
function shippedAnalysis(): typeof import('./analysisEntry') {
  const outfile = path.join(ROOT, '.bench', 'analysis.js');
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, 'analysisEntry.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    logLevel: 'warning',
  });
  return require(outfile);
}

/** Time of one full analysis, median of many after a warm-up (the server's steady state). */
function benchAnalysis(): BenchFigure[] {
  const shipped = shippedAnalysis();
  const { analyze, analyzeContext, AnalysisContext, DEFAULT_SETTINGS } = shipped;
  const text = largeDockerfile(2000);
  const goMod = largeGoMod(200);
  const request = (t: string): AnalysisRequest => ({
    file: { uri: 'file:///bench/Dockerfile', text: t },
    kind: 'dockerfile',
    related: { goMod: { uri: 'file:///bench/go.mod', text: goMod } },
    settings: DEFAULT_SETTINGS,
    locale: 'en',
  });
  for (let i = 0; i < 30; i++) analyze(request(text));
  const full: number[] = [];
  for (let i = 0; i < 40; i++) {
    const started = nowMs();
    analyze(request(text));
    full.push(nowMs() - started);
  }
  // Edits as typing produces them, analysed as the server does: with the previous analysis of the document,
  // whose unchanged instructions and stages are reused.
  const edited = (edit: (lines: string[], i: number) => void) => {
    const lines = text.split('\n');
    let previous = new AnalysisContext(request(text));
    analyzeContext(previous);
    const samples: number[] = [];
    for (let i = 0; i < 80; i++) {
      edit(lines, i);
      const next = new AnalysisContext(request(lines.join('\n')), previous);
      const started = nowMs();
      analyzeContext(next);
      const spent = nowMs() - started;
      next.releasePrevious();
      previous = next;
      if (i >= 20) samples.push(spent);
    }
    return Number(median(samples).toFixed(2));
  };
  // A keystroke inside a line in the middle of the file.
  const inLine = edited((lines, i) => (lines[1000] = `ENV GOPROXY=https://goproxy.cn,direct GOFLAGS=-mod=mod${' '.repeat(i % 7)}`));
  // A line inserted (Enter) or removed in the middle: everything below moves, so it is parsed again.
  const newLine = edited((lines, i) => (i % 2 ? lines.splice(1000, 1) : lines.splice(1000, 0, 'ENV CGO_ENABLED=0')));
  return [
    { name: 'analysis of a 2,000-line Dockerfile, server side', value: Number(median(full).toFixed(2)), unit: 'ms', target: '< 20 ms' },
    { name: 're-analysis after an edit inside a line (the analysis alone: the warm bench times the keystroke)', value: inLine, unit: 'ms' },
    { name: 're-analysis after inserting or deleting a line', value: newLine, unit: 'ms' },
    // Hostile shapes, each grown in one dimension (scaling.bench.ts).
    ...benchScaling(analyze),
    // The workspace's events in large workspaces.
    ...benchWorkspaceEvents(shipped),
  ];
}

function benchVsix(): BenchFigure[] {
  const vsix = path.join(ROOT, 'go-proxy-doctor.vsix');
  if (!fs.existsSync(vsix)) return [{ name: '.vsix size (not measured: run npm run package)', value: NaN, unit: 'KiB' }];
  return [{ name: '.vsix size', value: Math.round(fs.statSync(vsix).size / 1024), unit: 'KiB', target: '≤ 1024 KiB' }];
}

async function benchActivation(): Promise<BenchFigure[]> {
  const vsix = path.join(ROOT, 'go-proxy-doctor.vsix');
  try {
    // Loaded only here: it pulls in playwright-core.
    const { withEditor } = require('../e2e/harness') as typeof import('../e2e/harness');
    if (!fs.existsSync(vsix)) throw new Error('no .vsix (npm run package)');
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      samples.push(
        await withEditor({ files: { Dockerfile: 'FROM golang:1.22\nRUN go mod download\n' }, name: 'bench-activation' }, async (editor) => {
          await editor.openFile('Dockerfile');
          return editor.activationMs();
        }),
      );
    }
    return [{ name: 'extension activation in code-server (activate())', value: Number(median(samples).toFixed(1)), unit: 'ms', target: '< 50 ms' }];
  } catch (err) {
    return [{ name: `extension activation (not measured: ${String((err as Error).message ?? err).split('\n')[0]})`, value: NaN, unit: 'ms' }];
  }
}

// `npm run bench -- analysis lsp` runs only the named parts (and writes only their figures).
const PARTS = ['lsp', 'warm', 'analysis', 'package', 'activation', 'health', 'container'] as const;
const only = process.argv.slice(2);
const unknown = only.filter((p) => !(PARTS as readonly string[]).includes(p));
if (unknown.length) throw new Error(`unknown bench part(s) ${unknown.join(', ')}: choose from ${PARTS.join(', ')}`);

async function part(key: (typeof PARTS)[number], name: string, run: () => Promise<BenchFigure[]> | BenchFigure[]): Promise<BenchFigure[]> {
  if (only.length && !only.includes(key)) return [];
  process.stderr.write(`bench: ${name}…\n`);
  try {
    return await run();
  } catch (err) {
    process.stderr.write(`bench: ${name} not measured: ${(err as Error)?.stack ?? String(err)}\n`);
    return [{ name: `${name} (not measured: ${String((err as Error).message ?? err).split('\n')[0]})`, value: NaN, unit: '' }];
  }
}

async function main(): Promise<void> {
  const figures: BenchFigure[] = [];
  figures.push(...(await part('lsp', 'language servers', () => benchLsp())));
  figures.push(...(await part('warm', 'warm language servers', () => benchWarm())));
  figures.push(...(await part('analysis', 'analysis', benchAnalysis)));
  figures.push(...(await part('package', 'package', benchVsix)));
  figures.push(...(await part('activation', 'activation', benchActivation)));
  figures.push(...(await part('health', 'mirror health', benchHealth)));
  figures.push(...(await part('container', 'container command', benchContainer)));
  console.table(figures.map((f) => ({ benchmark: f.name, value: Number.isNaN(f.value) ? '—' : f.value, unit: f.unit, target: f.target ?? '' })));
  fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
  const out = { date: new Date().toISOString(), node: process.version, cpus: require('node:os').cpus().length, figures };
  fs.writeFileSync(path.join(ROOT, '.bench', only.length ? `results-${only.join('-')}.json` : 'results.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(`written to .bench/${only.length ? `results-${only.join('-')}.json` : 'results.json'}`);
}

void main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
