// GOFLAGS shapes through the real go command and through our analysis. Each shape runs `go mod download` and
// `go build` in a module requiring one module that a loopback proxy serves (fresh module cache per run); we record
// go's exit status, the first line of its stderr and whether it asked the proxy. The same value in `ENV GOFLAGS=…`
// of a Dockerfile running both commands must give goflags-invalid exactly when go rejects the value, quoting go's
// words; and the timeline's `downloads` must say what go did with the flags it accepted (`-mod=vendor` stops
// `go build`, not `go mod download`). Also the table of known flag names, against go itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { goEnv, goCommand, makeGoRoot, removeGoRoot, runGo, type GoResult } from '../support/goproxy/runGo';
import { startGoProxy } from '../support/goproxy/server';
import { startConnectRecorder, type ConnectRecorder } from '../support/goproxy/httpsConnectRecorder';
import { HELLO, writeConsumer } from '../support/goproxy/fixtureModules';
import { analyzeDockerfile, only } from '../support/analysisHarness';
import { AnalysisContext } from '../../server/src/model/context';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { DOCKERFILE_URI, GOMOD_URI } from '../support/analysisHarness';
import { goflagsProblem, KNOWN_GOFLAGS } from '../../server/src/goenv/goflags';

let root: string;
let app: string;
let recorder: ConnectRecorder;
let n = 0;
let goMod: string;

before(async () => {
  root = await makeGoRoot('gpd-gocmd-goflags-');
  app = join(root, 'work', 'app');
  await writeConsumer(app, [HELLO]);
  goMod = await readFile(join(app, 'go.mod'), 'utf8');
  recorder = await startConnectRecorder();
});
after(async () => {
  await recorder?.close();
  await removeGoRoot(root);
});

interface Run {
  go: GoResult;
  firstLine: string;
  askedProxy: boolean;
}

/** One go run against a proxy of its own (runs go on in parallel), with a fresh module cache. */
async function run(args: string[], GOFLAGS: string): Promise<Run> {
  const own = await startGoProxy({ modules: [HELLO] });
  try {
    const env = goEnv({ root, recorderUrl: recorder.url, GOPROXY: own.url, GOFLAGS, GOMODCACHE: join(root, `modcache-${++n}`) });
    const go = await runGo(args, { cwd: app, env, timeoutMs: 60_000 });
    // -modcacherw is not in every shape: make the cache removable whatever go did.
    await runGo(['clean', '-modcache'], { cwd: root, env: { ...env, GOFLAGS: '' }, timeoutMs: 60_000 });
    return { go, firstLine: go.stderr.split('\n')[0] ?? '', askedProxy: own.requests.some((q) => q.module === HELLO.path) };
  } finally {
    await own.close();
  }
}

/** The Dockerfile running both commands with this GOFLAGS. */
function dockerfile(value: string, extra = ''): string {
  const quoted = value.includes('"') ? `'${value}'` : `"${value}"`;
  return `FROM golang:1.26\nENV GOFLAGS=${quoted}\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build ./...\n${extra}`;
}

function timelineDownloads(text: string): boolean[] {
  const ctx = new AnalysisContext({
    file: { uri: DOCKERFILE_URI, text },
    kind: 'dockerfile',
    related: { goMod: { uri: GOMOD_URI, text: goMod } },
    settings: DEFAULT_SETTINGS,
    locale: 'en',
  });
  return ctx.dockerfile!.timeline.stages.flatMap((st) => st.goSteps).map((s) => s.downloads);
}

const SHAPES = [
  '',
  '-mod=mod',
  '-mod=mod -modcacherw',
  '"-ldflags=-s -w" -trimpath',
  '-insecure',
  '-mod=vendor',
  '-i',
  '-test.v',
  '-vettool=/x',
  '--json',
  'mod=mod',
  '-mod mod',
  '-trimpath mod=mod',
  "'-x",
  '"-mod=mod',
  "-trimpath '-ldflags=-s",
  '-frobnicate',
  '--frobnicate=1',
  '-trimpath -frobnicate mod=mod',
  'mod=mod -frobnicate',
  '-',
  '--',
  '-=x',
  "''",
];

