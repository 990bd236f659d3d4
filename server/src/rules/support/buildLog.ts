// What a RUN's command writes to the build log, and which variables in its scope hold a secret.
import type { Instruction, RunInstruction, ShellCommand } from '../../syntax/dockerfileModel';
import type { EnvBinding, EnvMap } from '../../goenv/timelineModel';
import { isSecretName, TOKEN_URL } from '../../model/credentials';

/** Commands that pass what they read on to their own output (encoded or not, it is still the secret). */
const PASS_THROUGH = /^(tee|cat|base64|xxd|od|hexdump|head|tail|sort|tr|rev)$/;
/** Where output written to a file still reaches the log. */
const LOG_DEVICES = /^\/dev\/(stdout|stderr|tty)$/;

export function commandName(cmd: ShellCommand): string {
  const w = cmd.words[0]?.text ?? '';
  return w.slice(w.lastIndexOf('/') + 1);
}

/** Whether the command's standard output ends up in the log (the last redirection of stdout decides). */
function stdoutToLog(cmd: ShellCommand): boolean {
  let toLog = true;
  for (const r of cmd.redirections) {
    const target = r.target?.text ?? '';
    if (r.op.startsWith('&>')) toLog = LOG_DEVICES.test(target);
    else if (r.fd !== undefined && r.fd !== '1') continue;
    else if (r.op === '>&') toLog = target === '1' || target === '2';
    else if (r.op === '>' || r.op === '>>' || r.op === '>|') toLog = LOG_DEVICES.test(target);
  }
  return toLog;
}

/**
 * Whether what the command prints reaches the build log: its output is not redirected to a file, and not piped into
 * a command that consumes it (`| docker login --password-stdin`), only into one that prints it again (`| tee x`).
 */
export function reachesLog(cmd: ShellCommand, depth = 0): boolean {
  if (!stdoutToLog(cmd)) return false;
  if (!cmd.pipedOut) return true;
  const next = cmd.pipeInto;
  return !!next && depth < 8 && PASS_THROUGH.test(commandName(next)) && reachesLog(next, depth + 1);
}

/**
 * `{ …; } > file`, `( … ) > file`, `done > file`: output of a whole group goes to a file. The commands are split
 * one by one, so a RUN with such a group is not judged on what its commands print.
 */
export function redirectsGroups(run: RunInstruction): boolean {
  const text = [run.argsText, ...run.heredocs.map((h) => h.content)].join('\n');
  return /[})]\s*\d*>|\b(done|fi|esac)\s*\d*>/.test(text);
}

export type SecretSource = 'arg' | 'env' | 'mount' | 'run' | 'url';

export interface SecretVariable {
  name: string;
  source: SecretSource;
  /** For 'url': the value, which holds user info. */
  value?: string;
}

/** An ARG or ENV (own or inherited) that holds a secret: its name says so, or its value is a URL with user info. */
export function secretOf(name: string, b: EnvBinding | undefined): SecretVariable | undefined {
  const kind = b?.origin.kind;
  // `go env -w` values live in go's own file, not in the environment.
  if (!b || (kind !== 'arg' && kind !== 'env' && kind !== 'inherited')) return undefined;
  if (TOKEN_URL.test(b.value)) return { name, source: 'url', value: b.value };
  // An ENV set to nothing holds nothing; an ARG receives its value from --build-arg.
  if (isSecretName(name) && (kind === 'arg' || b.value !== '')) return { name, source: kind === 'arg' ? 'arg' : 'env' };
  return undefined;
}

/** What a lookup of the secret variables in scope needs: the rule asks by name, or for any one. */
export interface SecretScope {
  get(name: string): SecretVariable | undefined;
  has(name: string): boolean;
  first(): SecretVariable | undefined;
}

/**
 * The secret variables in scope along a stage, kept up to date instruction by instruction: the ARG and ENV lines
 * change a few names each, so a stage costs the variables it starts with plus the names it sets, not every variable
 * again at every RUN.
 */
export class StageSecrets {
  private scope: Map<string, SecretVariable> | undefined;
  private at = 0;
  constructor(
    private readonly instructions: readonly Instruction[],
    private readonly envBefore: readonly EnvMap[],
  ) {}
  /** The secrets a RUN at position k starts with, with its own `--mount=type=secret,env=NAME` and the RUN's own `local` ones. */
  before(k: number, run: RunInstruction, local: ReadonlyMap<string, SecretVariable>): SecretScope {
    const scope = this.advance(k);
    const mounts = new Map<string, SecretVariable>();
    for (const m of run.mounts) {
      const name = m.type === 'secret' ? m.options.env : undefined;
      if (name) mounts.set(name, { name, source: 'mount' });
    }
    const get = (name: string) => local.get(name) ?? mounts.get(name) ?? scope.get(name);
    return {
      get,
      has: (name) => get(name) !== undefined,
      first: () => local.values().next().value ?? mounts.values().next().value ?? scope.values().next().value,
    };
  }
  private advance(k: number): Map<string, SecretVariable> {
    if (!this.scope) {
      this.scope = new Map();
      this.envBefore[k]?.forEach((b, name) => {
        const s = secretOf(name, b);
        if (s) this.scope!.set(name, s);
      });
      this.at = k;
    }
    for (; this.at < k; this.at++) {
      const ins = this.instructions[this.at];
      const names = ins.kind === 'ENV' ? ins.vars.map((v) => v.name) : ins.kind === 'ARG' ? ins.args.map((a) => a.name) : [];
      for (const name of names) {
        const s = secretOf(name, this.envBefore[this.at + 1]?.get(name));
        if (s) this.scope.set(name, s);
        else this.scope.delete(name);
      }
    }
    return this.scope;
  }
}

/** `export TOKEN=…`, `TOKEN=$(cat /run/secrets/x)`: a variable the RUN itself sets to a secret, for the commands after it. */
export function runSetsSecret(cmd: ShellCommand): string[] {
  const pairs: [string, string][] = [];
  if (cmd.words.length === 0) for (const a of cmd.prefixAssignments) pairs.push([a.name, a.value ?? '']);
  if (commandName(cmd) === 'export' || commandName(cmd) === 'declare' || commandName(cmd) === 'readonly') {
    for (const w of cmd.words.slice(1)) {
      const eq = w.text.indexOf('=');
      if (eq > 0) pairs.push([w.text.slice(0, eq), w.text.slice(eq + 1)]);
    }
  }
  return pairs.filter(([name, value]) => isSecretName(name) || TOKEN_URL.test(value) || value.includes('/run/secrets/')).map(([name]) => name);
}
