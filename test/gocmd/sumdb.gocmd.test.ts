// When the go command consults the checksum database, measured with the real go against loopback proxies and a
// loopback database (every other host is a recorded, refused CONNECT), and what gosumdb-off, gosumdb-invalid and
// toolchain-unverifiable say about the same settings. Without go these tests fail (never skip).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { broadestPattern } from '../../server/src/goenv/patterns';
import { resolveGoEnv, routeModule } from '../../server/src/goenv/effective';
import { TOOLCHAIN_MODULE } from '../../server/src/rules/toolchain/switches';
import { analyzeDockerfile, only } from '../support/analysisHarness';
import { runScenario } from '../support/goproxy/scenario';
import { goEnv, makeGoRoot, removeGoRoot, runGo, type GoResult } from '../support/goproxy/runGo';
import { startGoProxy, type GoProxy } from '../support/goproxy/server';
import { startConnectRecorder } from '../support/goproxy/httpsConnectRecorder';
import { GREET, makeModule, writeConsumer } from '../support/goproxy/fixtureModules';

let root: string;
before(async () => (root = await makeGoRoot('gpd-sumdb-')));
after(() => removeGoRoot(root));

const df = (...lines: string[]) => lines.join('\n') + '\n';
const show = (r: { stdout: string; stderr: string; code: number | null }) => `go exited ${r.code}\n${r.stdout}${r.stderr}`;
const envLine = (vars: Record<string, string>) =>
  `ENV ${Object.entries(vars)
    .map(([k, v]) => `${k}="${v}"`)
    .join(' ')}`;

// ---------------------------------------------------------------------------------------------------------------
// 1. A GONOSUMDB/GOPRIVATE pattern matching every module path is GOSUMDB=off in effect. Patterns match path
// prefixes element by element (path.Match): `*` matches any first element, so every module; `*/*` needs two
// elements, so a one-element module path (gotest.tools) is still verified.

const MODULES = ['example.com/hello', 'gotest.tools', 'a.b/c/d'];
const BASE = { GOPROXY: 'P1', GONOPROXY: 'none.invalid', GOSUMDB: 'sum.golang.org SUMDB' };
const EVERY_PATH_CASES: Record<string, string>[] = [
  { GONOSUMDB: '*' },
  { GONOSUMDB: 'x.example.net,*' },
  { GONOSUMDB: '*/' },
  { GONOSUMDB: '**' },
  { GONOSUMDB: '?*' },
  { GOPRIVATE: '*' },
  { GONOSUMDB: '*/*' },
  // Not every path: white space is not trimmed, `*.com` needs a `.com` element, an explicit GONOSUMDB replaces GOPRIVATE.
  { GONOSUMDB: ' *' },
  { GONOSUMDB: '*.com' },
  { GOPRIVATE: '*', GONOSUMDB: 'x.example.net' },
];