describe('GOFLAGS: what go rejects, and what we say', { concurrency: 4 }, () => {
  for (const shape of SHAPES) {
    test(`GOFLAGS=${JSON.stringify(shape)}`, async () => {
      const [download, build] = await Promise.all([run(['mod', 'download'], shape), run(['build', './...'], shape)]);
      const problem = goflagsProblem(shape);
      const findings = only(analyzeDockerfile({ dockerfile: dockerfile(shape), goMod }), 'goflags-invalid');
      for (const [name, r] of [
        ['go mod download', download],
        ['go build', build],
      ] as const) {
        const shown = `${name}: exit ${r.go.code}\n${r.go.stderr}`;
        if (problem) {
          assert.notEqual(r.go.code, 0, shown);
          assert.equal(r.firstLine, problem.message, shown);
          assert.equal(r.askedProxy, false, 'go stops before any download');
        } else {
          assert.ok(!r.go.stderr.includes('$GOFLAGS'), shown);
        }
      }
      if (problem) {
        assert.equal(findings.length, 1);
        assert.equal(findings[0]!.severity, 'error');
        assert.ok(findings[0]!.message.includes(`("${problem.message}")`), findings[0]!.message);
      } else {
        assert.deepEqual(
          findings.map((f) => f.message),
          [],
        );
        // Accepted flags: the timeline's `downloads` is what go did (a fresh cache each time).
        assert.deepEqual(
          timelineDownloads(dockerfile(shape)),
          [download.askedProxy, build.askedProxy],
          `mod download: ${download.go.stderr}\nbuild: ${build.go.stderr}`,
        );
      }
    });
  }

  test('-mod=vendor: go mod download ignores it and downloads; go build does not download', async () => {
    const [download, build] = await Promise.all([run(['mod', 'download'], '-mod=vendor'), run(['build', './...'], '-mod=vendor')]);
    assert.equal(download.go.code, 0, download.go.stderr);
    assert.ok(download.askedProxy);
    assert.notEqual(build.go.code, 0);
    assert.equal(build.askedProxy, false, build.go.stderr);
    assert.deepEqual(timelineDownloads(dockerfile('-mod=vendor')), [true, false]);
  });

  test('-insecure: go mod download and go build ignore it, go get fails with the words goflags-insecure quotes', async () => {
    const [download, build, get] = await Promise.all([
      run(['mod', 'download'], '-insecure'),
      run(['build', './...'], '-insecure'),
      run(['get', `${HELLO.path}@v1.0.0`], '-insecure'),
    ]);
    assert.equal(download.go.code, 0, download.go.stderr);
    assert.equal(build.go.code, 0, build.go.stderr);
    assert.notEqual(get.go.code, 0);
    assert.equal(get.askedProxy, false);
    const [quiet] = only(analyzeDockerfile({ dockerfile: dockerfile('-insecure'), goMod }), 'goflags-insecure');
    assert.equal(quiet!.severity, 'warning');
    const [loud] = only(analyzeDockerfile({ dockerfile: dockerfile('-insecure', `RUN go get ${HELLO.path}@v1.0.0\n`), goMod }), 'goflags-insecure');
    assert.equal(loud!.severity, 'error');
    assert.ok(loud!.message.includes(`"${get.firstLine}"`), `${get.firstLine}\n${loud!.message}`);
  });
});

describe('GOFLAGS: the flag names go knows', () => {
  test('every name in our table is known to go, and every other flag-like word of cmd/go sources is not', { timeout: 300_000 }, async () => {
    // Candidates: every quoted word of cmd/go's sources (flag names are string literals there), our table, and
    // names made by concatenation (`vet`+`tool`).
    const src = join(goCommand(), '..', '..', 'src', 'cmd', 'go');
    const words = new Set<string>(KNOWN_GOFLAGS);
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        if (e.isDirectory() && e.name !== 'testdata') await walk(join(dir, e.name));
        else if (e.name.endsWith('.go') && !e.name.endsWith('_test.go'))
          for (const m of (await readFile(join(dir, e.name), 'utf8')).matchAll(/"([A-Za-z][A-Za-z0-9_.-]{0,30})"/g)) words.add(m[1]!);
      }
    };
    await walk(src);
    const problems: string[] = [];
    const queue = [...words];
    const env = goEnv({ root, recorderUrl: recorder.url, GOPROXY: 'off', GOFLAGS: '' });
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        for (let w = queue.shift(); w !== undefined; w = queue.shift()) {
          const r = await runGo(['version'], { cwd: root, env: { ...env, GOFLAGS: `-${w}` }, timeoutMs: 30_000 });
          const unknown = r.stderr.includes(`go: parsing $GOFLAGS: unknown flag -${w}`);
          if (unknown === KNOWN_GOFLAGS.has(w)) problems.push(`-${w}: go says ${unknown ? 'unknown' : 'known'}`);
          if (unknown !== (goflagsProblem(`-${w}`)?.kind === 'unknown') && !unknown) problems.push(`-${w}: we call it unknown`);
        }
      }),
    );
    assert.deepEqual(problems, []);
  });
});
