// What credentials look like in a Dockerfile: the files go, git and ssh read them from, URLs with user info, and
// variable names that say they hold a secret. Shared by the rules on credentials in layers, mounts and the build log.
import type { ShellCommand, ShellWord } from '../syntax/dockerfileModel';

/**
 * Files that hold credentials, by name: netrc, git credentials, a whole `.ssh` directory or a private key in it
 * (not `known_hosts`, `config` or `*.pub`, which are public), Docker credentials. Not `.npmrc`: most only name a
 * registry, and its content is not in view.
 */
export const CREDENTIAL_FILE =
  /(^|\/)(\.netrc|_netrc|\.git-credentials|\.ssh|\.ssh\/id_[^/]*(?<!\.pub)|id_rsa|id_ed25519|id_ecdsa|id_dsa|\.docker\/config\.json)$/;
export const SSH_KEY_FILE = /(^|\/)(\.ssh(\/id_[^/]*)?|id_rsa|id_ed25519|id_ecdsa|id_dsa)$/;
/** A netrc by name (`.netrc`, `_netrc`, or `netrc` as a source file name). */
export const NETRC_FILE = /(^|\/)[._]?netrc$/;
/** Files in `.ssh/` that are public or settings, not keys. */
const SSH_PUBLIC = /^(known_hosts2?|config|authorized_keys2?|environment|rc|.*\.pub)$/;
/** A file name that says it is a private key (`deploy_key`, `id_ed25519`, `github.pem`). */
const KEY_NAME = /^id_|key|\.pem$/i;

export function isCredentialPath(path: string): boolean {
  return CREDENTIAL_FILE.test(path.replace(/\/+$/, ''));
}

/** A file placed at `path` holds credentials: a credentials file by name, or a private key put into a `.ssh` folder. */
export function isCredentialDestination(path: string): boolean {
  const p = path.replace(/\/+$/, '');
  if (isCredentialPath(p) && !/(^|\/)\.ssh$/.test(p)) return true;
  const m = /(?:^|\/)\.ssh\/([^/]+)$/.exec(p);
  return !!m && !SSH_PUBLIC.test(m[1]) && KEY_NAME.test(m[1]);
}

/** What a RUN must contain to write a credentials file or a URL with user info (checked before its commands are split). */
export const MAY_HOLD_CREDENTIALS = /:\/\/.*@|netrc|credentials|\.ssh|id_(rsa|ed25519|ecdsa|dsa)|npmrc|\.docker/;

/**
 * A URL with user info, also when the token comes from `$(cat /run/secrets/x)` or `${TOKEN}` (it is expanded at
 * build time). The host after the user info must look like one (a dotted name, localhost, an IP literal or a
 * variable, which may run on into `.insteadOf`) and end the URL (or a GOPROXY list entry), so a sed expression such as `s@http://.*.debian.org@${MIRROR}@g`
 * is not taken for a URL with user info.
 */
export const TOKEN_URL =
  /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:\$\([^)]*\)|\$\{[^}]*\}|[^\s/@'"$*]|\$)+@(?:(?:\$\{[^}]*\}|\$[A-Za-z_]\w*)[A-Za-z0-9.-]*|localhost|\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?::\d+)?(?=[/\s'"?#,|]|$)/;

/** `ssh://git@host/…`: an SSH user name with no password is not a secret (the key stays outside the URL). */
export function sshUserOnly(text: string): boolean {
  const m = /\b(?:git\+)?ssh:\/\/([^\s/@'"]+)@/i.exec(text);
  return !!m && !m[1].includes(':') && !/\$/.test(m[1]);
}

/** A sed `s@…@…@` command (after an optional address): every unescaped `@` in it is a delimiter, never user info. */
const SED_AT_EXPRESSION = /^(?:[0-9$,]*|\/[^/]*\/)s@/;

/** The words of a command that are URLs with user info (not an SSH user alone, not a sed expression with `@` delimiters). */
export function tokenUrlWords(cmd: ShellCommand): ShellWord[] {
  const sed = cmd.words[0]?.text === 'sed';
  return cmd.words.filter((w) => TOKEN_URL.test(w.text) && !sshUserOnly(w.text) && !(sed && SED_AT_EXPRESSION.test(w.text)));
}

/** The last part of a variable name that says the value is a secret (`GITHUB_TOKEN`, `DB_PASSWORD`, `GH_PAT`). */
const SECRET_PART = new Set([
  'TOKEN',
  'PASSWORD',
  'PASSWD',
  'PASS',
  'SECRET',
  'KEY',
  'CREDENTIALS',
  'CREDENTIAL',
  'CREDS',
  'AUTH',
  'PAT',
  'APIKEY',
  'PASSPHRASE',
]);
/** Parts that make a `…_KEY` public or not a secret (`GPG_KEY` is a fingerprint, `CACHE_KEY` a cache name). */
const PUBLIC_PART = new Set(['GPG', 'PGP', 'PUBLIC', 'PUB', 'CACHE', 'SORT']);

/** Whether a variable's name says it holds a secret: its last `_` part is TOKEN, PASSWORD, SECRET, KEY, … */
export function isSecretName(name: string): boolean {
  const parts = name.toUpperCase().split('_').filter(Boolean);
  const last = parts[parts.length - 1];
  if (!last || !SECRET_PART.has(last)) return false;
  return !parts.some((p) => PUBLIC_PART.has(p));
}

/**
 * The part of a path from the credentials file go, git or ssh read from HOME on: `.netrc`, `_netrc`,
 * `.git-credentials`, `.gitconfig` or anything under `.ssh` (`root/.netrc` → `.netrc`, `~/.ssh/id_rsa` → `.ssh/id_rsa`).
 */
export function homeCredentialTail(path: string): string | undefined {
  return /(?:^|\/)((?:\.netrc|_netrc|\.git-credentials|\.gitconfig)$|\.ssh(?:\/[^/]+)*$)/.exec(path.replace(/\/+$/, ''))?.[1];
}

/** The credential files go and git read when they fetch a module (netrc, git's credential store, SSH keys). */
const FETCH_CREDENTIAL_FILE = /(^|\/)(\.netrc|_netrc|\.git-credentials|\.ssh\/id_[^/]*(?<!\.pub)|id_rsa|id_ed25519|id_ecdsa|id_dsa)$/;

/** Commands that write the files their arguments name. */
export const WRITERS = new Set(['tee', 'cp', 'mv', 'install']);

/** The fetch credential file a command writes (`> ~/.netrc`, `tee -a ~/.netrc`), as written; undefined for none. */
export function fetchCredentialFileWritten(cmd: ShellCommand): string | undefined {
  for (const x of cmd.redirections) {
    const target = x.target?.text.replace(/\/+$/, '');
    if (x.op.includes('>') && target && FETCH_CREDENTIAL_FILE.test(target)) return x.target!.text;
  }
  if (!WRITERS.has(cmd.words[0]?.text ?? '')) return undefined;
  return cmd.words.slice(1).find((w) => !w.text.startsWith('-') && FETCH_CREDENTIAL_FILE.test(w.text.replace(/\/+$/, '')))?.text;
}
