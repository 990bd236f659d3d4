// Hover and completion documentation for the Go environment variables a Dockerfile author sets. The texts (en +
// zh-cn) are in l10n/docs.<locale>.json (variables, misspellings); here are the names, links and Go versions.
// Defaults were checked against the go command (Go 1.26: `go env -json` with GOENV=off and an empty HOME;
// `go help environment`, `go help goauth`, `go help vcs`, `go help telemetry`; the go command's sources).
// Texts are Markdown: literal values, names and commands are in backticks.
import type { Localized } from '../../core/localize';
import { docText, type DocTexts } from './docTexts';

export interface VariableDoc {
  name: string;
  /** One or two sentences: what it does for module downloads/builds. */
  summary: Localized;
  /**
   * The go command's default, as Markdown text: literal values are in backticks (`https://proxy.golang.org,direct`),
   * phrases are plain (the value of `GOPRIVATE`). Variables whose default is empty start with "empty" / "空".
   */
  defaultValue: Localized;
  /** Accepted values / syntax, short Markdown (a few bullet lines). */
  values: Localized;
  /** Go version that introduced it, if after 1.13 (e.g. '1.21' for GOTOOLCHAIN, '1.24' for GOAUTH). */
  since?: string;
  /** For typos of real variables: the real name. */
  typoOf?: string;
  /** A link to the official documentation (https://go.dev/ref/mod#…, https://pkg.go.dev/cmd/go#hdr-…). */
  link: string;
}

const LINK = {
  env: 'https://go.dev/ref/mod#environment-variables',
  private: 'https://go.dev/ref/mod#private-modules',
  sumdb: 'https://go.dev/ref/mod#checksum-database',
  modCommands: 'https://go.dev/ref/mod#mod-commands',
  moduleCache: 'https://go.dev/ref/mod#module-cache',
  workspaces: 'https://go.dev/ref/mod#workspaces',
  govcs: 'https://go.dev/ref/mod#vcs-govcs',
  toolchain: 'https://go.dev/doc/toolchain',
  goauth: 'https://pkg.go.dev/cmd/go#hdr-GOAUTH_environment_variable',
  gopath: 'https://pkg.go.dev/cmd/go#hdr-GOPATH_environment_variable',
  cache: 'https://pkg.go.dev/cmd/go#hdr-Build_and_test_caching',
  goenv: 'https://pkg.go.dev/cmd/go#hdr-Print_Go_environment_information',
  install: 'https://pkg.go.dev/cmd/go#hdr-Compile_and_install_packages_and_dependencies',
  cmdEnv: 'https://pkg.go.dev/cmd/go#hdr-Environment_variables',
  cgo: 'https://pkg.go.dev/cmd/cgo',
  ports: 'https://go.dev/doc/install/source#environment',
  minReq: 'https://go.dev/wiki/MinimumRequirements',
  godebug: 'https://go.dev/doc/godebug',
  runtimeEnv: 'https://pkg.go.dev/runtime#hdr-Environment_Variables',
  telemetry: 'https://go.dev/doc/telemetry',
} as const;

/** The link of each real variable a typo can point to. */
const TYPO_TARGET_LINK: Record<string, string> = {
  GOPROXY: LINK.env,
  GOPRIVATE: LINK.private,
  GONOSUMDB: LINK.private,
  GOSUMDB: LINK.sumdb,
};

type VariableName = keyof DocTexts['variables'];
type MisspelledName = keyof DocTexts['misspellings']['summaries'];

const bullets = (lines: string[]): string => lines.map((l) => `- ${l}`).join('\n');

function variable(name: VariableName, link: string, since?: string): VariableDoc {
  return {
    name,
    summary: docText((t) => t.variables[name].summary),
    defaultValue: docText((t) => t.variables[name].defaultValue),
    values: docText((t) => bullets(t.variables[name].values)),
    ...(since === undefined ? {} : { since }),
    link,
  };
}

