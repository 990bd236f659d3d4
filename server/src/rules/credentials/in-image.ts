// credentials-in-image: credentials that end up in an image layer: copied files, files written by RUN, token URLs
// in git config. (Credentials in an ENV or ARG value are credentials-in-env's and credentials-in-build-arg's.)
import { runMayContain } from '../../syntax/dockerfileRun';
import { defineRule, type Reporter } from '../rule';
import type { Fix, Range, TextEdit } from '../../core/types';
import type { Localized } from '../../core/localize';
import { localize } from '../../core/localize';
import { redactCredentials } from '../../core/redact';
import { LineIndex, backtick as c } from '../../core/text';
import type { CopyInstruction, Instruction, Located, Stage } from '../../syntax/dockerfileModel';
import type { ParsedDockerfile } from '../../model/parsedDockerfile';
import { addRunFlag } from '../../model/edits';
import {
  CREDENTIAL_FILE,
  isCredentialDestination,
  isCredentialPath,
  MAY_HOLD_CREDENTIALS,
  NETRC_FILE,
  SSH_KEY_FILE,
  tokenUrlWords,
  WRITERS,
} from '../../model/credentials';
import { homeForRun } from '../../model/userHome';
import { createdHomesKey } from '../../model/image';
import type { StageTimeline } from '../../goenv/timelineModel';
import { judgeStages, stageReports, type StageAnalysis } from '../support/stageReports';
import { emptyCredentialReferences } from '../../model/globalArgUses';
import type { ShellWord, VariableReference } from '../../syntax/dockerfileModel';

const SECRET_MOUNT = '--mount=type=secret,id=netrc,target=/root/.netrc';

const MESSAGES = {
  copiedTo: {
    en: (src: string, dest: string) =>
      `${c(src)} is copied to ${c(dest)}, a credentials file, in an image layer: anyone who can pull the image (or its build cache) can read the credentials, even if a later step deletes the file. Mount it as a BuildKit secret for the step that needs it.`,
    'zh-cn': (src: string, dest: string) =>
      `${c(src)} 被复制到镜像层中的凭据文件 ${c(dest)}：任何能拉取该镜像（或其构建缓存）的人都能读到其中的凭据，即使后面的步骤删除了文件也一样。请只在需要它的步骤中以 BuildKit secret 方式挂载。`,
  } satisfies Localized<[string, string]>,
  copied: {
    en: (src: string) =>
      `${c(src)} is copied into an image layer: anyone who can pull the image (or its build cache) can read the credentials, even if a later step deletes the file. Mount it as a BuildKit secret for the step that needs it.`,
    'zh-cn': (src: string) =>
      `${c(src)} 被复制进了镜像层：任何能拉取该镜像（或其构建缓存）的人都能读到其中的凭据，即使后面的步骤删除了文件也一样。请只在需要它的步骤中以 BuildKit secret 方式挂载。`,
  } satisfies Localized<[string]>,
  written: {
    en: (what: string) =>
      `This RUN writes ${what} into the image layer, where it stays readable in the image. Use \`RUN ${SECRET_MOUNT} go mod download\` and build with \`docker build --secret id=netrc,src=$HOME/.netrc\`.`,
    'zh-cn': (what: string) =>
      `这个 RUN 把 ${what} 写进了镜像层，凭据会一直留在镜像里。请使用 \`RUN ${SECRET_MOUNT} go mod download\`，并用 \`docker build --secret id=netrc,src=$HOME/.netrc\` 构建。`,
  } satisfies Localized<[string]>,
  netrcFile: { en: () => 'a credentials file', 'zh-cn': () => '凭据文件' } satisfies Localized,
  sshKey: {
    en: () =>
      'This RUN writes an SSH private key into the image layer, where it stays readable in the image. Use `RUN --mount=type=ssh go mod download` and build with `docker build --ssh default`.',
    'zh-cn': () =>
      '这个 RUN 把 SSH 私钥写进了镜像层，私钥会一直留在镜像里。请使用 `RUN --mount=type=ssh go mod download`，并用 `docker build --ssh default` 构建。',
  } satisfies Localized,
  tokenUrl: { en: (u: string) => `the token URL ${c(u)}`, 'zh-cn': (u: string) => `带令牌的 URL ${c(u)}` } satisfies Localized<[string]>,
  secretTitle: {
    en: () => 'Use a BuildKit secret mount instead (docker build --secret id=netrc,src=$HOME/.netrc)',
    'zh-cn': () => '改用 BuildKit secret 挂载（docker build --secret id=netrc,src=$HOME/.netrc）',
  } satisfies Localized,
};

function wholeLines(index: LineIndex, range: Range): Range {
  const end =
    range.end.line + 1 < index.lineCount ? { line: range.end.line + 1, character: 0 } : { line: range.end.line, character: index.line(range.end.line).length };
  return { start: { line: range.start.line, character: 0 }, end };
}

