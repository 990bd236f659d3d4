// A rule is one unit: a stable id, its family, its default severity, its title in every language we ship and its
// check, all made by defineRule in the family's file under server/src/rules/ and listed once in ALL_RULES
// (server/src/rules/index.ts). test/unit/rule-registry.test.ts holds the registry, RULE_IDS, package.json and the
// README to each other.
import type { Finding, Locale, RuleId, Severity } from '../core/types';
import type { DocumentKind } from '../core/request';
import type { AnalysisContext } from '../model/context';
import type { ParsedDockerfile } from '../model/parsedDockerfile';

/** A finding as a rule reports it; the engine fills in rule id, uri default and the effective severity. */
export type Report = Omit<Finding, 'rule' | 'severity' | 'uri' | 'fixes'> & {
  uri?: string;
  /** The fixes, or a function computing them when an editor first asks (most findings are never fixed). */
  fixes?: Finding['fixes'] | (() => Finding['fixes']);
  /** Rules whose severity depends on the situation (e.g. goproxy-unset when the default proxy is unhealthy). */
  severity?: Severity;
};

/**
 * A report judgeStages keeps with a stage, and the finding the analysis made of it: given again, the same report makes
 * the same finding (while its severity and range come out the same), and the server the same diagnostic.
 */
export interface KeptReport {
  readonly report: Report;
  finding?: Finding;
}

/** Takes a rule's report; `kept` is given with a report judgeStages keeps. */
export type Reporter = (r: Report, kept?: KeptReport) => void;

/** One line saying what the rule finds: SARIF rule descriptions, CLI listings and settings docs. */
export type RuleTitle = Readonly<Record<Locale, string>>;

export interface Rule<I extends RuleId = RuleId> {
  readonly id: I;
  /**
   * The leading words of the id (`goproxy` for goproxy-unset, `build-arg` for build-arg-unused): the rule is defined
   * in server/src/rules/<family>.ts or in a file of the folder server/src/rules/<family>/.
   */
  readonly family: string;
  readonly defaultSeverity: Severity;
  readonly title: RuleTitle;
  /** Which documents the rule runs on. */
  readonly appliesTo: readonly DocumentKind[];
  /**
   * The rule's findings are about where a setting stands (before or after a step, overridden), not about its value:
   * a finding on an ARG whose value a build argument gives keeps its message and fixes.
   */
  readonly aboutPlacement?: boolean;
  check(ctx: AnalysisContext, report: Reporter): void;
}

interface RuleSpec<F extends string, I extends RuleId> {
  /** One of RULE_IDS (core/types.ts), starting with the family and a dash: the compiler rejects any other. */
  id: I;
  family: F;
  severity: Severity;
  title: RuleTitle;
  aboutPlacement?: boolean;
}

/** A rule on Dockerfiles (no appliesTo): its check runs with the parsed Dockerfile, and never for other documents. */
interface DockerfileRuleSpec<F extends string, I extends RuleId> extends RuleSpec<F, I> {
  appliesTo?: undefined;
  check(parsed: ParsedDockerfile, ctx: AnalysisContext, report: Reporter): void;
}

/** A rule on the documents it names: its check reads what it needs from the context. */
interface DocumentRuleSpec<F extends string, I extends RuleId> extends RuleSpec<F, I> {
  appliesTo: readonly DocumentKind[];
  check(ctx: AnalysisContext, report: Reporter): void;
}

type FamilyId<F extends string> = RuleId & `${F}-${string}`;

export function defineRule<const F extends string, const I extends FamilyId<F>>(spec: DockerfileRuleSpec<F, I>): Rule<I>;
export function defineRule<const F extends string, const I extends FamilyId<F>>(spec: DocumentRuleSpec<F, I>): Rule<I>;
export function defineRule<F extends string, I extends FamilyId<F>>(spec: DockerfileRuleSpec<F, I> | DocumentRuleSpec<F, I>): Rule<I> {
  const base = { id: spec.id, family: spec.family, defaultSeverity: spec.severity, title: spec.title, aboutPlacement: spec.aboutPlacement };
  if (spec.appliesTo) return { ...base, appliesTo: spec.appliesTo, check: spec.check };
  const check = spec.check;
  return {
    ...base,
    appliesTo: ['dockerfile'],
    check(ctx, report) {
      const parsed = ctx.dockerfile;
      if (parsed) check(parsed, ctx, report);
    },
  };
}
