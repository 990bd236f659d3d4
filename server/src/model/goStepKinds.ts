// Kinds of go steps the cache and proxy rules tell apart: one that compiles through the build cache, and a fetch by
// version that ignores the build's go.mod.
import type { GoStep } from '../goenv/timelineModel';
import { namesVersion } from './steps';

const BUILD_SUBCOMMANDS = new Set(['build', 'install', 'run', 'test', 'generate', 'vet', 'list']);

/** Whether a step compiles through the build cache: not `go list -m` (versions only), not `-a` (rebuilds everything). */
export function usesBuildCache(step: GoStep): boolean {
  if (!BUILD_SUBCOMMANDS.has(step.subcommand)) return false;
  if (step.subcommand === 'list' && step.args.some((w) => w.text === '-m')) return false;
  return !step.args.some((w) => w.text === '-a');
}

/** `go install x@v1`, `go run x@latest`, `go get x@v`: fetches that ignore the build's go.mod. */
export function isVersionedFetch(step: GoStep): boolean {
  return (step.subcommand === 'install' || step.subcommand === 'run' || step.subcommand === 'get') && namesVersion(step);
}
