// secret-mount-target: a secret mounted where go and git never look. BuildKit does not expand `~` in a mount
// target, and a relative target is joined to the WORKDIR (`~/.netrc` in /src is /src/~/.netrc), while go and git
// read .netrc, .git-credentials and .gitconfig from $HOME, and ssh its keys from the user's .ssh.
import * as path from 'node:path';
import { defineRule, type Reporter } from '../rule';
import type { Fix, Range } from '../../core/types';
import type { Localized } from '../../core/localize';
import { localize } from '../../core/localize';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import type { RunInstruction, RunMount } from '../../syntax/dockerfileModel';
import { expandShellValue } from '../../syntax/dockerWords';
import { escapeRegExp, backtick as c } from '../../core/text';
import { homeCredentialTail } from '../../model/credentials';
import { homeForRun, workdirAt } from '../../model/userHome';
import { createdHomesKey, isWindowsStage } from '../../model/image';
import type { AnalysisContext } from '../../model/context';
import type { StageTimeline } from '../../goenv/timelineModel';
import { judgeStages, stageReports, type StageAnalysis } from '../support/stageReports';
import { positionIn } from '../../model/steps';

type Reader = 'go-git' | 'git' | 'ssh';

const MESSAGES = {
  tilde: {
    en: (target: string, where: string, readers: string, expected: string) =>
      `BuildKit does not expand ${c('~')} in a mount target: ${c(target)} is a relative path, so this secret is mounted at ${where}, but ${readers} ${c(expected)} ($HOME of the stage's user), so this step runs without these credentials. Use ${c(`target=${expected}`)}.`,
    'zh-cn': (target: string, where: string, readers: string, expected: string) =>
      `BuildKit 不会展开挂载目标中的 ${c('~')}：${c(target)} 是相对路径，这个 secret 会被挂载到 ${where}，而 ${readers} ${c(expected)}（该阶段用户的 $HOME），因此这一步运行时拿不到这些凭据。请使用 ${c(`target=${expected}`)}。`,
  } satisfies Localized<[string, string, string, string]>,
  relative: {
    en: (target: string, where: string, readers: string, expected: string) =>
      `A relative mount target is placed under the WORKDIR: ${c(target)} mounts this secret at ${where}, but ${readers} ${c(expected)} ($HOME of the stage's user), so this step runs without these credentials. Use ${c(`target=${expected}`)}.`,
    'zh-cn': (target: string, where: string, readers: string, expected: string) =>
      `相对路径的挂载目标会放在 WORKDIR 下：${c(target)} 会把这个 secret 挂载到 ${where}，而 ${readers} ${c(expected)}（该阶段用户的 $HOME），因此这一步运行时拿不到这些凭据。请使用 ${c(`target=${expected}`)}。`,
  } satisfies Localized<[string, string, string, string]>,
  under: {
    en: (p: string) => `${c(p)} under the working directory`,
    'zh-cn': (p: string) => `工作目录下的 ${c(p)}`,
  } satisfies Localized<[string]>,
  'go-git': { en: () => 'go and git read', 'zh-cn': () => 'go 和 git 读取的是' } satisfies Localized,
  git: { en: () => 'git reads', 'zh-cn': () => 'git 读取的是' } satisfies Localized,
  ssh: { en: () => 'ssh (for git and go) reads', 'zh-cn': () => 'ssh（供 git 和 go 使用）读取的是' } satisfies Localized,
  title: {
    en: (p: string) => `Mount the secret at ${p}`,
    'zh-cn': (p: string) => `把 secret 挂载到 ${p}`,
  } satisfies Localized<[string]>,
};

function readerOf(tail: string): Reader {
  if (tail.startsWith('.ssh')) return 'ssh';
  return /netrc$/.test(tail) ? 'go-git' : 'git';
}

/** Commands that read the file from HOME (go runs git, git runs ssh). */
const READERS: Record<Reader, RegExp> = {
  'go-git': /^(go|xx-go|git)$/,
  git: /^(go|xx-go|git)$/,
  ssh: /^(go|xx-go|git|ssh|scp)$/,
};

/** Whether one of the RUN's commands reads the credentials from HOME. */
function runsReader(run: RunInstruction, reader: Reader): boolean {
  return run.commands.some((cmd) => {
    const words = cmd.words.map((w) => w.text);
    // `env A=b go …`, `sudo -E go …`: the command after the wrapper's assignments and options.
    let k = 0;
    while (k < words.length && (/^(env|sudo|exec|time|nice)$/.test(words[k]) || /^-/.test(words[k]) || (k > 0 && /^[A-Za-z_]\w*=/.test(words[k])))) k++;
    const name = words[k]?.slice(words[k].lastIndexOf('/') + 1);
    return !!name && READERS[reader].test(name);
  });
}

/**
 * Whether the RUN reads the mounted file where it is: a word names the target (`cat .netrc`, `cp .netrc ~/`,
 * `NETRC=.netrc`, `GIT_SSH_COMMAND="ssh -i .ssh/id_rsa"`) or its absolute place, the step sets HOME to the folder
 * it is in, or NETRC/GIT_CONFIG_GLOBAL/… in the stage's environment points at it.
 */
