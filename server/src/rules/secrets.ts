// Credentials that end up in an image layer: copied files, files written by RUN, token URLs in git config.
import { runMayContain } from '../syntax/dockerfileRun';
import { dockerfileRule, type Rule } from '../core/rule';
import type { Fix, Range, TextEdit } from '../core/types';
import type { Localized } from '../core/localize';
import { localize } from '../core/localize';
import { redactCredentials } from '../core/redact';
import { LineIndex } from '../core/text';
import type { CopyInstruction, Stage } from '../syntax/dockerfileModel';
import type { ParsedDockerfile } from '../core/context';
import { addRunFlag } from './support/edits';
import { CREDENTIAL_FILE, SSH_KEY_FILE } from './support/credentialFiles';
import { emptyCredentialReferences } from './support/globalArgUses';
import type { ShellWord, VariableReference } from '../syntax/dockerfileModel';

const c = (s: string) => `\`${s}\``;
const SECRET_MOUNT = '--mount=type=secret,id=netrc,target=/root/.netrc';

/** A URL with user info, also when the token comes from `$(cat /run/secrets/x)` or `${TOKEN}` (it is expanded at build time). */
/** What a RUN must contain to write a credentials file or a URL with user info (checked before its commands are split). */
const MAY_HOLD_CREDENTIALS = /:\/\/.*@|netrc|credentials|\.ssh|id_(rsa|ed25519|ecdsa|dsa)|npmrc|\.docker/;
// The host after the user info must look like one (a dotted name, localhost, an IP literal or a variable), so a
// sed expression such as `s@http://.*.debian.org@${MIRROR}@g` is not taken for a URL with user info.
const TOKEN_URL = /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:\$\([^)]*\)|\$\{[^}]*\}|[^\s/@'"$*]|\$)+@(?:\$\{[^}]*\}|\$[A-Za-z_]\w*|localhost|\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?::\d+)?(?=[/\s'"?#]|$)/;

/** `ssh://git@host/…`: an SSH user name with no password is not a secret (the key stays outside the URL). */
function sshUserOnly(text: string): boolean {
  const m = /\b(?:git\+)?ssh:\/\/([^\s/@'"]+)@/i.exec(text);
  return !!m && !m[1].includes(':') && !/\$/.test(m[1]);
}

const T = {
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
    'zh-cn': () => '这个 RUN 把 SSH 私钥写进了镜像层，私钥会一直留在镜像里。请使用 `RUN --mount=type=ssh go mod download`，并用 `docker build --ssh default` 构建。',
  } satisfies Localized,
  tokenUrl: { en: (u: string) => `the token URL ${c(u)}`, 'zh-cn': (u: string) => `带令牌的 URL ${c(u)}` } satisfies Localized<[string]>,
  secretTitle: {
    en: () => 'Use a BuildKit secret mount instead (docker build --secret id=netrc,src=$HOME/.netrc)',
    'zh-cn': () => '改用 BuildKit secret 挂载（docker build --secret id=netrc,src=$HOME/.netrc）',
  } satisfies Localized,
};

function wholeLines(index: LineIndex, range: Range): Range {
  const end = range.end.line + 1 < index.lineCount ? { line: range.end.line + 1, character: 0 } : { line: range.end.line, character: index.line(range.end.line).length };
  return { start: { line: range.start.line, character: 0 }, end };
}

/** Removes a COPY of .netrc and mounts the file as a secret on the stage's Go steps instead. */
function netrcSecretFix(parsed: ParsedDockerfile, stage: Stage, copy: CopyInstruction, uri: string, title: string): Fix | undefined {
  if (copy.sources.length !== 1 || !/(^|\/)[._]netrc$/.test(copy.sources[0].text)) return undefined;
  const index = parsed.model.lines;
  const st = parsed.timeline.stages[stage.index];
  const runs = new Set(st.goSteps.filter((s) => s.downloads).map((s) => s.instruction));
  const edits: TextEdit[] = [{ range: wholeLines(index, copy.range), newText: '' }];
  for (const run of runs) if (!run.mounts.some((m) => m.type === 'secret')) edits.push(addRunFlag(run, SECRET_MOUNT));
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

export const credentialsInImage: Rule = dockerfileRule({
  id: 'credentials-in-image',
  defaultSeverity: 'warning',
  check(parsed, ctx, report) {
    let empty: Set<VariableReference> | undefined;
    for (const stage of parsed.model.stages) {
      for (const ins of stage.instructions) {
        if ((ins.kind === 'COPY' || ins.kind === 'ADD') && !ins.from) {
          for (const src of ins.sources) {
            if (!CREDENTIAL_FILE.test(src.text.replace(/\/+$/, ''))) continue;
            const fix = netrcSecretFix(parsed, stage, ins, ctx.uri, localize(ctx.locale, T.secretTitle));
            report({ range: src.range, message: localize(ctx.locale, T.copied, src.text), fixes: fix ? [fix] : [] });
          }
        }
        if (ins.kind === 'ENV' || ins.kind === 'ARG') {
          // GOPROXY has its own rule (goproxy-credentials) with a fix.
          for (const a of ins.kind === 'ENV' ? ins.vars : ins.args) {
            if (a.name === 'GOPROXY' || a.value === undefined || !TOKEN_URL.test(a.value)) continue;
            report({ range: a.valueRange, message: localize(ctx.locale, T.written, localize(ctx.locale, T.tokenUrl, redactCredentials(a.value))) });
          }
        }
        if (ins.kind !== 'RUN' || !runMayContain(ins, MAY_HOLD_CREDENTIALS)) continue;
        for (const cmd of ins.commands) {
          // Credentials that are only a global ARG the stage does not re-declare are empty: arg-out-of-scope says so.
          if (cmd.words.some((w) => emptyCredentials(w, (empty ??= emptyCredentialReferences(parsed))))) continue;
          // `go env -w GOPROXY=https://user:token@…` is goproxy-credentials' (which has a fix).
          const urls = cmd.words.filter((w) => TOKEN_URL.test(w.text) && !/^GOPROXY=/.test(w.text) && !sshUserOnly(w.text));
          const writesFile = cmd.redirections.some((x) => x.op.includes('>') && x.target && CREDENTIAL_FILE.test(x.target.text.replace(/\/+$/, '')));
          // `tee ~/.netrc`, `cp x ~/.git-credentials`: a credentials file as an argument of a writing command.
          const writer = ['tee', 'cp', 'mv', 'install'].includes(cmd.words[0]?.text ?? '') && cmd.words.slice(1).some((w) => CREDENTIAL_FILE.test(w.text));
          if (writesFile || writer) {
            const targets = [...cmd.redirections.map((x) => x.target?.text ?? ''), ...cmd.words.slice(1).map((w) => w.text)].filter((t) => CREDENTIAL_FILE.test(t.replace(/\/+$/, '')));
            const sshOnly = targets.length > 0 && targets.every((t) => SSH_KEY_FILE.test(t.replace(/\/+$/, '')));
            report({ range: cmd.range, message: sshOnly ? localize(ctx.locale, T.sshKey) : localize(ctx.locale, T.written, localize(ctx.locale, T.netrcFile)) });
          } else {
            for (const w of urls) report({ range: w.range, message: localize(ctx.locale, T.written, localize(ctx.locale, T.tokenUrl, redactCredentials(w.text))) });
          }
        }
      }
    }
  },
});
