// The environments of the go-command matrix (test/gocmd/matrix.gocmd.test.ts): Go variables with the roles of
// their proxies, the module sets, and the proxy behaviours each environment is run with.
import type { MatrixEnv } from './matrix';
import type { Behaviour } from './scenario';

export interface MatrixEnvSpec extends MatrixEnv {
  /** Module sets to run it with (default: all). */
  only?: string[];
  /** Behaviour lists (default: every proxy healthy, then the first one 404, then the first one 500). */
  behaviours?: Behaviour[][];
}

export interface ModuleSet {
  name: string;
  modules: string[];
  privatePatterns: string[];
  privateModules: string[];
}

const PUB = 'example.com/hello';
const INTERNAL = 'git.corp.internal/team/lib';
const DECLARED = 'github.com/acme/secret';

export const MODULE_SETS: ModuleSet[] = [
  { name: 'public', modules: [PUB], privatePatterns: [], privateModules: [] },
  { name: 'internal host', modules: [PUB, INTERNAL], privatePatterns: [], privateModules: [INTERNAL] },
  { name: 'declared private', modules: [PUB, DECLARED], privatePatterns: ['github.com/acme'], privateModules: [DECLARED] },
];

const AUTH: Behaviour = { requireAuth: { user: 'alice', pass: 's3cret' } };
const e = (name: string, vars: Record<string, string>, roles: MatrixEnv['roles'], more: Partial<MatrixEnvSpec> = {}): MatrixEnvSpec => ({
  name,
  vars,
  roles,
  sumdb: 'default',
  ...more,
});
const PRIV = '*.internal,github.com/acme';

