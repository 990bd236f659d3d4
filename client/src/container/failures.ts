// Sorting failures into kinds a person can act on, each with a cause and a fix. The go command's failures are the
// analysis core's (goenv/failures, texts in English and Simplified Chinese); the runtime's own are here, as English
// source strings with `{0}` placeholders passed through a translator (VS Code's l10n.t in the extension).
import { redactCredentials } from '../../../server/src/core/redact';
import type { Locale } from '../../../server/src/core/types';
import {
  classifyGoFailure as classifyGo,
  describeGoFailure,
  looksPrivate,
  privatePattern,
  type FailureContext,
  type GoFailureKind,
} from '../../../server/src/goenv/failures';
import type { Translate } from '../translate';

/** What went wrong in a container run: a go failure (classified by the analysis core) or one of the run itself. */
export type RunFailureKind = GoFailureKind | 'image-pull' | 'runtime-missing' | 'daemon-down' | 'permission-denied' | 'timeout' | 'cancelled';

export interface Classified {
  kind: RunFailureKind;
  cause: string;
  fix: string;
}

export { looksPrivate, privatePattern };

/** Classifies one go failure message (a `go:` line, a JSON `Error`, or a `# get` error), with its texts in the locale. */
export function classifyGoFailure(rawMessage: string, locale: Locale, ctx: FailureContext = {}): Classified {
  const failure = classifyGo(rawMessage, ctx);
  return { kind: failure.kind, ...describeGoFailure(failure, locale) };
}

/** Classifies a failure of the runtime itself (`docker run` exit 125, a missing binary, a dead daemon). */
export function classifyRuntimeFailure(stderr: string, t: Translate, image: string, runtime: string): Classified | undefined {
  const text = redactCredentials(stderr);
  if (/invalid reference format/i.test(text)) {
    return {
      kind: 'image-pull',
      cause: t('{0} is not a valid image reference.', image),
      fix: t('Correct the image name in the plan or in the goProxyDoctor.container.image setting.'),
    };
  }
  if (
    /No such image|Unable to find image|pull access denied|manifest unknown|manifest for .* not found|repository does not exist|failed to resolve reference|not found: manifest|Error response from daemon: Get "https:\/\/registry|error pulling image|short-name .* did not resolve/i.test(
      text,
    )
  ) {
    return {
      kind: 'image-pull',
      cause: t('The image {0} is not available locally and could not be pulled.', image),
      fix: t('Pull or build {0} first (docker pull {0}), or pick an image you have; behind a firewall, configure a registry mirror.', image),
    };
  }
  if (/permission denied while trying to connect|Got permission denied/i.test(text)) {
    return {
      kind: 'permission-denied',
      cause: t('You are not allowed to use the {0} daemon.', runtime),
      fix: t('Add your user to the docker group (then log in again), or use rootless {0}.', runtime),
    };
  }
  if (
    /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|cannot connect to Podman|failed to connect to containerd/i.test(text)
  ) {
    return {
      kind: 'daemon-down',
      cause: t('The {0} daemon is not running (or DOCKER_HOST points at nothing).', runtime),
      fix: t('Start the daemon (Docker Desktop, or sudo systemctl start docker) and try again.'),
    };
  }
  return undefined;
}

export function runtimeMissing(t: Translate, runtime: string): Classified {
  return {
    kind: 'runtime-missing',
    cause: t('{0} is not installed or not on PATH.', runtime),
    fix: t('Install {0}, or choose another runtime in the goProxyDoctor.container.runtime setting.', runtime),
  };
}

export function timedOut(t: Translate, seconds: number, waitingOn: readonly string[]): Classified {
  const hosts = waitingOn.length ? waitingOn.join(', ') : t('(no request was open)');
  return {
    kind: 'timeout',
    cause: t('go mod download did not finish within {0} s; still waiting for answers from: {1}.', seconds, hosts),
    fix: t(
      'A proxy that accepts connections but never answers stalls go forever (it has no timeout of its own). Remove or replace that proxy, or add a "|" fallback.',
    ),
  };
}

export function cancelled(t: Translate): Classified {
  return { kind: 'cancelled', cause: t('The run was cancelled.'), fix: t('Run the test again when you are ready.') };
}