/**
 * Where a COPY puts a source: into the destination folder (a trailing `/`, several sources, or a `.ssh` folder)
 * under its own name, else at the destination itself.
 */
function landingPath(copy: CopyInstruction, src: Located): string | undefined {
  const dest = copy.destination?.text;
  if (!dest) return undefined;
  const name = src.text.replace(/\/+$/, '').split('/').pop() ?? '';
  const folder = dest.endsWith('/') || copy.sources.length > 1 || /(^|\/)\.ssh$/.test(dest);
  return folder ? `${dest.replace(/\/+$/, '')}/${name}` : dest;
}

interface CopiedCredential {
  src: Located;
  /** Where the file lands, when the destination (not the source name) makes it a credentials file. */
  landing?: string;
}

/**
 * The first source of a COPY that puts credentials into the layer, judged by its name or by where it lands. Kept
 * per instruction (it reads nothing else), which the next parse reuses wherever an edit left it alone.
 */
function copiedCredential(copy: CopyInstruction): CopiedCredential | undefined {
  let found = copiedCredentials.get(copy);
  if (found === undefined) copiedCredentials.set(copy, (found = findCopiedCredential(copy) ?? null));
  return found ?? undefined;
}
const copiedCredentials = new WeakMap<CopyInstruction, CopiedCredential | null>();

function findCopiedCredential(copy: CopyInstruction): CopiedCredential | undefined {
  const byName = copy.sources.find((src) => isCredentialPath(src.text));
  if (byName) return { src: byName };
  for (const src of copy.sources) {
    const landing = landingPath(copy, src);
    if (landing && isCredentialDestination(landing)) return { src, landing };
  }
  // `COPY <<EOF /root/.netrc`: the heredoc's text is the file (several heredocs go into a folder, by name).
  const dest = copy.destination;
  if (dest && copy.sources.length === 0) {
    for (const h of copy.heredocs) {
      const landing = copy.heredocs.length === 1 && !dest.text.endsWith('/') ? dest.text : `${dest.text.replace(/\/+$/, '')}/${h.name}`;
      if (isCredentialDestination(landing)) return { src: { text: `<<${h.name}`, range: dest.range }, landing };
    }
  }
  return undefined;
}

/** `chmod 600 /root/.netrc`, `chown app /root/.netrc`, `rm -f /root/.netrc`: commands that only tend the copied file. */
function onlyTends(ins: Instruction, path: string): boolean {
  return (
    ins.kind === 'RUN' &&
    ins.commands.length > 0 &&
    ins.commands.every((cmd) => {
      const [name, ...args] = cmd.words.map((w) => w.text);
      // The operands after the mode (chmod) or owner (chown).
      const files = args.filter((a) => !a.startsWith('-')).slice(name === 'chmod' || name === 'chown' ? 1 : 0);
      const tends = name === 'chmod' || name === 'chown' || (name === 'rm' && args.some((a) => /^-[a-z]*f/.test(a)));
      return tends && files.length > 0 && files.every((f) => f === path);
    })
  );
}

/**
 * Removes a COPY of a netrc and mounts it as a secret on the stage's Go download steps instead, at the place the
 * COPY put it (or the home of the step's user). Later RUNs that only chmod/chown/rm the file go with it; any other
 * later use of the file leaves no fix (it would fail without the file).
 */
function netrcSecretFix(parsed: ParsedDockerfile, stage: Stage, copy: CopyInstruction, uri: string, title: string): Fix | undefined {
  if (copy.sources.length !== 1) return undefined;
  const landing = landingPath(copy, copy.sources[0]) ?? '';
  if (!NETRC_FILE.test(copy.sources[0].text) && !/(^|\/)[._]netrc$/.test(landing)) return undefined;
  const index = parsed.model.lines;
  const st = parsed.timeline.stages[stage.index];
  const edits: TextEdit[] = [{ range: wholeLines(index, copy.range), newText: '' }];
  const after = stage.instructions.slice(stage.instructions.indexOf(copy) + 1);
  for (const ins of after) {
    if (!/netrc/.test(ins.argsText)) continue;
    if (!onlyTends(ins, landing)) return undefined;
    edits.push({ range: wholeLines(index, ins.range), newText: '' });
  }
  const runs = new Set(st.goSteps.filter((s) => s.downloads).map((s) => s.instruction));
  for (const run of runs) {
    if (run.mounts.some((m) => m.type === 'secret')) continue;
    const target = /^\/[^$~]*$/.test(landing) ? landing : `${homeForRun(parsed, stage.index, run).home.replace(/\/$/, '')}/.netrc`;
    edits.push(addRunFlag(run, `--mount=type=secret,id=netrc,target=${target}`));
  }
  return { title, preferred: true, edits: [{ uri, edits }] };
}

