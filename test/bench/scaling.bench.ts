// "Analysis scaling": the analysis time of each hostile shape at sizes N, 2N, 4N and 8N, and the growth per doubling
// ((t8N / tN)^(1/3)): about 2 when the analysis is linear in that dimension, 4 when it is quadratic.
import type { AnalysisRequest } from '../../server/src/core/request';
import type { BenchFigure } from './lsp.bench';
import { nestedDefault, oneLongStage, repeatedStages, stageChain } from './documents';

type Analyze = (req: AnalysisRequest) => unknown[];

interface Shape {
  name: string;
  unit: string;
  base: number;
  make: (n: number) => string;
}

const SHAPES: Shape[] = [
  { name: 'file size (stage + ENV + download repeated)', unit: 'KiB', base: 96, make: (kib) => repeatedStages(kib * 1024) },
  { name: 'nesting depth of ${A:-…}', unit: 'levels', base: 2500, make: nestedDefault },
  { name: 'FROM chain length', unit: 'stages', base: 500, make: (n) => stageChain(n) },
  { name: 'variables in one stage (ENV + download each)', unit: 'pairs', base: 1000, make: oneLongStage },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median wall-clock time of analysing `text` (after one warm-up), garbage collected before each run. */
function timeOf(analyze: Analyze, text: string, runs: number): number {
  const req: AnalysisRequest = {
    file: { uri: 'file:///bench/Dockerfile', text },
    kind: 'dockerfile',
    related: {},
    settings: { defaultProxy: '', privatePatterns: [], severity: {}, rulesOff: [], health: [], mirrors: [], buildArgs: {} },
    locale: 'en',
  };
  const gc = (globalThis as { gc?: () => void }).gc;
  analyze(req);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc?.();
    const started = performance.now();
    analyze(req);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

export function benchScaling(analyze: Analyze): BenchFigure[] {
  const figures: BenchFigure[] = [];
  for (const shape of SHAPES) {
    const times = [1, 2, 4, 8].map((k) => timeOf(analyze, shape.make(shape.base * k), k >= 4 ? 3 : 5));
    times.forEach((t, i) =>
      figures.push({
        name: `analysis scaling, ${shape.name}: ${(shape.base << i).toLocaleString('en')} ${shape.unit}`,
        value: Number(t.toFixed(1)),
        unit: 'ms',
      }),
    );
    const perDoubling = Math.cbrt(times[3] / times[0]);
    figures.push({ name: `analysis scaling, ${shape.name}: growth per doubling`, value: Number(perDoubling.toFixed(2)), unit: '×', target: '≈ 2 (linear)' });
  }
  return figures;
}
