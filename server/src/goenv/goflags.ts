// The GOFLAGS checks every go command makes before doing anything (cmd/go/internal/base/goflags.go, Go 1.26):
// the value must split (cmd/internal/quoted.Split), every word must look like a flag, and every flag name must
// be one that some go command defines. A failure stops every go command except `go env`, `go bug`, `go help`
// and `go doc`, with the message below.
import { parseGoFlags } from './effective';
import { goQuote } from '../core/goStrings';

/**
 * Every flag name the go command of Go 1.26 accepts in GOFLAGS (hasFlag over all its commands), measured with the
 * real go command over every word of its sources; test/gocmd/goflags.gocmd.test.ts checks the table against go.
 * `-i` and `-insecure` are still here: go keeps removed flags known so that it can explain their removal.
 */
const TEST_FLAGS = [
  'artifacts',
  'bench',
  'benchmem',
  'benchtime',
  'blockprofile',
  'blockprofilerate',
  'count',
  'coverprofile',
  'cpu',
  'cpuprofile',
  'failfast',
  'fullpath',
  'fuzz',
  'fuzzminimizetime',
  'fuzztime',
  'list',
  'memprofile',
  'memprofilerate',
  'mutexprofile',
  'mutexprofilefraction',
  'outputdir',
  'parallel',
  'run',
  'short',
  'shuffle',
  'skip',
  'timeout',
  'trace',
  'v',
];
export const KNOWN_GOFLAGS: ReadonlySet<string> = new Set([
  'C',
  'a',
  'asan',
  'asmflags',
  'buildmode',
  'buildvcs',
  'c',
  'cache',
  'changed',
  'compat',
  'compiled',
  'compiler',
  'cover',
  'covermode',
  'coverpkg',
  'd',
  'debug-actiongraph',
  'debug-runtime-trace',
  'debug-trace',
  'deps',
  'diff',
  'dropexclude',
  'dropgodebug',
  'dropignore',
  'dropreplace',
  'droprequire',
  'dropretract',
  'droptool',
  'dropuse',
  'e',
  'exclude',
  'exec',
  'export',
  'f',
  'find',
  'fix',
  'fixtool',
  'fmt',
  'fuzzcache',
  'gccgoflags',
  'gcflags',
  'go',
  'godebug',
  'i',
  'ignore',
  'insecure',
  'installsuffix',
  'json',
  'ldflags',
  'linkshared',
  'm',
  'mod',
  'modcache',
  'modcacherw',
  'modfile',
  'module',
  'msan',
  'n',
  'o',
  'overlay',
  'p',
  'pgo',
  'pkgdir',
  'print',
  'r',
  'race',
  'replace',
  'require',
  'retract',
  'retracted',
  'reuse',
  't',
  'tags',
  'test',
  'testcache',
  'tool',
  'toolchain',
  'toolexec',
  'trimpath',
  'u',
  'use',
  'vendor',
  'versions',
  'vet',
  'vettool',
  'w',
  'work',
  'x',
  ...TEST_FLAGS,
  ...TEST_FLAGS.map((f) => `test.${f}`),
]);

/**
 * `go vet` adds its analyzers' flags (-printf, -shadow…) before it reads GOFLAGS, so they pass there and fail
 * elsewhere: we never call them unknown.
 */
const VET_ANALYZERS = new Set(
  (
    'appends asmdecl assign atomic bool bools buildtag buildtags cgocall composites copylocks defers directive errorsas framepointer ' +
    'hostport httpresponse ifaceassert loopclosure lostcancel methods nilfunc printf rangeloops shift sigchanyzer slog stdmethods ' +
    'stdversion stringintconv structtag testinggoroutine tests timeformat unmarshal unreachable unsafeptr unusedresult waitgroup'
  ).split(' '),
);

/** The go commands that ignore a malformed GOFLAGS (they are what people use to debug it). */
export const IGNORES_BAD_GOFLAGS: ReadonlySet<string> = new Set(['env', 'env -w', 'bug', 'help', 'doc']);

export interface GoFlagsProblem {
  /** go's own message, as the first line of its stderr. */
  message: string;
  /** Offsets in the value of the word go complains about (the whole value for an unterminated quote). */
  start: number;
  end: number;
  kind: 'unterminated' | 'non-flag' | 'unknown';
}

/** What go says about a GOFLAGS value before running any command, or undefined when it accepts it. */
export function goflagsProblem(value: string): GoFlagsProblem | undefined {
  const { flags, error } = parseGoFlags(value);
  // quoted.Split fails before any word is looked at.
  if (error?.includes('unterminated')) {
    const last = flags[flags.length - 1];
    return { message: error, start: last?.start ?? 0, end: value.length, kind: 'unterminated' };
  }
  // Words in order: the first malformed word or unknown name is the one go reports.
  for (const f of flags) {
    const word = f.value === undefined ? f.flag : `${f.flag}=${f.value}`;
    if (!word.startsWith('-') || word === '-' || word === '--' || /^(---|-=|--=)/.test(word)) {
      return { message: `go: parsing $GOFLAGS: non-flag ${goQuote(word)}`, start: f.start, end: f.end, kind: 'non-flag' };
    }
    const name = f.flag.replace(/^--?/, '');
    if (!KNOWN_GOFLAGS.has(name) && !VET_ANALYZERS.has(name)) {
      return { message: `go: parsing $GOFLAGS: unknown flag -${name}`, start: f.start, end: f.end, kind: 'unknown' };
    }
  }
  return undefined;
}
