// The GitHub Action's entry (action.yml runs it): the CLI on the inputs, its findings in the log and as a job summary
// table, SARIF for code scanning when asked, and an exit status that fails the step on errors or the chosen threshold
// (the CLI's own: 1 when a finding reaches --fail-on, 2 on a bad input or a path that could not be read).
//
// Inputs arrive as environment variables, INPUT_<NAME> with the name upper-cased: Actions passes `fail-on` to a
// JavaScript action as INPUT_FAIL-ON; a composite action, whose env: keys are its own choice, passes INPUT_FAIL_ON.
// Both are read. The CLI is the one beside this file (../dist/cli.js), in the npm package and in a built checkout.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
/** Rows of the summary table; GitHub refuses a job summary over 1 MiB. */
const MAX_ROWS = 500;

const TEXT = {
  en: {
    title: 'Go Proxy Doctor',
    clean: (paths) => `No problems in ${paths}.`,
    counts: (n, e, w, o) => `${n} problem${n === 1 ? '' : 's'}: ${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}, ${o} other.`,
    threshold: (failOn) =>
      failOn === 'never' ? 'Findings do not fail this step (fail-on: never).' : `This step fails on a finding of severity ${failOn} or above.`,
    header: ['Severity', 'Rule', 'Location', 'Message'],
    more: (n) => `… and ${n} more (all of them are in the log).`,
    stopped: (why) => `The check did not run to the end: ${why}`,
    unread: 'Some paths could not be read (listed in the log).',
    noCli: (p) => `go-proxy-doctor's CLI is missing at ${p}: use the action from a release (the npm package's contents) or run npm run build first.`,
    severity: { error: 'error', warning: 'warning', information: 'info', hint: 'hint' },
  },
  'zh-cn': {
    title: 'Go Proxy Doctor',
    clean: (paths) => `${paths} 中未发现问题。`,
    counts: (n, e, w, o) => `共 ${n} 个问题：${e} 个错误，${w} 个警告，${o} 个其他。`,
    threshold: (failOn) => (failOn === 'never' ? '发现不会使此步骤失败（fail-on: never）。' : `有严重性为 ${failOn} 或更高的发现时，此步骤失败。`),
    header: ['严重性', '规则', '位置', '消息'],
    more: (n) => `……另有 ${n} 个（完整列表见日志）。`,
    stopped: (why) => `检查未能完成：${why}`,
    unread: '有路径无法读取（详见日志）。',
    noCli: (p) => `缺少 go-proxy-doctor 的命令行程序 ${p}：请使用发布版本（npm 包的内容）中的 action，或先运行 npm run build。`,
    severity: { error: '错误', warning: '警告', information: '信息', hint: '提示' },
  },
};

function input(name, fallback = '') {
  const upper = name.toUpperCase().replace(/ /g, '_');
  const v = process.env[`INPUT_${upper}`] ?? process.env[`INPUT_${upper.replace(/-/g, '_')}`];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
}

/** `true`/`false` as YAML 1.2 core writes a boolean; anything else is a mistake worth stopping for. */
function booleanInput(name) {
  const v = input(name, 'false');
  if (/^(true|True|TRUE)$/.test(v)) return true;
  if (/^(false|False|FALSE)$/.test(v)) return false;
  throw new Error(`input ${name} must be true or false, not "${v}"`);
}

/** Markdown table cell: one line, no column break, no HTML. */
function cell(s) {
  return String(s).replace(/\r?\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
}

/** Appends `name` = `value` to GITHUB_OUTPUT, in the delimited form that takes any value. */
function setOutput(name, value) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  const delimiter = `gpd_${randomBytes(8).toString('hex')}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

function cli(args, capture) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? 2, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A link to the finding's line in the repository at the commit being checked, when the job says which. */
function locationLink(file, line) {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha, GITHUB_WORKSPACE: workspace } = process.env;
  if (!server || !repo || !sha || !workspace || resolve(workspace) !== process.cwd() || file.startsWith('../')) return undefined;
  return `${server}/${repo}/blob/${sha}/${file.split('/').map(encodeURIComponent).join('/')}#L${line}`;
}

