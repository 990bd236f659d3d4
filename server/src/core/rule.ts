// A rule is a small object with a stable id; one family of rules per file under server/src/rules/.
import type { Finding, RuleId, Severity } from './types';
import type { DocumentKind } from './request';
import type { AnalysisContext } from './context';

/** A finding as a rule reports it; the engine fills in rule id, uri default and the effective severity. */
export type Report = Omit<Finding, 'rule' | 'severity' | 'uri' | 'fixes'> & {
  uri?: string;
  /** The fixes, or a function computing them when an editor first asks (most findings are never fixed). */
  fixes?: Finding['fixes'] | (() => Finding['fixes']);
  /** Rules whose severity depends on the situation (e.g. goproxy-unset when the default proxy is unhealthy). */
  severity?: Severity;
};

export interface Rule {
  id: RuleId;
  defaultSeverity: Severity;
  /** Which documents the rule runs on. */
  appliesTo: readonly DocumentKind[];
  /**
   * The rule's findings are about where a setting stands (before or after a step, overridden), not about its value:
   * a finding on an ARG whose value a build argument gives keeps its message and fixes.
   */
  aboutPlacement?: boolean;
  check(ctx: AnalysisContext, report: (r: Report) => void): void;
}

import type { ParsedDockerfile } from './context';

interface DockerfileRuleSpec {
  id: RuleId;
  defaultSeverity: Severity;
  aboutPlacement?: boolean;
  check(parsed: ParsedDockerfile, ctx: AnalysisContext, report: (r: Report) => void): void;
}

/** A rule on Dockerfiles: its check runs with the parsed Dockerfile (and never for other documents). */
export function dockerfileRule(spec: DockerfileRuleSpec): Rule {
  return {
    id: spec.id,
    defaultSeverity: spec.defaultSeverity,
    aboutPlacement: spec.aboutPlacement,
    appliesTo: ['dockerfile'],
    check(ctx, report) {
      const parsed = ctx.dockerfile;
      if (parsed) spec.check(parsed, ctx, report);
    },
  };
}
