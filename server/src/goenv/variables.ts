// The Go environment variables, each once with what the analysis, the hovers, the container plan and the client need
// to know of it; every list of Go variables is derived from this table.

interface GoVariable {
  readonly name: string;
  /** `go env` lists it and a Dockerfile may set it (derived ones like GOVERSION left out): GO_VARIABLES. */
  readonly goEnv: boolean;
  /** It changes where and how modules are fetched. */
  readonly fetch?: true;
  /** Given to a build tool (make, a script), it is there for the go command the tool runs. */
  readonly buildTool?: true;
  /** Only a compiler reads it: a tool given it is there to compile Go. */
  readonly compile?: true;
  /** Where the go command puts things. */
  readonly location?: true;
  /** A comma-separated list of module path patterns. */
  readonly patterns?: true;
  /** A pattern list that routes modules around the proxy or the checksum database (GOINSECURE only allows HTTP). */
  readonly routing?: true;
  /** A row of the environment table in a go step's hover (rows in the order of this table). */
  readonly stepHover?: true;
  /** Its place among the variables a container plan passes on, as the plan lists them and the client reviews them. */
  readonly plan?: number;
  /** Its place among the variables `go env` prints that may carry a URL with user info (the first found is named). */
  readonly printedUrl?: number;
}

// In the order `go env` keeps them, roughly: module fetching first, then places, then the target and cgo.
const TABLE: readonly GoVariable[] = [
  { name: 'GOPROXY', goEnv: true, fetch: true, buildTool: true, stepHover: true, plan: 1, printedUrl: 1 },
  { name: 'GOPRIVATE', goEnv: true, fetch: true, buildTool: true, patterns: true, routing: true, stepHover: true, plan: 2, printedUrl: 5 },
  { name: 'GONOPROXY', goEnv: true, fetch: true, buildTool: true, patterns: true, routing: true, stepHover: true, plan: 3, printedUrl: 3 },
  { name: 'GONOSUMDB', goEnv: true, fetch: true, buildTool: true, patterns: true, routing: true, stepHover: true, plan: 4, printedUrl: 4 },
  // Not a variable of the go command: a misspelling of GONOSUMDB, still a sign that a build tool given it runs go.
  { name: 'GONOSUMCHECK', goEnv: false, buildTool: true },
  { name: 'GOSUMDB', goEnv: true, fetch: true, buildTool: true, stepHover: true, plan: 5, printedUrl: 6 },
  { name: 'GOINSECURE', goEnv: true, fetch: true, buildTool: true, patterns: true, stepHover: true, plan: 7, printedUrl: 7 },
  { name: 'GOFLAGS', goEnv: true, fetch: true, buildTool: true, stepHover: true, plan: 6, printedUrl: 2 },
  { name: 'GO111MODULE', goEnv: true, fetch: true, buildTool: true, stepHover: true },
  { name: 'GOTOOLCHAIN', goEnv: true, fetch: true, buildTool: true, stepHover: true, plan: 8 },
  { name: 'GOAUTH', goEnv: true, fetch: true, buildTool: true, stepHover: true, plan: 9 },
  { name: 'GOVCS', goEnv: true, fetch: true, buildTool: true },
  { name: 'GOPATH', goEnv: true, fetch: true, buildTool: true, location: true },
  { name: 'GOMODCACHE', goEnv: true, fetch: true, buildTool: true, location: true },
  { name: 'GOCACHE', goEnv: true, buildTool: true, location: true },
  { name: 'GOCACHEPROG', goEnv: true },
  { name: 'GOENV', goEnv: true },
  { name: 'GOWORK', goEnv: true, fetch: true, buildTool: true },
  { name: 'GOROOT', goEnv: true },
  { name: 'GOBIN', goEnv: true, buildTool: true, location: true },
  { name: 'GOTMPDIR', goEnv: true, buildTool: true, location: true },
  { name: 'GOOS', goEnv: true, buildTool: true, compile: true },
  { name: 'GOARCH', goEnv: true, buildTool: true, compile: true },
  { name: 'GOAMD64', goEnv: true, buildTool: true, compile: true },
  { name: 'GOARM', goEnv: true, buildTool: true, compile: true },
  { name: 'GOARM64', goEnv: true, buildTool: true, compile: true },
  { name: 'GO386', goEnv: true, buildTool: true, compile: true },
  { name: 'GOMIPS', goEnv: true, buildTool: true, compile: true },
  { name: 'GOMIPS64', goEnv: true, buildTool: true, compile: true },
  { name: 'GOPPC64', goEnv: true, buildTool: true, compile: true },
  { name: 'GORISCV64', goEnv: true, buildTool: true, compile: true },
  { name: 'GOWASM', goEnv: true, buildTool: true, compile: true },
  { name: 'GOEXPERIMENT', goEnv: true, buildTool: true },
  { name: 'GODEBUG', goEnv: true },
  { name: 'GOFIPS140', goEnv: true },
  { name: 'GOTELEMETRY', goEnv: true },
  { name: 'GOTELEMETRYDIR', goEnv: true },
  { name: 'GO_EXTLINK_ENABLED', goEnv: true },
  { name: 'GCCGO', goEnv: true },
  { name: 'CGO_ENABLED', goEnv: true, buildTool: true, compile: true },
  { name: 'CGO_CFLAGS', goEnv: true, buildTool: true, compile: true },
  { name: 'CGO_CPPFLAGS', goEnv: true, buildTool: true, compile: true },
  { name: 'CGO_CXXFLAGS', goEnv: true, buildTool: true, compile: true },
  { name: 'CGO_FFLAGS', goEnv: true },
  { name: 'CGO_LDFLAGS', goEnv: true, buildTool: true, compile: true },
];

