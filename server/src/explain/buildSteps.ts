// The steps of a build log and the output each printed, recognised without being told the format: BuildKit's plain
// progress (`#12 [build 4/6] RUN …`, `#12 0.532 go: …`, the summary and `Dockerfile:12` excerpt of a failure), its
// terminal display as copied from a terminal (`=> ERROR [build 4/6] RUN …`), the legacy builder (`Step 5/8 : RUN …`),
// podman and buildah (`[1/2] STEP 5/8: RUN …`, `Error: building at STEP "…"`), and bare go output (no steps).
import { logLines, type LogWrapper } from './logLines';

export type LogFormat = 'buildkit-plain' | 'buildkit-tty' | 'legacy-builder' | 'podman' | 'go';

/** How the builder counts steps: BuildKit per stage (FROM and the instructions that make a layer), the legacy builder over the whole file, podman per stage (every instruction). */
export type StepNumbering = 'buildkit' | 'legacy' | 'podman';

export interface LogStep {
  /** The instruction as the builder printed it (`RUN go mod download`). */
  instruction: string;
  numbering: StepNumbering;
  /** BuildKit: the stage's name, or `stage-N` for an unnamed one. */
  stage?: string;
  /** Podman: the stage's 1-based number. */
  stageNumber?: number;
  /** The step's 1-based number as printed (`4` of `[build 4/6]`). */
  number?: number;
  /** The Dockerfile line the builder's excerpt points at (1-based). */
  dockerfileLine?: number;
  failed: boolean;
  /** The log line where the step starts (1-based). */
  logLine: number;
  /** How the log names it (`[build 4/6] RUN go mod download`). */
  label: string;
}

export interface StepLine {
  n: number;
  text: string;
  step?: LogStep;
}

export interface BuildLog {
  format: LogFormat;
  wrapper?: LogWrapper;
  steps: LogStep[];
  lines: StepLine[];
  /** The Dockerfile the log names (`load build definition from Dockerfile.prod`, an excerpt's `Dockerfile.prod:12`). */
  dockerfileName?: string;
}