function summaryTable(findings, t) {
  const rank = { error: 0, warning: 1, information: 2, hint: 3 };
  const sorted = [...findings].sort((a, b) => rank[a.severity] - rank[b.severity] || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const rows = sorted.slice(0, MAX_ROWS).map((f) => {
    const where = `${f.file}:${f.line}:${f.column}`;
    const link = locationLink(f.file, f.line);
    const location = link ? `[${cell(where)}](${link})` : cell(where);
    return `| ${cell(t.severity[f.severity] ?? f.severity)} | \`${cell(f.rule)}\` | ${location} | ${cell(f.message)} |`;
  });
  const table = [`| ${t.header.join(' | ')} |`, `|${t.header.map(() => '---').join('|')}|`, ...rows];
  if (sorted.length > MAX_ROWS) table.push('', t.more(sorted.length - MAX_ROWS));
  return table.join('\n');
}

function main() {
  const locale = input('locale', '');
  const t = TEXT[locale.toLowerCase() === 'zh-cn' ? 'zh-cn' : 'en'];
  const summary = [];
  const finish = (status) => {
    if (process.env.GITHUB_STEP_SUMMARY && summary.length) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `### ${t.title}\n\n${summary.join('\n\n')}\n\n`);
    setOutput('exit-code', String(status));
    return status;
  };
  if (!existsSync(CLI)) {
    console.error(t.noCli(CLI));
    summary.push(t.stopped(t.noCli(CLI)));
    return finish(2);
  }

  let uploadSarif;
  try {
    uploadSarif = booleanInput('upload-sarif');
  } catch (err) {
    console.error(err.message);
    summary.push(t.stopped(cell(err.message)));
    return finish(2);
  }
  const failOn = input('fail-on', 'error');
  const format = input('format', 'text');
  const paths = input('paths', '.').split(/\s+/).filter(Boolean);
  // One build argument a line, NAME=VALUE or NAME, given inline so that a value starting with "-" stays a value.
  const buildArgs = input('build-args', '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => `--build-arg=${l}`);
  const common = [...buildArgs, ...(locale ? [`--locale=${locale}`] : []), `--fail-on=${failOn}`];

  // The log: the chosen format, coloured (the Actions log shows colours). Its status is the step's verdict; it also
  // checks every input the CLI takes, and says what is wrong with one.
  const log = cli([`--format=${format}`, ...(format === 'text' ? ['--color'] : []), ...common, '--', ...paths], false);

  // The summary table, from the same run as JSON (a usage error leaves it empty: the log says why).
  const json = cli(['--format=json', ...common, '--', ...paths], true);
  let findings;
  try {
    findings = JSON.parse(json.stdout);
  } catch {
    summary.push(t.stopped(cell(json.stderr.split('\n')[0] || `exit status ${json.status}`)));
    return finish(log.status === 0 ? 2 : log.status);
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  setOutput('findings', String(findings.length));
  setOutput('errors', String(errors));
  setOutput('warnings', String(warnings));
  summary.push(
    findings.length ? t.counts(findings.length, errors, warnings, findings.length - errors - warnings) : t.clean(paths.map((p) => `\`${cell(p)}\``).join(', ')),
  );
  if (json.status === 2) summary.push(t.unread);
  summary.push(t.threshold(failOn));
  if (findings.length) summary.push(summaryTable(findings, t));

  const sarifInput = input('sarif-file', '');
  if (uploadSarif || sarifInput) {
    const target = sarifInput ? resolve(sarifInput) : join(process.env.RUNNER_TEMP || tmpdir(), 'go-proxy-doctor.sarif');
    const sarif = cli(['--format=sarif', ...common, '--', ...paths], true);
    if (isAbsolute(target)) mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, sarif.stdout);
    setOutput('sarif-file', target);
  }
  return finish(log.status);
}

process.exitCode = main();