describe('GONOSUMDB/GOPRIVATE patterns that match every module path', { concurrency: 2 }, () => {
  for (const vars of EVERY_PATH_CASES) {
    test(JSON.stringify(vars), async () => {
      const r = await runScenario({ root, proxies: ['healthy'], vars: { ...BASE, ...vars }, modules: MODULES });
      const verified = (m: string) => r.events.some((e) => e.kind === 'sumdb' && e.module === m);
      const env = resolveGoEnv(new Map(Object.entries(r.vars)));
      const broad = broadestPattern(env.GONOSUMDB);
      // The model: routeModule for each module; and with a broad pattern, no path of at least its elements verified.
      const observed = MODULES.map((m) => [m, verified(m)]);
      assert.deepEqual(
        observed,
        MODULES.map((m) => [m, routeModule(m, env).checksum === 'sumdb']),
        `go vs routeModule\n${show(r.go)}`,
      );
      if (broad)
        assert.deepEqual(
          observed,
          MODULES.map((m) => [m, m.split('/').length < broad.elements]),
          `go vs broadestPattern(${JSON.stringify(env.GONOSUMDB)})`,
        );
      else
        assert.ok(
          observed.some(([, v]) => v),
          'without a broad pattern some module is verified',
        );
      // Skipped modules download fine; verified ones meet the loopback database, which knows none of them.
      for (const m of MODULES) assert.equal(/verifying go\.mod/.test(r.results.get(m)?.Error ?? ''), verified(m), `${m}: ${show(r.go)}`);
      // gosumdb-off reports exactly the settings that turn verification off for whole classes of paths.
      const findings = only(analyzeDockerfile({ dockerfile: df('FROM golang:1.26', envLine(vars), 'RUN go mod download') }), 'gosumdb-off');
      assert.equal(findings.length, broad ? 1 : 0, JSON.stringify(findings));
      if (broad) assert.match(findings[0]!.message, broad.elements === 1 ? /matches every module path[,:]/ : /of 2 or more elements/);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// 2. Toolchain downloads: golang.org/toolchain is always verified against the checksum database (GONOSUMDB and
// GOPRIVATE do not exempt it; only a lone file:// GOPROXY does) and always fetched through GOPROXY. go1.99.0
// cannot exist: our proxy serves a fake zip for it (or 404s), so go stops at the download or its verification.

// The platform go asks for (Node's names for it differ from Go's).
const PLATFORM = `${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch === 'ia32' ? '386' : process.arch}`;
const TOOLCHAIN = makeModule(TOOLCHAIN_MODULE, `v0.0.1-go1.99.0.${PLATFORM}`);
const SUMDB_OFF = 'verifying module: checksum database disabled by GOSUMDB=off';
const NOT_AVAILABLE = 'toolchain not available';

interface ToolchainRun {
  go: GoResult;
  proxy: GoProxy;
  db: GoProxy;
  connects: string[];
}

/** Runs `go version` (any go command switches toolchains) with GOTOOLCHAIN and the given variables. */
async function toolchainRun(vars: Record<string, string>, opts: { serve?: boolean; goMod?: string } = {}): Promise<ToolchainRun> {
  const rec = await startConnectRecorder();
  const proxy = await startGoProxy({ modules: opts.serve === false ? [] : [TOOLCHAIN], sumdb: ['sum.golang.org'] });
  const db = await startGoProxy({ modules: [] });
  try {
    const dir = await makeGoRoot('gpd-toolchain-');
    try {
      await writeFile(join(dir, 'work', 'go.mod'), opts.goMod ?? 'module example.com/m\n\ngo 1.21\n');
      const sub = (v: string) => v.replace(/\bP1\b/, proxy.url).replace(/\bSUMDB\b/, db.url);
      const all = Object.fromEntries(
        Object.entries({ GOPROXY: 'P1', GOSUMDB: 'sum.golang.org', GOTOOLCHAIN: 'go1.99.0', ...vars }).map(([k, v]) => [k, sub(v)]),
      );
      const go = await runGo(['version'], { cwd: join(dir, 'work'), env: goEnv({ root: dir, recorderUrl: rec.url, GOPROXY: all.GOPROXY!, extra: all }) });
      return { go, proxy, db, connects: rec.hosts() };
    } finally {
      await removeGoRoot(dir);
    }
  } finally {
    await Promise.all([rec.close(), proxy.close(), db.close()]);
  }
}

const lookups = (t: ToolchainRun) => [...t.proxy.requests.filter((q) => q.file?.includes('/lookup/')), ...t.db.requests].length;
const zipAsked = (t: ToolchainRun) => t.proxy.requests.some((q) => q.module === TOOLCHAIN_MODULE && q.file?.endsWith('.zip'));
const toolchainFindings = (vars: Record<string, string>, goMod?: string) =>
  only(analyzeDockerfile({ dockerfile: df('FROM golang:1.26', envLine(vars), 'COPY go.mod ./', 'RUN go version'), goMod }), 'toolchain-unverifiable');

describe('toolchain downloads need the checksum database and GOPROXY', { concurrency: 2 }, () => {
  const offCases: Record<string, string>[] = [{ GOSUMDB: 'off' }, { GOSUMDB: 'off', GONOSUMDB: 'golang.org' }, { GOSUMDB: 'off', GOPROXY: 'P1,direct' }];
  for (const vars of offCases) {
    test(`GOTOOLCHAIN=go1.99.0 ${JSON.stringify(vars)}: the download fails its verification`, async () => {
      const t = await toolchainRun(vars);
      assert.ok(zipAsked(t), show(t.go));
      assert.equal(t.go.code, 1);
      assert.ok(t.go.stderr.includes(`: ${SUMDB_OFF}\n`), show(t.go));
      assert.equal(lookups(t), 0);
      const [f] = toolchainFindings({ GOTOOLCHAIN: 'go1.99.0', ...vars, GOPROXY: 'https://goproxy.cn' });
      assert.equal(f?.severity, 'error');
      assert.ok(f!.message.includes(`\`${SUMDB_OFF}\``), f!.message);
    });
  }

  test('GOTOOLCHAIN=auto and a go line newer than the image: the same failure', async () => {
    const goMod = 'module example.com/m\n\ngo 1.99.0\n';
    const t = await toolchainRun({ GOTOOLCHAIN: 'auto', GOSUMDB: 'off' }, { goMod });
    assert.ok(t.go.stderr.includes(`: ${SUMDB_OFF}\n`), show(t.go));
    assert.equal(toolchainFindings({ GOTOOLCHAIN: 'auto', GOSUMDB: 'off' }, goMod).length, 1);
    // GOTOOLCHAIN=local (the official images): no download, so nothing for this rule (toolchain-download says why).
    assert.equal(toolchainFindings({ GOSUMDB: 'off' }, goMod).length, 0);
  });

  test('GOPROXY=off: toolchain not available, nothing asked', async () => {
    const t = await toolchainRun({ GOPROXY: 'off' });
    assert.equal(t.go.code, 1);
    assert.ok(t.go.stderr.includes(`go: download go1.99.0 for ${PLATFORM.replace('-', '/')}: ${NOT_AVAILABLE}\n`), show(t.go));
    assert.deepEqual([t.proxy.requests.length, t.db.requests.length, t.connects], [0, 0, []]);
    const [f] = toolchainFindings({ GOTOOLCHAIN: 'go1.99.0', GOPROXY: 'off' });
    assert.ok(f?.message.includes(`\`${NOT_AVAILABLE}\``), f?.message);
  });

  const exemptCases: Record<string, string>[] = [
    { GONOSUMDB: 'golang.org' },
    { GONOSUMDB: '*' },
    { GOSUMDB: 'sum.golang.org SUMDB', GONOSUMDB: 'golang.org/toolchain' },
  ];
  for (const vars of exemptCases) {
    test(`${JSON.stringify(vars)} does not exempt the toolchain: go asks the database`, async () => {
      const t = await toolchainRun(vars);
      assert.ok(lookups(t) > 0 && /verifying module: golang\.org\/toolchain@.*404 Not Found/.test(t.go.stderr), show(t.go));
      const env = resolveGoEnv(new Map(Object.entries({ GOPROXY: 'https://goproxy.cn', ...vars })));
      assert.equal(routeModule(TOOLCHAIN_MODULE, env).checksum, 'sumdb');
      assert.deepEqual(toolchainFindings({ GOTOOLCHAIN: 'go1.99.0', ...vars, GOSUMDB: 'sum.golang.org' }), []);
    });
  }

  test('a lone file:// GOPROXY is the one exemption: go unpacks the zip unverified', async () => {
    const dir = join(root, 'fileproxy', TOOLCHAIN_MODULE, '@v');
    await mkdir(dir, { recursive: true });
    const served = await startGoProxy({ modules: [TOOLCHAIN] });
    try {
      // Copy what the loopback proxy serves into a file:// tree.
      for (const f of ['list', `${TOOLCHAIN.version}.info`, `${TOOLCHAIN.version}.mod`, `${TOOLCHAIN.version}.zip`]) {
        const res = await fetch(`${served.url}/${TOOLCHAIN_MODULE}/@v/${f}`);
        await writeFile(join(dir, f), Buffer.from(await res.arrayBuffer()));
      }
    } finally {
      await served.close();
    }
    const t = await toolchainRun({ GOSUMDB: 'off', GOPROXY: `file://${join(root, 'fileproxy')}` });
    assert.equal(t.go.code, 1);
    // Unpacked without a lookup: it fails only because our fake holds no bin/go.
    assert.ok(t.go.stderr.includes(`${TOOLCHAIN_MODULE}@${TOOLCHAIN.version}/bin/go: no such file or directory`), show(t.go));
    assert.equal(lookups(t), 0);
    assert.deepEqual(toolchainFindings({ GOTOOLCHAIN: 'go1.99.0', GOSUMDB: 'off', GOPROXY: 'file:///srv/proxy' }), []);
  });

  test('an invalid GOSUMDB fails the toolchain download: gosumdb-invalid is an error', async () => {
    const t = await toolchainRun({ GOSUMDB: 'a b c d' });
    assert.ok(t.go.stderr.includes(': verifying module: invalid GOSUMDB: too many fields\n'), show(t.go));
    const findings = only(
      analyzeDockerfile({ dockerfile: df('FROM golang:1.26', 'ENV GOTOOLCHAIN=go1.99.0 GOSUMDB="a b c d"', 'RUN go version') }),
      'gosumdb-invalid',
    );
    assert.equal(findings[0]?.severity, 'error');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 3. go reads GOSUMDB only when a module needs verification: with every module in go.sum, or excluded by
// GONOSUMDB, a malformed value never surfaces. ` off` (leading space) is not `off`: it is a malformed verifier key.

const INVALID = [
  ['a b c d', 'invalid GOSUMDB: too many fields'],
  [' off', 'invalid GOSUMDB: malformed verifier id'],
  ['foo', 'invalid GOSUMDB: malformed verifier id'],
];

describe('a malformed GOSUMDB fails only downloads that need verification', { concurrency: 2 }, () => {
  for (const [value, error] of INVALID) {
    for (const mode of ['go.sum', 'GONOSUMDB', 'neither'] as const) {
      test(`GOSUMDB=${JSON.stringify(value)}, covered by ${mode}`, async () => {
        const proxy = await startGoProxy();
        const rec = await startConnectRecorder();
        const dir = await makeGoRoot('gpd-sumdb-consumer-');
        try {
          const work = join(dir, 'work');
          const goSum = await writeConsumer(work, [GREET], { omitGoSum: mode !== 'go.sum' });
          const vars = { GOSUMDB: value, GONOSUMDB: mode === 'GONOSUMDB' ? 'example.com' : '' };
          const env = goEnv({ root: dir, recorderUrl: rec.url, GOPROXY: proxy.url, ...vars });
          const download = await runGo(['mod', 'download'], { cwd: work, env });
          const build = await runGo(['build', './...'], { cwd: work, env });
          const sumdbAsked = proxy.requests.some((q) => q.file?.startsWith('sumdb/')) || rec.connects.length > 0;
          assert.equal(sumdbAsked, false, 'go never reached a database');
          if (mode === 'neither') {
            assert.equal(download.code, 1);
            assert.ok(download.stderr.includes(`: verifying go.mod: ${error}\n`), show(download));
          } else {
            assert.deepEqual([download.code, build.code], [0, 0], show(download) + show(build));
          }
          const dockerfile = df('FROM golang:1.26', envLine(vars), 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build ./...');
          const goMod = await readFile(join(work, 'go.mod'), 'utf8');
          const [f] = only(analyzeDockerfile({ dockerfile, goMod, goSum: mode === 'go.sum' ? goSum : undefined }), 'gosumdb-invalid');
          assert.equal(f?.severity, mode === 'neither' ? 'error' : 'warning', f?.message);
          assert.ok(f!.message.includes(error), f!.message);
        } finally {
          await Promise.all([proxy.close(), rec.close(), removeGoRoot(dir)]);
        }
      });
    }
  }
});