function readsMountedFile(
  parsed: ParsedDockerfile,
  stageIndex: number,
  run: RunInstruction,
  target: string,
  tail: string,
  resolved: string | undefined,
): boolean {
  const bare = target.replace(/^(\.\/)+/, '');
  const names = [bare, resolved].filter((x): x is string => !!x);
  const mention = new RegExp(`(^|[\\s=:'"])(\\./)*(${names.map(escapeRegExp).join('|')})($|[\\s'";:])`);
  const relative = new RegExp(`(^|/)${escapeRegExp(bare)}$`);
  for (const cmd of run.commands) {
    const texts = [
      ...cmd.words.map((w) => w.text),
      ...cmd.prefixAssignments.map((a) => `${a.name}=${a.value ?? ''}`),
      ...cmd.redirections.map((x) => x.target?.text ?? ''),
    ];
    if (texts.some((t) => mention.test(t) || (/(^|=)\$(PWD|\{PWD\}|\(pwd\))\//.test(t) && relative.test(t)))) return true;
    // `HOME=/src go mod download` in WORKDIR /src reads /src/.netrc.
    if (resolved !== undefined && texts.some((t) => t.startsWith('HOME=') && path.posix.join(t.slice(5), tail) === resolved)) return true;
  }
  const env = parsed.timeline.stages[stageIndex]?.envBefore[positionIn(parsed, stageIndex, run)];
  for (const name of ['NETRC', 'GIT_CONFIG', 'GIT_CONFIG_GLOBAL', 'GIT_SSH_COMMAND']) {
    const v = env?.get(name)?.value;
    if (v && (mention.test(v) || (resolved !== undefined && v === resolved))) return true;
  }
  return false;
}

/** The range of the target value inside the `--mount=` flag, when the document spells it plainly. */
function targetValueRange(parsed: ParsedDockerfile, mount: RunMount, raw: string): Range | undefined {
  const index = parsed.model.lines;
  const start = index.offsetAt(mount.range.start);
  const text = parsed.model.text.slice(start, index.offsetAt(mount.range.end));
  const keys = /(^--mount=|,)\s*(target|dst|destination)\s*=([^,]*)/gi;
  for (let m = keys.exec(text); m; m = keys.exec(text)) {
    if (m[3].trim() !== raw) continue;
    const valueStart = start + m.index + m[0].length - m[3].length + (m[3].length - m[3].trimStart().length);
    return { start: index.positionAt(valueStart), end: index.positionAt(valueStart + raw.length) };
  }
  return undefined;
}

const misplacedByStage = stageReports();

export const secretMountTarget = defineRule({
  id: 'secret-mount-target',
  family: 'secret',
  severity: 'error',
  title: {
    en: 'A secret mounted where go and git never read it (`~` or a relative target)',
    'zh-cn': 'secret 挂载到了 go 和 git 不会读取的位置（`~` 或相对路径目标）',
  },
  check(parsed, ctx, report) {
    // Besides the stage and those it builds on, a judgement reads the homes of the users any stage creates (a USER's
    // home). The escape directive (a Windows stage has no mounts) is the stages' own: a change of it parses them anew.
    judgeStages(parsed, ctx, misplacedByStage, [ctx.locale, createdHomesKey(parsed)], report, judgeMounts);
  },
});

/** The secret mounts of a stage's RUNs that go, git or ssh never read where they are mounted. */
function judgeMounts(at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter): void {
  const parsed = at.parsed;
  const locale = at.ctx.locale;
  const stage = st.stage;
  if (isWindowsStage(parsed, stage.index)) return;
  for (const run of stage.instructions) {
    if (run.kind !== 'RUN' || !run.mounts.some((m) => m.type === 'secret' && m.target)) continue;
    for (const mount of run.mounts) {
      const raw = mount.target;
      if (mount.type !== 'secret' || !raw) continue;
      // BuildKit expands the stage's ARG/ENV in mount options; a variable it cannot see makes the place unknown.
      const env = st.envBefore[positionIn(parsed, stage.index, run)];
      const target = expandShellValue(raw, (n) => env?.get(n)?.value);
      if (target === undefined || target.startsWith('/')) continue;
      const tail = homeCredentialTail(target);
      if (!tail) continue;
      const reader = readerOf(tail);
      if (!runsReader(run, reader)) continue;
      const tilde = target.startsWith('~');
      const workdir = workdirAt(parsed, stage.index, run);
      const resolved = workdir !== undefined ? path.posix.join('/', workdir, target) : undefined;
      const home = homeForRun(parsed, stage.index, run);
      const expected = path.posix.join(home.home, tail);
      // A relative target in a WORKDIR that is the home, or a file the RUN reads where it is mounted, is fine.
      if (!tilde && (resolved === expected || readsMountedFile(parsed, stage.index, run, target, tail, resolved))) continue;
      const where = resolved !== undefined ? c(resolved) : localize(locale, MESSAGES.under, target);
      const valueRange = raw === target ? targetValueRange(parsed, mount, raw) : undefined;
      report({
        range: valueRange ?? mount.range,
        message: localize(locale, tilde ? MESSAGES.tilde : MESSAGES.relative, target, where, localize(locale, MESSAGES[reader]), expected),
        fixes: valueRange ? () => [targetFix(at.ctx, valueRange, expected)] : [],
      });
    }
  }
}

function targetFix(ctx: AnalysisContext, valueRange: Range, expected: string): Fix {
  return {
    title: localize(ctx.locale, MESSAGES.title, expected),
    preferred: true,
    edits: [{ uri: ctx.uri, edits: [{ range: valueRange, newText: expected }] }],
  };
}
