// What the analysis benchmark runs, bundled and minified as the shipped server is (see run.ts): the figures are
// those of the code users run, not of the TypeScript loader.
export { analyze, analyzeContext } from '../../server/src/analysis';
export { AnalysisContext } from '../../server/src/model/context';
export { DEFAULT_SETTINGS } from '../../server/src/core/types';
// And the workspace, for the cost of its events (workspaceEvents.bench.ts).
export { Workspace } from '../../server/src/host/workspace';
