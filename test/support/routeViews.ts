// What one Dockerfile + go.mod pair shows about a GOPROXY value: the findings, the route hover of each require
// line in go.mod, and the hover of the GOPROXY value itself, all from the same in-memory files.
import { AnalysisContext } from '../../server/src/model/context';
import { hoverAt } from '../../server/src/services/hover';
import { DEFAULT_SETTINGS, type Finding } from '../../server/src/core/types';
import { analyzeDockerfile, DOCKERFILE_URI, GOMOD_URI, GOSUM_URI } from './analysisHarness';

export interface RouteViews {
  dockerfile: string;
  findings: Finding[];
  /** The go.mod hover of each required module, by module path. */
  moduleHovers: Map<string, string>;
  /** The hover on the GOPROXY value in the Dockerfile. */
  valueHover: string;
}

/** A one-stage Dockerfile that downloads the modules of a go.mod requiring `modules`, with GOPROXY (and more) set by ENV. */
export function routeViews(goproxy: string, modules: readonly string[], env: Record<string, string> = {}, goSum?: string): RouteViews {
  const envLine = `ENV GOPROXY="${goproxy}"${Object.entries(env)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('')}`;
  const dockerfile = ['FROM golang:1.22', envLine, 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', ''].join('\n');
  const goMod = ['module example.com/app', '', 'go 1.22', '', 'require (', ...modules.map((m) => `\t${m} v1.0.0`), ')', ''].join('\n');
  const findings = analyzeDockerfile({ dockerfile, goMod, goSum });
  const related = { dockerfiles: [{ uri: DOCKERFILE_URI, text: dockerfile }], goSum: goSum !== undefined ? { uri: GOSUM_URI, text: goSum } : undefined };
  const modCtx = new AnalysisContext({ file: { uri: GOMOD_URI, text: goMod }, kind: 'gomod', related, settings: DEFAULT_SETTINGS, locale: 'en' });
  const moduleHovers = new Map<string, string>();
  modules.forEach((m, i) => moduleHovers.set(m, hoverAt(modCtx, { line: 5 + i, character: 2 })?.contents ?? ''));
  const dfCtx = new AnalysisContext({
    file: { uri: DOCKERFILE_URI, text: dockerfile },
    kind: 'dockerfile',
    related: { goMod: { uri: GOMOD_URI, text: goMod }, goSum: related.goSum },
    settings: DEFAULT_SETTINGS,
    locale: 'en',
  });
  const valueHover = hoverAt(dfCtx, { line: 1, character: 'ENV GOPROXY="'.length + 1 })?.contents ?? '';
  return { dockerfile, findings, moduleHovers, valueHover };
}
