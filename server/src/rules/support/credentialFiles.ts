// Files that hold credentials, by name, and the shell commands that write them.
import type { ShellCommand } from '../../syntax/dockerfileModel';

/**
 * Files that hold credentials, by name: netrc, git credentials, a whole `.ssh` directory or a private key in it
 * (not `known_hosts`, `config` or `*.pub`, which are public), Docker credentials. Not `.npmrc`: most only name a
 * registry, and its content is not in view.
 */
export const CREDENTIAL_FILE = /(^|\/)(\.netrc|_netrc|\.git-credentials|\.ssh|\.ssh\/id_[^/]*(?<!\.pub)|id_rsa|id_ed25519|id_ecdsa|id_dsa|\.docker\/config\.json)$/;
export const SSH_KEY_FILE = /(^|\/)(\.ssh(\/id_[^/]*)?|id_rsa|id_ed25519|id_ecdsa|id_dsa)$/;
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