export const ENVS: MatrixEnvSpec[] = [
  // GOPROXY lists
  e('public,direct', { GOPROXY: 'P1,direct' }, ['public']),
  e('public only', { GOPROXY: 'P1' }, ['public']),
  e('public|direct', { GOPROXY: 'P1|direct' }, ['public']),
  e('public,public', { GOPROXY: 'P1,P2' }, ['public', 'public']),
  e('company,public,direct', { GOPROXY: 'P1,P2,direct' }, ['company', 'public']),
  e('company|public', { GOPROXY: 'P1|P2' }, ['company', 'public']),
  e('company only', { GOPROXY: 'P1' }, ['company']),
  e('company,company', { GOPROXY: 'P1,P2' }, ['company', 'company']),
  e('public,company', { GOPROXY: 'P1,P2' }, ['public', 'company']),
  e('off', { GOPROXY: 'off' }, [], { behaviours: [[]] }),
  e('public,off', { GOPROXY: 'P1,off' }, ['public']),
  e('direct', { GOPROXY: 'direct' }, [], { behaviours: [[]] }),
  e('direct,public', { GOPROXY: 'direct,P1' }, ['public'], { behaviours: [['healthy']] }),
  e('public,bogus', { GOPROXY: 'P1,bogus' }, ['public'], { behaviours: [['healthy']] }),
  e('separators only', { GOPROXY: ' , ' }, [], { behaviours: [[]] }),
  e('company|public,direct', { GOPROXY: 'P1|P2,direct' }, ['company', 'public'], {
    behaviours: [
      ['healthy', 'healthy'],
      ['reset', 'healthy'],
      ['notFound', 'notFound'],
    ],
  }),
  // GOPRIVATE / GONOPROXY / GONOSUMDB
  e('public,direct + GOPRIVATE', { GOPROXY: 'P1,direct', GOPRIVATE: PRIV }, ['public']),
  e('public only + GOPRIVATE', { GOPROXY: 'P1', GOPRIVATE: PRIV }, ['public']),
  e('off + GOPRIVATE', { GOPROXY: 'off', GOPRIVATE: PRIV }, [], { behaviours: [[]] }),
  e('public + GONOPROXY only', { GOPROXY: 'P1,direct', GONOPROXY: PRIV }, ['public'], { behaviours: [['healthy']] }),
  e('public + GONOSUMDB only', { GOPROXY: 'P1,direct', GONOSUMDB: PRIV }, ['public'], { behaviours: [['healthy']] }),
  e('public + GOPRIVATE, GONOPROXY elsewhere', { GOPROXY: 'P1,direct', GOPRIVATE: PRIV, GONOPROXY: 'other.example.net' }, ['public'], {
    behaviours: [['healthy']],
  }),
  e('public + GOPRIVATE with a space', { GOPROXY: 'P1,direct', GOPRIVATE: 'other.example.net, *.internal, github.com/acme' }, ['public'], {
    behaviours: [['healthy']],
  }),
  e('public + GOPRIVATE=*', { GOPROXY: 'P1,direct', GOPRIVATE: '*' }, ['public'], { behaviours: [['healthy']] }),
  e('public + GONOSUMDB=*', { GOPROXY: 'P1,direct', GONOSUMDB: '*' }, ['public'], { behaviours: [['healthy']] }),
  e('company,public + GOPRIVATE', { GOPROXY: 'P1,P2,direct', GOPRIVATE: PRIV }, ['company', 'public'], { behaviours: [['healthy', 'healthy']] }),
  e('company + GONOSUMDB', { GOPROXY: 'P1', GONOSUMDB: PRIV }, ['company'], { behaviours: [['healthy']] }),
  // GOSUMDB
  e('public + GOSUMDB=off', { GOPROXY: 'P1,direct' }, ['public'], { sumdb: 'off' }),
  e('public + GOSUMDB custom', { GOPROXY: 'P1,direct' }, ['public'], { sumdb: 'custom', behaviours: [['healthy']] }),
  e('public + GOSUMDB too many fields', { GOPROXY: 'P1,direct' }, ['public'], { sumdb: { raw: 'sum.golang.org key https://x y' }, behaviours: [['healthy']] }),
  e('company + GOSUMDB=off + GOPRIVATE', { GOPROXY: 'P1', GOPRIVATE: PRIV }, ['company'], { sumdb: 'off', behaviours: [['healthy']] }),
  // GOFLAGS, GOINSECURE, GOTOOLCHAIN
  e('GOFLAGS=-mod=mod', { GOPROXY: 'P1,direct', GOFLAGS: '-mod=mod' }, ['public'], { behaviours: [['healthy']] }),
  e('GOFLAGS=-insecure', { GOPROXY: 'P1,direct', GOFLAGS: '-insecure' }, ['public'], { behaviours: [['healthy']] }),
  e('GOFLAGS unterminated quote', { GOPROXY: 'P1,direct', GOFLAGS: '"-mod=mod' }, ['public'], { behaviours: [['healthy']] }),
  e('GOFLAGS=-mod=vendor', { GOPROXY: 'P1,direct', GOFLAGS: '-mod=vendor' }, ['public'], { behaviours: [['healthy']] }),
  e('GOFLAGS non-flag', { GOPROXY: 'P1,direct', GOFLAGS: 'mod=mod' }, ['public'], { behaviours: [['healthy']] }),
  e('GOINSECURE=*.internal', { GOPROXY: 'P1,direct', GOINSECURE: '*.internal' }, ['public'], { behaviours: [['healthy']] }),
  e('GOINSECURE + GOPRIVATE', { GOPROXY: 'P1,direct', GOINSECURE: '*.internal', GOPRIVATE: PRIV }, ['public'], { behaviours: [['healthy']] }),
  e('GOTOOLCHAIN=local', { GOPROXY: 'P1,direct', GOTOOLCHAIN: 'local' }, ['public'], { behaviours: [['healthy']] }),
  e('GOTOOLCHAIN=local, go.mod needs 1.99', { GOPROXY: 'P1,direct', GOTOOLCHAIN: 'local' }, ['public'], { goVersion: '1.99', behaviours: [['healthy']] }),
  // Credentials in URLs
  e('company with credentials,direct', { GOPROXY: 'http://alice:s3cret@H1,direct' }, ['company'], { behaviours: [[AUTH]] }),
  e('company with credentials only', { GOPROXY: 'http://alice:s3cret@H1' }, ['company'], { behaviours: [[AUTH], ['notFound']] }),
  e('company without credentials', { GOPROXY: 'P1' }, ['company'], { behaviours: [[AUTH]] }),
  e('company with wrong credentials|public', { GOPROXY: 'http://alice:wrong@H1|P2' }, ['company', 'public'], { behaviours: [[AUTH, 'healthy']] }),
  e('public with credentials + GOPRIVATE', { GOPROXY: 'http://alice:s3cret@H1,direct', GOPRIVATE: PRIV }, ['public'], { behaviours: [['healthy']] }),
];

/** The behaviour lists an environment is run with. */
export function BEHAVIOURS(env: MatrixEnvSpec): Behaviour[][] {
  if (env.behaviours) return env.behaviours;
  const healthy = env.roles.map((): Behaviour => 'healthy');
  const first = (b: Behaviour) => [b, ...healthy.slice(1)];
  return [healthy, first('notFound'), first('serverError')];
}
