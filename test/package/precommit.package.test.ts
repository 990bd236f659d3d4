// The pre-commit hook, with the real pre-commit (PyPI; scripts/precommit-setup.sh installs it): the hook repository
// is a git repository made from the packed package's contents (as a release is), and a project repository's
// .pre-commit-config.yaml points at it by commit. pre-commit installs the hook with npm, offline with an empty
// cache (nothing may come from a registry), and `git commit` runs it: a staged Dockerfile, compose file or go.mod
// with an error stops the commit; a clean one, or a commit that stages none of those files, goes through.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BAD_DOCKERFILE, exec, offlineNpmEnv, packTarball, ROOT, writeFiles, type Result } from './support';

const VENV = process.env.PRE_COMMIT_VENV ?? path.join(os.homedir(), '.cache', 'go-proxy-doctor-precommit', 'venv');
const PRE_COMMIT = path.join(VENV, 'bin', 'pre-commit');
const GOOD_DOCKERFILE = 'FROM golang:1.22\nENV GOPROXY=https://goproxy.cn,direct\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n';
const WARNING_DOCKERFILE = 'FROM golang:1.22\nENV GOPROXY=direct,https://goproxy.cn\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n';

let work: string;
let project: string;
let env: NodeJS.ProcessEnv;
let hookRev: string;
let hookRepo: string;

const git = (cwd: string, ...args: string[]): Result => exec('git', args, { cwd, env });
const head = () => git(project, 'rev-parse', 'HEAD').stdout.trim();

/** `git commit` of what is staged, through the installed hook. */
function commit(message: string): Result {
  return git(project, 'commit', '-m', message);
}

function config(args?: string[]): string {
  return [
    'repos:',
    `  - repo: ${hookRepo}`,
    `    rev: ${hookRev}`,
    '    hooks:',
    '      - id: go-proxy-doctor',
    ...(args ? [`        args: [${args.join(', ')}]`] : []),
    '',
  ].join('\n');
}

