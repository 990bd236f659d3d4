// Whether a command of a RUN runs, from the conditions around it (`if`, `case`, `&&`, `||`; syntax/shellFlow.ts) and
// what the tests there decide (syntax/shellTest.ts) with the values the Dockerfile gives the shell.
import type { ShellCommand } from '../syntax/dockerfileModel';
import { isUnknownValue } from '../syntax/dockerWords';
import { guardOutcome, type ShellOracle } from '../syntax/shellTest';
import type { EnvBinding } from './timelineModel';

/** For certain, never, or only under a condition not known here. */
export type Runs = 'yes' | 'no' | 'maybe';

const TEST_COMMANDS = new Set(['[', '[[', 'test', 'true', 'false', ':']);

export function commandRuns(cmd: ShellCommand, oracle: ShellOracle): Runs {
  let runs: Runs = 'yes';
  for (const g of cmd.guards) {
    const outcome = guardOutcome(g, oracle);
    if (outcome === false) return 'no';
    if (outcome === true) continue;
    // `cd /src && go mod download`, `if …; fi && go mod download`: when the command (or compound command, pipeline)
    // before `&&` fails, so does the build. A test decides a branch.
    const afterCommand =
      g.kind === 'condition' && g.branch === '&&' && !!g.condition?.every((t) => !t.command || !TEST_COMMANDS.has(t.command.words[0]?.text ?? ''));
    if (!afterCommand) runs = 'maybe';
  }
  return runs;
}

/** ARGs that BuildKit gives the build's platform when the ARG line has no default: not known here. */
const PLATFORM_ARGS = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT']);

/**
 * What a test or `case` sees: a value the RUN exported earlier (unless under a condition not known: `maybe`), else
 * one the Dockerfile's ENV or ARG gives; anything else (the base image's ENV) is not known.
 */
export function conditionOracle(
  exported: ReadonlyMap<string, EnvBinding>,
  maybe: ReadonlySet<string>,
  docker: (name: string) => EnvBinding | undefined,
): ShellOracle {
  return (n) => {
    if (maybe.has(n)) return undefined;
    const own = exported.get(n);
    // A shell value that could not be worked out is kept as written (`$(cat f)`): not known.
    if (own) return isUnknownValue(own.value) || (own.value === own.raw && /[$`]/.test(own.raw)) ? undefined : { value: own.value };
    const b = docker(n);
    if (!b || isUnknownValue(b.value)) return undefined;
    return b.origin.kind === 'arg' && !b.origin.buildArg && b.raw === '' && PLATFORM_ARGS.has(n) ? undefined : { value: b.value };
  };
}
