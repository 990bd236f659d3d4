// `npm run bench`: every benchmark in one run, printed as a table and written to .bench/results.json.
//   - the language server against dockerfile-language-server-nodejs (lsp.bench.ts);
//   - server-side analysis of a 2,000-line Dockerfile, and re-analysis after a one-line edit (in process);
//   - the .vsix size, and the extension's activation time in code-server (e2e harness, when set up);
//   - the mirror health probe cycle and memory (health.bench.ts), the container command's overhead
//     (container.bench.ts, needs the Docker engine from scripts/docker-setup.sh).
// A part whose prerequisite is missing is reported as not measured, with the reason; it does not stop the rest.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import type { AnalysisRequest } from '../../server/src/core/request';
import { largeDockerfile, largeGoMod } from './documents';
import { benchLsp, type BenchFigure } from './lsp.bench';
import { benchHealth } from './health.bench';
import { benchContainer } from './container.bench';

const ROOT = path.resolve(__dirname, '..', '..');

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** CPU time of one full analysis, median of many after a warm-up (the server's steady state). */
function benchAnalysis(): BenchFigure[] {
  const text = largeDockerfile(2000);
  const request = (t: string): AnalysisRequest => ({ file: { uri: 'file:///bench/Dockerfile', text: t }, kind: 'dockerfile', related: { goMod: { uri: 'file:///bench/go.mod', text: largeGoMod(200) } }, settings: DEFAULT_SETTINGS, locale: 'en' });
  for (let i = 0; i < 30; i++) analyze(request(text));
  const full: number[] = [];
  for (let i = 0; i < 40; i++) {
    const started = cpuMs();
    analyze(request(text));
    full.push(cpuMs() - started);
  }
  // A one-line edit in the middle of the file, as typing produces it.
  const lines = text.split('\n');
  const edits: number[] = [];
  for (let i = 0; i < 40; i++) {
    lines[1000] = `ENV GOPROXY=https://goproxy.cn,direct GOFLAGS=-mod=mod${i % 2 ? ' ' : ''}`;
    const edited = lines.join('\n');
    const started = cpuMs();
    analyze(request(edited));
    edits.push(cpuMs() - started);
  }
  return [
    { name: 'analysis of a 2,000-line Dockerfile, server side (CPU)', value: Number(median(full).toFixed(2)), unit: 'ms', target: '< 20 ms' },
    { name: 're-analysis after a one-line edit (CPU)', value: Number(median(edits).toFixed(2)), unit: 'ms', target: '< 5 ms (or only what changed)' },
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
      samples.push(await withEditor({ files: { Dockerfile: 'FROM golang:1.22\nRUN go mod download\n' }, name: 'bench-activation' }, async (editor) => {
        await editor.openFile('Dockerfile');
        return editor.activationMs();
      }));
    }
    return [{ name: 'extension activation in code-server (activate())', value: Number(median(samples).toFixed(1)), unit: 'ms', target: '< 50 ms' }];
  } catch (err) {
    return [{ name: `extension activation (not measured: ${String((err as Error).message ?? err).split('\n')[0]})`, value: NaN, unit: 'ms' }];
  }
}

async function part(name: string, run: () => Promise<BenchFigure[]> | BenchFigure[]): Promise<BenchFigure[]> {
  process.stderr.write(`bench: ${name}…\n`);
  try {
    return await run();
  } catch (err) {
    return [{ name: `${name} (not measured: ${String((err as Error).message ?? err).split('\n')[0]})`, value: NaN, unit: '' }];
  }
}

async function main(): Promise<void> {
  const figures: BenchFigure[] = [];
  figures.push(...(await part('language servers', () => benchLsp())));
  figures.push(...(await part('analysis', benchAnalysis)));
  figures.push(...(await part('package', benchVsix)));
  figures.push(...(await part('activation', benchActivation)));
  figures.push(...(await part('mirror health', benchHealth)));
  figures.push(...(await part('container command', benchContainer)));
  console.table(figures.map((f) => ({ benchmark: f.name, value: Number.isNaN(f.value) ? '—' : f.value, unit: f.unit, target: f.target ?? '' })));
  fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
  const out = { date: new Date().toISOString(), node: process.version, cpus: require('node:os').cpus().length, figures };
  fs.writeFileSync(path.join(ROOT, '.bench', 'results.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(`written to .bench/results.json`);
}

void main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