before(() => {
  assert.ok(
    fs.existsSync(PRE_COMMIT),
    `pre-commit is not installed at ${PRE_COMMIT}: run scripts/precommit-setup.sh (npm run setup and .ci/run do), or set PRE_COMMIT_VENV to a virtual environment that has it`,
  );
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-precommit-')));
  process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
  const home = path.join(work, 'home');
  fs.mkdirSync(home);
  env = {
    ...offlineNpmEnv(work),
    HOME: home,
    PRE_COMMIT_HOME: path.join(work, 'pre-commit-cache'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    PATH: `${path.join(VENV, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
  };

  // The hook repository: the package's contents, committed.
  const tarball = packTarball(work);
  hookRepo = path.join(work, 'hook-repo');
  fs.mkdirSync(hookRepo);
  assert.equal(exec('tar', ['-xzf', tarball, '-C', hookRepo, '--strip-components=1'], {}).code, 0);
  assert.equal(git(hookRepo, 'init', '-q', '-b', 'release').code, 0);
  git(hookRepo, 'add', '-A');
  assert.equal(git(hookRepo, 'commit', '-q', '-m', 'release').code, 0);
  hookRev = git(hookRepo, 'rev-parse', 'HEAD').stdout.trim();

  // The project: a go.mod and a Dockerfile that passes, and the hook installed into its git hooks.
  project = path.join(work, 'project');
  fs.mkdirSync(project);
  git(project, 'init', '-q', '-b', 'main');
  writeFiles(project, { '.pre-commit-config.yaml': config(), 'go.mod': 'module example.com/app\n\ngo 1.22\n', Dockerfile: GOOD_DOCKERFILE });
  const install = exec(PRE_COMMIT, ['install'], { cwd: project, env });
  assert.equal(install.code, 0, install.stdout + install.stderr);
  git(project, 'add', '-A');
  const first = commit('start');
  assert.equal(first.code, 0, `the first commit installs the hook's environment offline and passes: ${first.stdout}${first.stderr}`);
  assert.match(first.stdout + first.stderr, /Go Proxy Doctor\.+Passed/);
});

test(".pre-commit-hooks.yaml is a valid pre-commit manifest, and the hook repository's is this repository's", () => {
  const r = exec(PRE_COMMIT, ['validate-manifest', path.join(ROOT, '.pre-commit-hooks.yaml')], { cwd: ROOT, env });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(fs.readFileSync(path.join(hookRepo, '.pre-commit-hooks.yaml'), 'utf8'), fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
});

test('a staged Dockerfile with an error stops the commit and says why; fixed, it is committed', () => {
  const before = head();
  writeFiles(project, { 'api/Dockerfile': BAD_DOCKERFILE });
  git(project, 'add', 'api/Dockerfile');
  const bad = commit('bad api');
  assert.notEqual(bad.code, 0);
  const out = bad.stdout + bad.stderr;
  assert.match(out, /Go Proxy Doctor\.+Failed/);
  assert.match(out, /^api\/Dockerfile$/m);
  assert.match(out, /goproxy-invalid/);
  assert.equal(head(), before, 'nothing was committed');
  writeFiles(project, { 'api/Dockerfile': GOOD_DOCKERFILE });
  git(project, 'add', 'api/Dockerfile');
  const good = commit('api');
  assert.equal(good.code, 0, good.stdout + good.stderr);
  assert.match(good.stdout + good.stderr, /Go Proxy Doctor\.+Passed/);
  assert.notEqual(head(), before);
});

test("a staged compose file whose build argument is wrong stops the commit: the finding is on the compose file's line", () => {
  writeFiles(project, { 'svc/Dockerfile': 'FROM golang:1.22\nARG GOPROXY\nRUN go mod download\n', 'svc/go.mod': 'module example.com/svc\n\ngo 1.22\n' });
  git(project, 'add', 'svc');
  assert.equal(commit('svc').code, 0);
  const before = head();
  writeFiles(project, { 'svc/compose.yaml': 'services:\n  svc:\n    build:\n      context: .\n      args:\n        GOPROXY: "https://goproxy.cn;direct"\n' });
  git(project, 'add', 'svc/compose.yaml');
  const r = commit('compose');
  assert.notEqual(r.code, 0);
  assert.match(r.stdout + r.stderr, /^svc\/compose\.yaml\n\s+6:\d+\s+error\s+.*goproxy-invalid$/m);
  assert.equal(head(), before);
  git(project, 'reset', '-q', 'svc/compose.yaml');
  fs.rmSync(path.join(project, 'svc', 'compose.yaml'));
});

test('a commit that stages none of those files skips the hook', () => {
  const before = head();
  writeFiles(project, { 'notes.txt': 'hello\n' });
  git(project, 'add', 'notes.txt');
  const r = commit('notes');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /Go Proxy Doctor\.+\(no files to check\)Skipped/);
  assert.notEqual(head(), before);
});

test("the hook's args are the CLI's options: --fail-on warning stops a commit a warning alone would not", () => {
  writeFiles(project, { 'w1/Dockerfile': WARNING_DOCKERFILE });
  git(project, 'add', 'w1');
  const byDefault = commit('w1');
  assert.equal(byDefault.code, 0, byDefault.stdout + byDefault.stderr);
  assert.match(byDefault.stdout + byDefault.stderr, /Go Proxy Doctor\.+Passed/);
  writeFiles(project, { '.pre-commit-config.yaml': config(['--fail-on', 'warning']), 'w2/Dockerfile': WARNING_DOCKERFILE });
  git(project, 'add', '.pre-commit-config.yaml', 'w2');
  const strict = commit('w2');
  assert.notEqual(strict.code, 0);
  assert.match(strict.stdout + strict.stderr, /goproxy-unreachable-entry/);
});