const BK_HEADER = /^#(\d+) \[(?:(\S+) )?(\d+)\/(\d+)\] (.+)$/;
const BK_OUTPUT = /^#(\d+) \d+\.\d+ ?(.*)$/;
const BK_ERROR = /^#(\d+) ERROR: (.*)$/;
const TTY_HEADER = /^\s*=> (ERROR |CACHED |CANCELED )?\[(?:(\S+) )?(\d+)\/(\d+)\] (.+?)(?:\s+\d+(?:\.\d+)?s)?$/;
const SUMMARY_HEADER = /^ > \[(?:(\S+) )?(\d+)\/(\d+)\] (.+):$/;
const SUMMARY_OUTPUT = /^(?:#\d+ )?\d+\.\d+ ?(.*)$/;
const EXCERPT_HEAD = /^([\w./-]*[Dd]ockerfile[\w./-]*|[\w./-]+):(\d+)$/;
const EXCERPT_LINE = /^\s*(\d+) \|( >>>)? ?/;
const LEGACY_HEADER = /^Step (\d+)\/(\d+) : (.+)$/;
const LEGACY_FAILED = /^The command '(.*)' returned a non-zero code: \d+$/;
const PODMAN_HEADER = /^(?:\[(\d+)\/(\d+)\] )?STEP (\d+)(?:\/(\d+))?: (.+)$/;
const PODMAN_FAILED = /^(?:Error: |error )building at STEP "(.+)": /;
const SOLVE_FAILED =
  /^(?:ERROR: failed to solve: |failed to solve: )?(?:process "\/bin\/sh -c (.*)" did not complete successfully|executor failed running \[\/bin\/sh -c (.*)\]): exit code: \d+$/;
const BUILDER_NOISE =
  /^\s*(---> |--> |Removing intermediate container|Sending build context|COMMIT|Successfully (built|tagged)|DEPRECATED:|\s+BuildKit is currently|\s+environment-variable|\s+Install the buildx)/;
const BK_NOISE = /^#\d+ (DONE|CACHED|CANCELED|sha256:|transferring|resolve|extracting|exporting|writing|naming|\.\.\.)/;

/** Whitespace folded, a shell form's `/bin/sh -c` left out: how the log and the Dockerfile write the same instruction. */
export function instructionKey(text: string): string {
  return text
    .replace(/\\\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function readBuildLog(log: string): BuildLog {
  const { lines, wrapper } = logLines(log);
  const out: BuildLog = { format: 'go', steps: [], lines: [], ...(wrapper ? { wrapper } : {}) };
  const seen = new Set<LogFormat>();
  const byVertex = new Map<string, LogStep>();
  let current: LogStep | undefined;
  let summary: LogStep | undefined;
  let inSummary = false;
  let excerpt: 'head' | 'body' | undefined;
  let lastFailed: LogStep | undefined;

  const stepFor = (numbering: StepNumbering, label: string, instruction: string, n: number, extra: Partial<LogStep>): LogStep => {
    // BuildKit's display repeats a step (progress, the summary): one step per label.
    const same = out.steps.find((s) => s.label === label && s.numbering === numbering);
    if (same) return same;
    const step: LogStep = { instruction, numbering, failed: false, logLine: n, label, ...extra };
    out.steps.push(step);
    return step;
  };
  const fail = (step: LogStep | undefined) => {
    if (step) ((step.failed = true), (lastFailed = step));
  };
  const push = (n: number, text: string, step: LogStep | undefined) => out.lines.push({ n, text, ...(step ? { step } : {}) });
  const byInstruction = (instruction: string) => [...out.steps].reverse().find((s) => instructionKey(s.instruction) === instructionKey(instruction));

  for (const { n, text } of lines) {
    let m: RegExpExecArray | null;
    const named = /load build definition from (\S+)/.exec(text);
    if (named && out.dockerfileName === undefined) out.dockerfileName = named[1];
    // The Dockerfile excerpt under a BuildKit error: `Dockerfile:12`, a rule, numbered lines, a rule.
    if (excerpt === 'head') {
      excerpt = /^-{10,}$/.test(text) ? 'body' : undefined;
      if (excerpt) continue;
    } else if (excerpt === 'body') {
      if (/^-{10,}$/.test(text)) excerpt = undefined;
      else if ((m = EXCERPT_LINE.exec(text)) && m[2] && lastFailed && lastFailed.dockerfileLine === undefined) lastFailed.dockerfileLine = Number(m[1]);
      continue;
    }
    if ((m = EXCERPT_HEAD.exec(text)) && !inSummary) {
      excerpt = 'head';
      out.dockerfileName ??= m[1];
      if (lastFailed?.dockerfileLine !== undefined) lastFailed = undefined;
      continue;
    }
    if (text === '------') {
      inSummary = !inSummary;
      if (!inSummary) summary = undefined;
      continue;
    }
    if (inSummary) {
      if ((m = SUMMARY_HEADER.exec(text))) {
        const label = `[${m[1] ? m[1] + ' ' : ''}${m[2]}/${m[3]}] ${m[4]}`;
        summary = stepFor('buildkit', label, m[4]!, n, { ...(m[1] ? { stage: m[1] } : {}), number: Number(m[2]) });
        fail(summary);
      } else push(n, (SUMMARY_OUTPUT.exec(text)?.[1] ?? text).replace(/^ /, ''), summary);
      continue;
    }
    if ((m = BK_HEADER.exec(text))) {
      seen.add('buildkit-plain');
      const label = `[${m[2] ? m[2] + ' ' : ''}${m[3]}/${m[4]}] ${m[5]}`;
      byVertex.set(m[1]!, stepFor('buildkit', label, m[5]!, n, { ...(m[2] ? { stage: m[2] } : {}), number: Number(m[3]) }));
      continue;
    }
    if ((m = BK_ERROR.exec(text))) {
      fail(byVertex.get(m[1]!));
      continue;
    }
    if (BK_NOISE.test(text) || /^#\d+ \[/.test(text)) continue;
    if ((m = BK_OUTPUT.exec(text))) {
      push(n, m[2]!, byVertex.get(m[1]!));
      continue;
    }
    if ((m = TTY_HEADER.exec(text))) {
      seen.add('buildkit-tty');
      const label = `[${m[2] ? m[2] + ' ' : ''}${m[3]}/${m[4]}] ${m[5]}`;
      const step = stepFor('buildkit', label, m[5]!, n, { ...(m[2] ? { stage: m[2] } : {}), number: Number(m[3]) });
      if (m[1] === 'ERROR ') fail(step);
      continue;
    }
    if (/^\s*=> |^\[\+\] Building /.test(text)) continue;
    if ((m = LEGACY_HEADER.exec(text))) {
      seen.add('legacy-builder');
      current = stepFor('legacy', text, m[3]!, n, { number: Number(m[1]) });
      continue;
    }
    if ((m = LEGACY_FAILED.exec(text))) {
      fail(current ?? byInstruction(`RUN ${m[1]!.replace(/^\/bin\/sh -c /, '')}`));
      current = undefined;
      continue;
    }
    if ((m = PODMAN_HEADER.exec(text))) {
      seen.add('podman');
      current = stepFor('podman', text, m[5]!, n, { number: Number(m[3]), ...(m[1] ? { stageNumber: Number(m[1]) } : {}) });
      continue;
    }
    if ((m = PODMAN_FAILED.exec(text))) {
      fail(current && instructionKey(current.instruction) === instructionKey(m[1]!) ? current : byInstruction(m[1]!));
      current = undefined;
      continue;
    }
    if ((m = SOLVE_FAILED.exec(text))) {
      const failedRun = byInstruction(`RUN ${m[1] ?? m[2]}`);
      if (failedRun && !failedRun.failed) fail(failedRun);
      else if (failedRun) lastFailed = failedRun;
      continue;
    }
    if (BUILDER_NOISE.test(text)) continue;
    push(n, text, current);
  }
  out.format =
    (['buildkit-plain', 'buildkit-tty', 'legacy-builder', 'podman'] as const).find((f) => seen.has(f)) ?? (out.steps.length ? 'buildkit-plain' : 'go');
  return out;
}
