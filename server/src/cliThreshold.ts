// What --fail-on and --quiet do with the findings: which of them make the exit status 1, and which are reported.
import type { Severity } from './core/types';
import type { FailOn } from './cliArgs';

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

/** Whether a finding of this severity makes the exit status 1. */
export function failsOn(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && RANK[severity] >= RANK[failOn];
}

/**
 * Whether a finding is reported: all are, except under --quiet, which keeps those at or above --fail-on. Under
 * `--fail-on never` it keeps the errors, as eslint's --quiet does: "quiet, but never fail" still shows what is broken.
 */
export function isReported(severity: Severity, failOn: FailOn, quiet: boolean): boolean {
  return !quiet || RANK[severity] >= RANK[failOn === 'never' ? 'error' : failOn];
}
