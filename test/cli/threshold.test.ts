// --fail-on and --quiet, as CI users expect them: the exit status follows the chosen severity (errors by default),
// --quiet reports only what would fail (errors only by default, as eslint's --quiet), and every usage error is
// exit 2 with a message saying what is wrong.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { BAD_DOCKERFILE, df, run, tempDir } from './support';

const GO_MOD = df('module example.com/app', '', 'go 1.22', '', 'require github.com/google/uuid v1.6.0');
const base = { 'go.mod': GO_MOD, 'go.sum': '' };
const copyAndDownload = ['WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN --mount=type=cache,target=/go/pkg/mod go mod download'];

/** Workspaces whose only finding has the named severity (checked below, so a rule change cannot hollow the tests). */
const ONLY: Record<'error' | 'warning' | 'information' | 'hint', Record<string, string>> = {
  error: { ...base, Dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn;direct', ...copyAndDownload) },
  warning: { ...base, Dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=direct,https://goproxy.cn', ...copyAndDownload) },
  // No GOPROXY, and a chosen default proxy: goproxy-unset, information.
  information: {
    ...base,
    Dockerfile: df('FROM golang:1.22', ...copyAndDownload),
    '.vscode/settings.json': JSON.stringify({ 'goProxyDoctor.defaultProxy': 'https://goproxy.cn,direct' }),
  },
  hint: { ...base, Dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn,direct', 'ENV GO111MODULE=on', ...copyAndDownload) },
};
const CLEAN = { ...base, Dockerfile: df('FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn,direct', ...copyAndDownload) };

const severities = (stdout: string) => (JSON.parse(stdout) as { severity: string }[]).map((f) => f.severity);

function workspace(t: TestContext, severity: keyof typeof ONLY): string {
  const dir = tempDir(t, ONLY[severity]);
  assert.deepEqual(severities(run(['--format', 'json'], dir).stdout), [severity], `the ${severity} fixture has exactly one ${severity} finding`);
  return dir;
}

test('--fail-on: exit 1 when a finding reaches the severity, 0 below it; the default is error', (t) => {
  const expected: Record<string, Record<string, number>> = {
    error: { default: 1, error: 1, warning: 1, information: 1, never: 0 },
    warning: { default: 0, error: 0, warning: 1, information: 1, never: 0 },
    information: { default: 0, error: 0, warning: 0, information: 1, never: 0 },
    hint: { default: 0, error: 0, warning: 0, information: 0, never: 0 },
  };
  for (const severity of ['error', 'warning', 'information', 'hint'] as const) {
    const dir = workspace(t, severity);
    for (const [failOn, code] of Object.entries(expected[severity])) {
      const args = failOn === 'default' ? [] : ['--fail-on', failOn];
      const r = run(args, dir);
      assert.equal(r.code, code, `a ${severity} finding with ${failOn === 'default' ? 'no --fail-on' : `--fail-on ${failOn}`}: ${r.stdout}${r.stderr}`);
      // The threshold changes the exit status only: every finding is still reported.
      assert.match(r.stdout, /1 problem \(/);
    }
  }
  const clean = tempDir(t, CLEAN);
  assert.equal(run(['--fail-on=information'], clean).code, 0);
  assert.equal(run(['--fail-on=warning', '--format=json'], tempDir(t, ONLY.warning)).code, 1, '--fail-on=VALUE is the same option');
});

test('--quiet reports only the findings at or above --fail-on (errors under the default and under never), in every format', (t) => {
  const mixed = tempDir(t, {
    ...base,
    Dockerfile: ONLY.error.Dockerfile,
    'w/Dockerfile': ONLY.warning.Dockerfile,
    'w/go.mod': GO_MOD,
    'w/go.sum': '',
    'h/Dockerfile': ONLY.hint.Dockerfile,
    'h/go.mod': GO_MOD,
    'h/go.sum': '',
  });
  assert.deepEqual(severities(run(['--format', 'json'], mixed).stdout).sort(), ['error', 'hint', 'warning']);
  assert.deepEqual(severities(run(['--format', 'json', '--quiet'], mixed).stdout), ['error']);
  assert.deepEqual(severities(run(['--format', 'json', '--quiet', '--fail-on', 'never'], mixed).stdout), ['error']);
  assert.deepEqual(severities(run(['--format', 'json', '--quiet', '--fail-on', 'warning'], mixed).stdout).sort(), ['error', 'warning']);
  const sarif = JSON.parse(run(['--format', 'sarif', '--quiet'], mixed).stdout) as { runs: { results: { level: string }[] }[] };
  assert.deepEqual(
    sarif.runs[0].results.map((r) => r.level),
    ['error'],
  );
  const text = run(['--quiet'], mixed);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /^Dockerfile$/m);
  assert.doesNotMatch(text.stdout, /^(w|h)\/Dockerfile$/m);
  assert.match(text.stdout, /^1 problem \(1 error, 0 warnings, 0 other\)$/m);
  // --quiet filters what is shown, not what fails: the exit status is the same as without it.
  assert.equal(run(['--quiet', '--fail-on', 'never'], mixed).code, 0);
});

test('--quiet prints nothing when nothing is left to report (text); without it the clean line is printed', (t) => {
  const warningOnly = workspace(t, 'warning');
  const quiet = run(['--quiet'], warningOnly);
  assert.equal(quiet.code, 0);
  assert.equal(quiet.stdout, '');
  assert.equal(quiet.stderr, '');
  assert.match(run([], warningOnly).stdout, /1 problem \(0 errors, 1 warning, 0 other\)/);
  assert.match(run([], tempDir(t, CLEAN)).stdout, /^No problems in 2 files\.$/m);
  assert.equal(run(['--quiet'], tempDir(t, CLEAN)).stdout, '');
  // JSON stays JSON: an empty array.
  assert.equal(run(['--quiet', '--format', 'json'], warningOnly).stdout.trim(), '[]');
  // A path that cannot be read is still said, quiet or not.
  const missing = run(['--quiet', 'nowhere'], warningOnly);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^cannot read nowhere: /m);
});

test('every usage error is exit 2, with a message naming the option and the usage line; nothing on stdout', (t) => {
  const dir = tempDir(t, { Dockerfile: BAD_DOCKERFILE });
  const cases: [string[], string][] = [
    [['--bogus'], 'unknown option --bogus'],
    [['-x'], 'unknown option -x'],
    [['--fail-on'], '--fail-on needs a value'],
    [['--fail-on', '--quiet'], '--fail-on needs a value'],
    [['--fail-on='], '--fail-on needs a value'],
    [['--fail-on', 'hint'], 'unknown --fail-on "hint" (error, warning, information or never)'],
    [['--fail-on=fatal'], 'unknown --fail-on "fatal" (error, warning, information or never)'],
    [['--format', 'xml'], 'unknown --format "xml" (text, json or sarif)'],
    [['--locale', 'fr'], 'unknown --locale "fr" (en or zh-cn)'],
    [['--quiet=false'], '--quiet takes no value'],
    [['--no-color=1'], '--no-color takes no value'],
    [['--color=always'], '--color takes no value'],
    [['--version=2'], '--version takes no value'],
    [['--help=me'], '--help takes no value'],
    [['--build-arg', '=x'], '--build-arg needs a name: NAME=VALUE, or NAME to take the value from the environment'],
  ];
  for (const [args, message] of cases) {
    const r = run(args, dir);
    assert.equal(r.code, 2, args.join(' '));
    const [first, second] = r.stderr.split('\n');
    assert.equal(first, message, args.join(' '));
    assert.match(second, /^usage: go-proxy-doctor /, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
  const zh = run(['--fail-on', 'fatal'], dir, { LANG: 'zh_CN.UTF-8' });
  assert.equal(zh.code, 2);
  assert.equal(zh.stderr.split('\n')[0], '未知的 --fail-on "fatal"（可选 error、warning、information、never）');
  assert.match(zh.stderr.split('\n')[1], /^用法：go-proxy-doctor /);
});
