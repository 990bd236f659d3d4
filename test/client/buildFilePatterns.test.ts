// What the VS Code client sends the server besides Dockerfiles and module files: exactly the build files the server
// reads, by name (no language is claimed), and the activation events that go with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILD_FILE_PATTERNS } from '../../client/src/buildFilePatterns';
import { isInvocationSource } from '../../server/src/invocations';

const ROOT = '/home/dev/project';
const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: { languages: { id: string }[] };
};
/** Whether VS Code's selector (a glob on the file's path) takes the file. */
const selected = (rel: string) => BUILD_FILE_PATTERNS.some((g) => path.posix.matchesGlob(`${ROOT}/${rel}`, g));

const READ = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'docker-compose.yaml',
  'docker-compose.prod.yml',
  'deploy/docker-compose.ci.yaml',
  'compose.override.yml',
  'docker-compose.override.yml',
  'docker-bake.json',
  '.github/workflows/ci.yml',
  '.github/workflows/release.yaml',
  '.gitlab-ci.yml',
  '.gitlab-ci.yaml',
  'Makefile',
  'makefile',
  'GNUmakefile',
  'build/docker.mk',
  'build.sh',
  'scripts/release.bash',
];
const NOT_READ = ['values.yaml', 'config.yml', '.github/dependabot.yml', 'docker-compose', 'main.go', 'Makefile.old', 'README.md'];

test('every file the server reads for the builds it declares is sent to it', () => {
  for (const rel of READ) {
    assert.ok(isInvocationSource(`${ROOT}/${rel}`), `the server reads ${rel}`);
    assert.ok(selected(rel), `the client sends ${rel}`);
  }
  // Read for the build contexts of its targets (not for arguments): its edits move a Dockerfile's context.
  assert.ok(selected('docker-bake.hcl'));
});

test('quiet: YAML, Makefile-like and other files the server does not read are not sent', () => {
  for (const rel of NOT_READ) {
    assert.ok(!isInvocationSource(`${ROOT}/${rel}`), `the server does not read ${rel}`);
    assert.ok(!selected(rel), `the client does not send ${rel}`);
  }
});

test("no language is claimed: YAML, Makefile and shell stay the other extensions'", () => {
  const claimed = ['yaml', 'makefile', 'shellscript', 'dockercompose', 'json', 'hcl'];
  assert.deepEqual(
    pkg.contributes.languages.map((l) => l.id).filter((id) => claimed.includes(id)),
    [],
  );
  assert.deepEqual(
    pkg.activationEvents.filter((e) => claimed.some((id) => e === `onLanguage:${id}`)),
    [],
  );
  const source = fs.readFileSync(path.join(__dirname, '..', '..', 'client', 'src', 'languageClient.ts'), 'utf8');
  assert.ok(!claimed.some((id) => source.includes(`language: '${id}'`)), 'the document selector names no such language');
});

test('activation: a workspace with a compose or bake file activates; a workflow or a Makefile alone does not', () => {
  const globs = pkg.activationEvents.filter((e) => e.startsWith('workspaceContains:')).map((e) => e.slice('workspaceContains:'.length));
  const activates = (rel: string) => globs.some((g) => path.posix.matchesGlob(rel, g));
  for (const rel of ['compose.yaml', 'docker-compose.yml', 'deploy/docker-compose.prod.yaml', 'docker-bake.hcl', 'docker-bake.json', 'Dockerfile', 'go.mod'])
    assert.ok(activates(rel), rel);
  for (const rel of ['.github/workflows/ci.yml', 'Makefile', 'build.sh', '.gitlab-ci.yml', 'values.yaml']) assert.ok(!activates(rel), rel);
});
