// Variables a RUN uses as credentials: the user info of a URL (`https://${GITHUB_TOKEN}@github.com/`), a value
// written into a credentials file (`echo "… password $TOKEN" > ~/.netrc`), or a value given to `git config` (an
// `insteadOf` URL, an auth header, a credential helper). What makes an ARG or ENV a credential is this use (or a
// value shaped like one), never its name alone.
import type { ParsedDockerfile } from '../model/parsedDockerfile';
import type { RunInstruction, ShellCommand, ShellWord } from '../syntax/dockerfileModel';
import type { EnvBinding } from '../goenv/timelineModel';
import { fetchCredentialFileWritten, TOKEN_URL, tokenUrlWords } from './credentials';
import { positionIn } from './steps';

export type CredentialUseKind = 'url' | 'file' | 'git-config';

export interface CredentialUse {
  stageIndex: number;
  run: RunInstruction;
  command: ShellCommand;
  /** The variable and the binding it has at the RUN (an ARG, an ENV, or one inherited from the stage built on). */
  name: string;
  binding: EnvBinding;
  kind: CredentialUseKind;
  /** The word or file that shows the use (`url.https://${GITHUB_TOKEN}@github.com/.insteadOf`, `~/.netrc`), unredacted. */
  where: string;
}

/** Names referenced in a word, except `${X:+…}` / `${X+…}` (which put other text there, not the value). */
function valueRefs(w: ShellWord): string[] {
  return (w.references ?? []).filter((r) => r.modifier !== ':+' && r.modifier !== '+').map((r) => r.name);
}

/** The names a URL word puts into its user info: references written before the authority's last `@`. */
function userInfoRefs(w: ShellWord): string[] {
  const m = TOKEN_URL.exec(w.text);
  if (!m) return [];
  const url = m[0];
  const authority = url.slice(url.indexOf('://') + 3);
  const at = m.index + url.indexOf('://') + 3 + authority.lastIndexOf('@');
  return valueRefs(w).filter((name) => {
    const i = w.text.search(new RegExp(`\\$\\{?${name}(?![A-Za-z0-9_])`));
    return i >= 0 && i < at;
  });
}

function usesIn(cmd: ShellCommand): { name: string; kind: CredentialUseKind; where: string }[] {
  const out: { name: string; kind: CredentialUseKind; where: string }[] = [];
  for (const w of tokenUrlWords(cmd)) for (const name of userInfoRefs(w)) out.push({ name, kind: 'url', where: w.text });
  const file = fetchCredentialFileWritten(cmd);
  if (file) for (const w of cmd.words.slice(1)) for (const name of valueRefs(w)) out.push({ name, kind: 'file', where: file });
  const words = cmd.words.map((w) => w.text);
  const git =
    words[0]?.replace(/^.*\//, '') === 'git' && words[1] === 'config' && !words.some((x) => /^(-l|--list|--get.*|--unset.*|--remove-section)$/.test(x));
  if (git)
    for (const w of cmd.words.slice(2))
      for (const name of valueRefs(w)) if (!out.some((u) => u.name === name)) out.push({ name, kind: 'git-config', where: w.text });
  return out;
}

/** Names the RUN gives a value of its own before the command (a secret mount's `env=`, an assignment, `export`). */
function setInRun(run: RunInstruction, upTo: ShellCommand): Set<string> {
  const names = new Set<string>();
  for (const m of run.mounts) if (m.type === 'secret' && m.options.env) names.add(m.options.env);
  for (const cmd of run.commands) {
    for (const a of cmd.prefixAssignments) names.add(a.name);
    if (cmd === upTo) break;
    if (/^(export|declare|readonly|read)$/.test(cmd.words[0]?.text ?? '')) for (const w of cmd.words.slice(1)) names.add(w.text.replace(/=.*$/, ''));
  }
  return names;
}

/** Every use of an ARG or ENV as credentials by a RUN, in document order. */
export function credentialUses(parsed: ParsedDockerfile): CredentialUse[] {
  const out: CredentialUse[] = [];
  for (const stage of parsed.model.stages) {
    const st = parsed.timeline.stages[stage.index];
    if (!st) continue;
    for (const run of stage.instructions) {
      if (run.kind !== 'RUN' || !/\$/.test(run.argsText + run.heredocs.map((h) => h.content).join(''))) continue;
      for (const cmd of run.commands) {
        const uses = usesIn(cmd);
        if (uses.length === 0) continue;
        const own = setInRun(run, cmd);
        const env = st.envBefore[positionIn(parsed, stage.index, run)];
        for (const u of uses) {
          const binding = env?.get(u.name);
          const kind = binding?.origin.kind;
          if (!binding || own.has(u.name) || (kind !== 'arg' && kind !== 'env' && kind !== 'inherited')) continue;
          out.push({ stageIndex: stage.index, run, command: cmd, name: u.name, binding, kind: u.kind, where: u.where });
        }
      }
    }
  }
  return out;
}
