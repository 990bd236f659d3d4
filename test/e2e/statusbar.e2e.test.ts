// The mirror-health status bar item of the packaged extension in code-server, against two loopback Go module
// proxies: latency while healthy, warning once the first mirror hangs (re-checked from the item's menu), the
// tooltip table and the health report. Hermetic: only 127.0.0.1 is ever probed (probeAlternatives is off).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { DEFAULT_PROBE_PATH } from '../../client/src/health/probe';
import { makeModule } from '../support/goproxy/fixtureModules';
import { startGoProxy, type GoProxy } from '../support/goproxy/server';
import { checkPrerequisites, withEditor } from './harness';
import { PROJECT_ROOT } from './processes';

const TIMEOUT = 180_000;
const DOCS = join(PROJECT_ROOT, 'docs');
/** The status bar item's id as the extension creates it (the workbench prefixes the extension id). */
const ITEM = 'goProxyDoctor.health';
const PROBE_TIMEOUT_MS = 1500;

/** The module version the health probe asks for (`<path>/@v/<version>.info`): served, so a probe finds it. */
function probeModule() {
  const m = /^(.+)\/@v\/(.+)\.info$/.exec(DEFAULT_PROBE_PATH);
  assert.ok(m, `unexpected probe path ${DEFAULT_PROBE_PATH}`);
  return makeModule(m[1]!, m[2]!);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const probesOf = (p: GoProxy) => p.requests.filter((r) => r.file?.endsWith('.info'));

before(() => checkPrerequisites());

test('status bar: latency of the first mirror, warning once it hangs, tooltip table and health report', { timeout: TIMEOUT }, async (t) => {
  const a = await startGoProxy({ modules: [probeModule()] });
  const b = await startGoProxy({ modules: [probeModule()] });
  try {
    const hostA = `127.0.0.1:${a.port}`;
    const files = {
      Dockerfile: ['FROM golang:1.26', `ENV GOPROXY=${a.url},${b.url},direct`, 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', ''].join('\n'),
      'go.mod': ['module example.com/app', '', 'go 1.21', ''].join('\n'),
    };
    const settings = {
      'goProxyDoctor.health.enabled': true,
      'goProxyDoctor.health.timeoutMs': PROBE_TIMEOUT_MS,
      // Public mirrors would be probed as alternatives otherwise.
      'goProxyDoctor.health.probeAlternatives': false,
      // Were the Dockerfile's GOPROXY not picked up, the fallback is this (dead) loopback mirror, never the host's
      // `go env GOPROXY` or proxy.golang.org; the assertions below would then fail instead of going online.
      'goProxyDoctor.mirrors': ['http://127.0.0.1:9'],
    };
    await withEditor({ files, settings, name: 'status-bar' }, async (editor) => {
      await editor.openFile('Dockerfile');

      // Healthy: `$(cloud) 127.0.0.1:PORT 12 ms` (the icon renders as an empty span), no warning background.
      const healthy = await editor.waitForStatusBarEntry(ITEM, `the item showing the latency of ${hostA}`, (i) =>
        new RegExp(`^${escape(hostA)} \\d+ ms$`).test(i.text),
      );
      assert.doesNotMatch(healthy.className, /\b(warning|error)-kind\b/, `no warning background while healthy: ${healthy.className}`);
      assert.ok(probesOf(a).length >= 1 && probesOf(b).length >= 1, 'both mirrors of the Dockerfile are probed');
      assert.ok(
        probesOf(a).every((r) => r.outcome === 200),
        JSON.stringify(a.requests),
      );
      t.diagnostic(`healthy: "${healthy.text}" (id ${healthy.id})`);

      // A starts hanging; "Re-check now" from the item's menu probes again.
      a.setBehaviour('hang');
      const probesBefore = probesOf(a).length;
      await editor.statusBarEntry(ITEM).click();
      const menu = await editor.acceptQuickPick('Re-check now', 10_000);
      for (const entry of ['Re-check now', 'Show health report', 'Use fastest healthy mirror in this Dockerfile', 'Open settings']) {
        assert.ok(
          menu.some((r) => r.includes(entry)),
          `menu entry "${entry}" in ${JSON.stringify(menu)}`,
        );
      }
      const warning = await editor.waitForStatusBarEntry(
        ITEM,
        `the item warning that ${hostA} fails`,
        (i) => i.text === `${hostA} failing` && /\bwarning-kind\b/.test(i.className),
        PROBE_TIMEOUT_MS + 15_000,
      );
      assert.ok(probesOf(a).length > probesBefore, 'the re-check probed A again');
      assert.ok(
        probesOf(a).some((r) => r.outcome === 'hang'),
        'A left the probe hanging',
      );
      t.diagnostic(`after the re-check: "${warning.text}" (${warning.className})`);

      // The tooltip: a table with a row per mirror of the Dockerfile, A failing, B fine.
      const tooltip = await editor.statusBarTooltip(warning.id);
      const rowOf = (url: string) => tooltip.split('\n').find((l) => l.includes(url)) ?? '';
      assert.match(tooltip, /Go module mirrors/, tooltip);
      assert.match(rowOf(a.url), /failing/, `row of A in:\n${tooltip}`);
      assert.match(rowOf(a.url), /no answer in time/, `row of A in:\n${tooltip}`);
      assert.match(rowOf(b.url), /\bOK\b.*\d+ ms/, `row of B in:\n${tooltip}`);
      assert.match(tooltip, /Mirrors from: the Dockerfile/, tooltip);
      await editor.screenshotAround(
        join(DOCS, 'status-bar.png'),
        [editor.page.locator('.workbench-hover').filter({ visible: true }).first(), editor.statusBarEntry(ITEM)],
        24,
      );

      // "Show health report" opens the report webview with both mirrors.
      await editor.page.mouse.move(640, 300);
      await editor.statusBarEntry(ITEM).click();
      await editor.acceptQuickPick('Show health report', 10_000);
      const report = await editor.waitForWebview('the health report listing both mirrors', (text) => text.includes(a.url) && text.includes(b.url));
      assert.match(report.text, /Go module mirror health/);
      const [atA, atB] = [report.text.indexOf(a.url), report.text.indexOf(b.url)];
      assert.ok(atA < atB, 'one section per mirror, in GOPROXY order');
      const [sectionA, sectionB] = [report.text.slice(atA, atB), report.text.slice(atB)];
      assert.match(sectionA, /State: failing/, sectionA);
      // The errors table: phrase and detail of the timed-out probe.
      assert.match(sectionA, /no answer in time/, sectionA);
      assert.match(sectionA, new RegExp(`no response headers within ${PROBE_TIMEOUT_MS} ms`), sectionA);
      assert.match(sectionB, /State: OK/, sectionB);
      assert.match(sectionB, /No errors\./, sectionB);
      assert.match(await editor.activeTabTitle(), /Go module mirror health/);
    });
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