/** A name the go command never reads, written for `real`: its hover says so and names the real variable. */
function typo(name: MisspelledName, real: VariableName): VariableDoc {
  return {
    name,
    summary: docText((t) => t.misspellings.summaries[name]),
    defaultValue: docText((t) => t.misspellings.defaultValue),
    values: docText<[]>(
      (t) => bullets(t.misspellings.values),
      () => [real],
    ),
    typoOf: real,
    link: TYPO_TARGET_LINK[real] ?? LINK.env,
  };
}

const DOCS: VariableDoc[] = [
  // ---- Module downloads -------------------------------------------------------------------------
  variable('GOPROXY', LINK.env),
  variable('GOPRIVATE', LINK.private),
  variable('GONOPROXY', LINK.private),
  variable('GONOSUMDB', LINK.private),
  variable('GOSUMDB', LINK.sumdb),
  variable('GOINSECURE', LINK.env, '1.14'),
  variable('GOAUTH', LINK.goauth, '1.24'),
  variable('GOVCS', LINK.govcs, '1.16'),
  variable('GOFLAGS', LINK.cmdEnv),
  variable('GO111MODULE', LINK.modCommands),
  variable('GOTOOLCHAIN', LINK.toolchain, '1.21'),

  // ---- Where things are stored ------------------------------------------------------------------
  variable('GOMODCACHE', LINK.moduleCache, '1.15'),
  variable('GOCACHE', LINK.cache),
  variable('GOPATH', LINK.gopath),
  variable('GOBIN', LINK.install),
  variable('GOENV', LINK.goenv),
  variable('GOWORK', LINK.workspaces, '1.18'),
  variable('GOROOT', LINK.cmdEnv),

  // ---- What is built ----------------------------------------------------------------------------
  variable('CGO_ENABLED', LINK.cgo),
  variable('GOOS', LINK.ports),
  variable('GOARCH', LINK.ports),
  variable('GOAMD64', LINK.minReq, '1.18'),
  variable('GOARM', LINK.minReq),
  variable('GOEXPERIMENT', LINK.cmdEnv),
  variable('GODEBUG', LINK.godebug),
  variable('GOMAXPROCS', LINK.runtimeEnv),
  variable('GOTELEMETRY', LINK.telemetry, '1.23'),

  // ---- Misspellings: the go command never reads these ---------------------------------------------
  typo('GONOSUMCHECK', 'GONOSUMDB'),
  typo('GONOVERIFY', 'GONOSUMDB'),
  typo('GO_PROXY', 'GOPROXY'),
  typo('GO_PRIVATE', 'GOPRIVATE'),
  typo('GOPRIVATES', 'GOPRIVATE'),
  typo('GO_SUMDB', 'GOSUMDB'),
];

export const VARIABLE_DOCS: ReadonlyMap<string, VariableDoc> = new Map(DOCS.map((d) => [d.name, d]));

export function variableDoc(name: string): VariableDoc | undefined {
  return VARIABLE_DOCS.get(name);
}

/**
 * Names to offer in completions after ENV/ARG, most useful first. Typos are never offered, nor GOTELEMETRY
 * (the go command does not read it from the environment).
 */
export const COMPLETION_ORDER: readonly string[] = [
  'GOPROXY',
  'GOPRIVATE',
  'GONOSUMDB',
  'GONOPROXY',
  'GOSUMDB',
  'GOFLAGS',
  'GOTOOLCHAIN',
  'CGO_ENABLED',
  'GOOS',
  'GOARCH',
  'GOINSECURE',
  'GOAUTH',
  'GOMODCACHE',
  'GOCACHE',
  'GOPATH',
  'GOWORK',
  'GOVCS',
  'GO111MODULE',
  'GOAMD64',
  'GOARM',
  'GOBIN',
  'GOEXPERIMENT',
  'GODEBUG',
  'GOMAXPROCS',
  'GOENV',
  'GOROOT',
];
