// Mirror health benchmarks on loopback Go module proxies: (1) a probe cycle over 8 mirrors of different latencies
// costs little more than the slowest mirror (probes really run concurrently); (2) memory stays flat over 10,000 probes.
// Alone: `node --import tsx test/bench/health.bench.ts` (add --expose-gc to force collections between readings).
import { HealthMonitor, type MonitoredMirror } from '../../client/src/health/monitor';
import { makeModule } from '../support/goproxy/fixtureModules';
import { startGoProxy, type GoProxy } from '../support/goproxy/server';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const LATENCIES_MS = [5, 10, 20, 30, 40, 50, 60, 80];
const CYCLES = 15;
const OVERHEAD_TARGET_MS = 10;
const MEMORY_PROBES = 10_000;
const HEAP_TARGET_KIB = 2048;

async function startMirrors(latencies: number[]): Promise<GoProxy[]> {
  return Promise.all(
    latencies.map(async (ms) => {
      const proxy = await startGoProxy({ behaviour: ms > 0 ? { slowFirstByte: ms } : 'healthy' });
      proxy.addModule(makeModule('github.com/google/uuid', 'v1.6.0'));
      return proxy;
    }),
  );
}

function monitorOf(proxies: GoProxy[]): HealthMonitor {
  // A long interval: only recheckNow probes, so each cycle is measured alone.
  const monitor = new HealthMonitor({ intervalMs: 3_600_000, timeoutMs: 5000 });
  const mirrors: MonitoredMirror[] = proxies.map((p) => ({ url: p.url, probeUrl: p.url }));
  monitor.setMirrors(mirrors);
  return monitor;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Overhead of one recheck cycle beyond the slowest mirror's latency, median over CYCLES cycles. */
async function benchCycle(): Promise<BenchFigure[]> {
  const proxies = await startMirrors(LATENCIES_MS);
  const monitor = monitorOf(proxies);
  try {
    await monitor.recheckNow(); // joins the first probes and warms up
    const overheads: number[] = [];
    for (let i = 0; i < CYCLES; i++) {
      const start = performance.now();
      await monitor.recheckNow();
      overheads.push(performance.now() - start - Math.max(...LATENCIES_MS));
      if (monitor.snapshot().some((s) => s.last?.state !== 'ok')) throw new Error('a loopback mirror failed during the benchmark');
    }
    return [
      {
        name: `probe cycle over ${proxies.length} mirrors (slowest ${Math.max(...LATENCIES_MS)} ms): overhead, median of ${CYCLES}`,
        value: round(median(overheads)),
        unit: 'ms',
        target: `<= ${OVERHEAD_TARGET_MS} ms`,
      },
      { name: 'probe cycle overhead, worst cycle', value: round(Math.max(...overheads)), unit: 'ms' },
    ];
  } finally {
    monitor.dispose();
    await Promise.all(proxies.map((p) => p.close()));
  }
}

/** Heap after 10,000 probes (8 mirrors × 1,250 cycles) against the heap after a warm-up. */
async function benchMemory(): Promise<BenchFigure[]> {
  const proxies = await startMirrors(LATENCIES_MS.map(() => 0));
  const monitor = monitorOf(proxies);
  const gc = (globalThis as { gc?: () => void }).gc;
  const heapUsed = async () => {
    if (gc) for (let i = 0; i < 3; i++) (gc(), await new Promise((r) => setImmediate(r)));
    return process.memoryUsage().heapUsed;
  };
  try {
    // The loopback servers record every request: forget them so only the client side is measured.
    const cycle = async () => {
      await monitor.recheckNow();
      for (const p of proxies) p.requests.length = 0;
    };
    for (let i = 0; i < 300; i++) await cycle(); // fill the 50-entry histories, warm up the JIT and caches
    const before = await heapUsed();
    const start = performance.now();
    for (let i = 0; i < MEMORY_PROBES / proxies.length; i++) await cycle();
    const seconds = (performance.now() - start) / 1000;
    const growthKiB = ((await heapUsed()) - before) / 1024;
    const held = monitor.snapshot().reduce((n, s) => n + s.history.length, 0);
    return [
      {
        name: `heap growth over ${MEMORY_PROBES.toLocaleString('en')} probes${gc ? '' : ' (no --expose-gc: not forced)'}`,
        value: round(growthKiB),
        unit: 'KiB',
        target: `< ${HEAP_TARGET_KIB} KiB`,
      },
      { name: 'probe throughput (8 concurrent loopback mirrors)', value: Math.round(MEMORY_PROBES / seconds), unit: 'probes/s' },
      { name: 'results held by the monitor', value: held, unit: 'results', target: `<= ${50 * proxies.length}` },
    ];
  } finally {
    monitor.dispose();
    await Promise.all(proxies.map((p) => p.close()));
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export async function benchHealth(): Promise<BenchFigure[]> {
  return [...(await benchCycle()), ...(await benchMemory())];
}

if (require.main === module) {
  benchHealth().then(
    (figures) => console.table(figures.map((f) => ({ benchmark: f.name, value: f.value, unit: f.unit, target: f.target ?? '' }))),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
