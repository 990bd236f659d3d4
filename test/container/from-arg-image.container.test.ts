// What Docker says about a FROM whose image an ARG empties, and that from-arg-image quotes it. Offline: `scratch`
// stands for the image (Docker rejects the reference before it would pull anything).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { analyzeDockerfile, only } from '../support/analysisHarness';

const exec = promisify(execFile);
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gpd-from-arg-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `docker build` of the Dockerfile: exit status and output; a built image is removed again. */
async function build(dockerfile: string): Promise<{ ok: boolean; output: string }> {
  await writeFile(join(dir, 'Dockerfile'), dockerfile);
  try {
    const r = await exec('docker', ['build', '-q', dir], { timeout: 120_000 });
    const id = r.stdout.trim().split('\n').pop() ?? '';
    if (/^sha256:[0-9a-f]+$/.test(id)) await exec('docker', ['rmi', id]);
    return { ok: true, output: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

const messages = (dockerfile: string) => only(analyzeDockerfile({ dockerfile }), 'from-arg-image').map((f) => f.message);

test('an ARG without a default, a misspelt ARG: Docker fails with "invalid reference format", as the finding says', async () => {
  for (const dockerfile of ['ARG TAG\nFROM scratch:${TAG}-x\nLABEL a=b\n', 'ARG TAG=1\nFROM scratch:${TAGG}-x\nLABEL a=b\n']) {
    const r = await build(dockerfile);
    assert.equal(r.ok, false, r.output);
    assert.match(r.output, /invalid reference format/);
    const [m] = messages(dockerfile);
    assert.match(m ?? '', /fails with "invalid reference format"/, dockerfile);
  }
});

test('an image that expands to nothing: Docker says the base name should not be blank, as the finding says', async () => {
  const dockerfile = 'ARG IMAGE\nFROM ${IMAGE}\nLABEL a=b\n';
  const r = await build(dockerfile);
  assert.equal(r.ok, false, r.output);
  assert.match(r.output, /base name \(\$\{IMAGE\}\) should not be blank/);
  assert.match(messages(dockerfile)[0] ?? '', /"base name \(\$\{IMAGE\}\) should not be blank"/);
});

test('QUIET counterpart: the ARG has a default, the reference is valid and the build passes; no finding', async () => {
  const dockerfile = 'ARG IMAGE=scratch\nFROM ${IMAGE}\nLABEL a=b\n';
  const r = await build(dockerfile);
  assert.equal(r.ok, true, r.output);
  assert.deepEqual(messages(dockerfile), []);
});
