// Overhead of runPlan (env file, argument building, streamed parsing, report) over the same
// `docker run … go mod download` typed by hand and spawned directly. Both start from an empty module cache
// (a tmpfs), against the same loopback proxy. Runs alternate, and the overhead is the median of the paired
// differences over the hand-typed median, so load from other processes hits both sides equally.
// Needs the engine and image of scripts/docker-setup.sh. Run alone: npx tsx test/bench/container.bench.ts
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlan } from '../../client/src/container/runner';
import type { RunOptions } from '../../client/src/container/plan';
import type { ContainerPlan } from '../../server/src/protocol';
import { GREET, UPPER, writeConsumer } from '../support/goproxy/fixtureModules';
import { startGoProxy } from '../support/goproxy/server';
import { requireEngine, TEST_IMAGE } from '../container/support';

/** Same shape as the other benchmarks' figures (test/bench/health.bench.ts). */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const OVERHEAD_TARGET_PERCENT = 10;

const RUNS = 9;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function handTyped(dir: string, env: Record<string, string>): Promise<number> {
  const args = ['run', '--rm', '--network', 'host', ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`])];
  args.push('-v', `${dir}:/src:ro`, '--mount', 'type=tmpfs,destination=/go/pkg/mod', TEST_IMAGE);
  args.push('sh', '-c', 'mkdir /tmp/w && cp /src/go.mod /src/go.sum /tmp/w && cd /tmp/w && go mod download -x -json');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    // Read the output as a person's terminal would, without interpreting it.
    child.stdout.on('data', () => undefined);
    child.stderr.on('data', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`hand-typed docker run exited ${code}`))));
  });
}

export async function benchContainer(): Promise<BenchResult[]> {
  await requireEngine();
  const proxy = await startGoProxy();
  const dir = await mkdtemp(join(tmpdir(), 'gpd-bench-'));
  try {
    await writeConsumer(dir, [GREET, UPPER]);
    const env = { GOPROXY: proxy.url, GOSUMDB: 'off', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' };
    const plan: ContainerPlan = { moduleDir: dir, image: TEST_IMAGE, env, notes: [] };
    let n = 0;
    const ours = async () => {
      const opts: RunOptions = {
        runtime: 'docker',
        network: 'host',
        timeoutSeconds: 60,
        name: `gpd-bench-${process.pid}-${++n}`,
        label: `go-proxy-doctor.bench=${process.pid}`,
      };
      const started = performance.now();
      const r = await runPlan(plan, opts, { onLog: () => undefined, onProgress: () => undefined, signal: new AbortController().signal });
      if (!r.report.ok) throw new Error(`runPlan failed: ${JSON.stringify(r.report.failures)}`);
      return performance.now() - started;
    };
    await handTyped(dir, env); // warm-up: page cache, image layers
    await ours();
    const hand: number[] = [];
    const plan_: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      hand.push(await handTyped(dir, env));
      plan_.push(await ours());
    }
    const h = median(hand);
    const p = median(plan_);
    const paired = median(plan_.map((x, i) => x - hand[i]!));
    return [
      {
        name: 'container: runPlan overhead over hand-typed docker run (median of paired differences)',
        value: Math.round((paired / h) * 1000) / 10,
        unit: '%',
        target: `< ${OVERHEAD_TARGET_PERCENT} %`,
      },
      { name: `container: runPlan, 3 modules, empty cache (median of ${RUNS})`, value: Math.round(p), unit: 'ms' },
      { name: `container: hand-typed docker run, 3 modules, empty cache (median of ${RUNS})`, value: Math.round(h), unit: 'ms' },
    ];
  } finally {
    await proxy.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchContainer().then(
    (results) => console.table(results),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