/**
 * A word whose credentials expand to nothing: each reference in it puts an empty value where credentials go
 * (what is left, `x-access-token:`, is a user name).
 */
function emptyCredentials(w: ShellWord, empty: Set<VariableReference>): boolean {
  const refs = w.references ?? [];
  return refs.length > 0 && refs.every((r) => empty.has(r));
}

/**
 * The references of the parse that put an empty value where credentials go, made once per parse for the stages it
 * judges. Which of a stage's references they are depends on the stage, the stages it builds on and the global ARGs
 * (a stage's timeline is kept only with the same global ARGs).
 */
function emptyReferences(parsed: ParsedDockerfile): Set<VariableReference> {
  let refs = emptyByParse.get(parsed);
  if (!refs) emptyByParse.set(parsed, (refs = emptyCredentialReferences(parsed)));
  return refs;
}
const emptyByParse = new WeakMap<ParsedDockerfile, Set<VariableReference>>();

const layersByStage = stageReports();

/**
 * Whether lines follow the stage's last one: the fix that removes a COPY takes its line break with it only then.
 * With the stage, that is all a fix reads of the rest of the document's text.
 */
const FOLLOWED: readonly unknown[] = [true];
const LAST: readonly unknown[] = [false];

export const credentialsInImage = defineRule({
  id: 'credentials-in-image',
  family: 'credentials',
  severity: 'warning',
  title: { en: 'Credentials copied or written into an image layer', 'zh-cn': '凭据被复制或写入镜像层' },
  check(parsed, ctx, report) {
    // The secret mount a fix adds goes into the home of the step's user, who may be created in any stage.
    const lines = parsed.model.lines.lineCount;
    judgeStages(parsed, ctx, layersByStage, [ctx.locale, createdHomesKey(parsed)], report, judgeLayers, (st) =>
      st.stage.range.end.line + 1 < lines ? FOLLOWED : LAST,
    );
  },
});

/** Credentials a stage copies into its layers or writes there with RUN. */
function judgeLayers(at: Readonly<StageAnalysis>, st: StageTimeline, report: Reporter): void {
  const locale = at.ctx.locale;
  const stage = st.stage;
  for (const ins of stage.instructions) {
    if ((ins.kind === 'COPY' || ins.kind === 'ADD') && !ins.from) {
      // One finding per COPY: on the first source named as credentials, else on the destination that makes one so.
      const found = copiedCredential(ins);
      if (found) {
        const fixes = () => {
          const fix = netrcSecretFix(at.parsed, stage, ins, at.ctx.uri, localize(at.ctx.locale, MESSAGES.secretTitle));
          return fix ? [fix] : [];
        };
        const message = found.landing ? localize(locale, MESSAGES.copiedTo, found.src.text, found.landing) : localize(locale, MESSAGES.copied, found.src.text);
        report({ range: found.landing ? ins.destination!.range : found.src.range, message, fixes });
      }
    }
    if (ins.kind !== 'RUN' || !runMayContain(ins, MAY_HOLD_CREDENTIALS)) continue;
    for (const cmd of ins.commands) {
      // Credentials that are only a global ARG the stage does not re-declare are empty: arg-out-of-scope says so.
      if (cmd.words.some((w) => emptyCredentials(w, emptyReferences(at.parsed)))) continue;
      // `go env -w GOPROXY=https://user:token@…` is goproxy-credentials' (which has a fix).
      const urls = tokenUrlWords(cmd).filter((w) => !/^GOPROXY=/.test(w.text));
      const writesFile = cmd.redirections.some((x) => x.op.includes('>') && x.target && isCredentialPath(x.target.text));
      // `tee ~/.netrc`, `cp x ~/.git-credentials`: a credentials file as an argument of a writing command.
      const writer = WRITERS.has(cmd.words[0]?.text ?? '') && cmd.words.slice(1).some((w) => CREDENTIAL_FILE.test(w.text));
      if (writesFile || writer) {
        const targets = [...cmd.redirections.map((x) => x.target?.text ?? ''), ...cmd.words.slice(1).map((w) => w.text)].filter((t) =>
          CREDENTIAL_FILE.test(t.replace(/\/+$/, '')),
        );
        const sshOnly = targets.length > 0 && targets.every((t) => SSH_KEY_FILE.test(t.replace(/\/+$/, '')));
        report({
          range: cmd.range,
          message: sshOnly ? localize(locale, MESSAGES.sshKey) : localize(locale, MESSAGES.written, localize(locale, MESSAGES.netrcFile)),
        });
      } else {
        for (const w of urls)
          report({ range: w.range, message: localize(locale, MESSAGES.written, localize(locale, MESSAGES.tokenUrl, redactCredentials(w.text))) });
      }
    }
  }
}