/** The names with a property, in the order of the table. */
function namesWith(has: (v: GoVariable) => boolean | undefined): string[] {
  return TABLE.filter(has).map((v) => v.name);
}

/** The names with a place, in the order of their places. */
function namesByPlace(place: (v: GoVariable) => number | undefined): string[] {
  return TABLE.filter((v) => place(v) !== undefined)
    .sort((a, b) => place(a)! - place(b)!)
    .map((v) => v.name);
}

/** The variables `go env` lists that a Dockerfile author may set. */
export const GO_VARIABLES: readonly string[] = namesWith((v) => v.goEnv);
/** The Go variables that change where and how modules are fetched. */
export const FETCH_VARIABLES: ReadonlySet<string> = new Set(namesWith((v) => v.fetch));
/** Go's own environment variables: set for a build tool, they are there for the go command it runs. */
export const BUILD_TOOL_VARIABLES: ReadonlySet<string> = new Set(namesWith((v) => v.buildTool));
/** The variables only a compiler reads: a tool given them is there to compile Go. */
export const COMPILE_VARIABLES: ReadonlySet<string> = new Set(namesWith((v) => v.compile));
/** Where go puts things. */
export const LOCATION_VARIABLES: ReadonlySet<string> = new Set(namesWith((v) => v.location));
/** The variables whose value is a list of module path patterns. */
export const PATTERN_VARIABLES: ReadonlySet<string> = new Set(namesWith((v) => v.patterns));
/** The pattern lists that route modules around the proxy or the checksum database. */
export const ROUTING_VARIABLES: ReadonlySet<string> = new Set(namesWith((v) => v.routing));
/** The rows of a go step's environment table, in order. */
export const STEP_HOVER_VARIABLES: readonly string[] = namesWith((v) => v.stepHover);
/** The Go variables a container plan passes on (when the Dockerfile sets them; otherwise the image's defaults apply). */
export const PLAN_VARIABLES: readonly string[] = namesByPlace((v) => v.plan);
/** The Go variables `go env` prints that may carry user info, in the order they are looked at. */
export const PRINTED_URL_VARIABLES: readonly string[] = namesByPlace((v) => v.printedUrl);
