// The credential shapes the secrets audits seed: one distinctive secret per
// shape, so a leak report names the shape that got through. Shared by the analysis and runtime audits.
import type { Needle } from './leaks';

/** A GitHub-style token body (36 characters after `ghp_`), a GitLab one (20 after `glpat-`), a Slack and an AWS key. */
export const GHP_BODY = 'AuD1tGhpT0ken0123456789abcdefABCDEF01';
export const GLPAT_BODY = 'AuD1t-GlpatT0ken_012';
export const XOXB_BODY = '1234567890-AuD1tSlackT0ken';
export const AKIA_BODY = 'AUD1TAWSKEY0TEST';

export const SHAPES = {
  /** `https://alice:P4SS-AUD@W0RD-AUD@host`: go's user info runs to the LAST '@'. */
  atPassword: { user: 'alice', secret: 'P4SS-AUD@W0RD-AUD', parts: ['P4SS-AUD', 'W0RD-AUD'] },
  /** `alice:SCHEMELESS-T0KEN-AUD@host`: go prepends https:// and sends the user info. */
  schemeless: { user: 'alice', secret: 'SCHEMELESS-T0KEN-AUD' },
  /** `https://alice:QU0TE-A"QU0TE-B@host`: a double quote inside the password (go rejects it, and quotes the URL). */
  quote: { user: 'alice', secret: 'QU0TE-A"QU0TE-B', parts: ['QU0TE-A', 'QU0TE-B'] },
  goprivate: { user: 'alice', secret: 'PRIV-T0KEN-AUD' },
  goflags: { secret: 'FLAG-T0KEN-AUD' },
  ldflags: { secret: 'LDFLAGS-K3Y-AUD' },
  image: { user: 'alice', secret: 'IMG-T0KEN-AUD' },
  /** `goProxyDoctor.defaultProxy` with credentials: never written into a file by a fix. */
  defaultProxy: { user: 'ci', secret: 'DEF4ULT-T0KEN-AUD' },
  ghp: { secret: GHP_BODY },
  glpat: { secret: GLPAT_BODY },
  xoxb: { secret: XOXB_BODY },
  akia: { secret: AKIA_BODY },
} as const;

/** Every needle of every shape: the whole secret (and its Basic form), and each fragment around an `@` or `"`. */
export function shapeNeedles(): Needle[] {
  return Object.entries(SHAPES).flatMap(([shape, s]) => [
    { secret: s.secret, user: 'user' in s ? s.user : undefined, shape },
    ...('parts' in s ? s.parts.map((p) => ({ secret: p, shape: `${shape}, fragment` })) : []),
  ]);
}

// The audited workspace: a credential everywhere a Dockerfile, go.mod, go.work or the settings can carry one.
export const SECRET = 's3cr3t-T0KEN-audit';
export const CRED = `https://ci:${SECRET}@athens.corp.example`;

export const DOCKERFILE =
  [
    `ARG GOPROXY=${CRED},direct`,
    'FROM golang:1.23 AS build',
    'ARG GOPROXY',
    `ENV GOAUTH="git https://ci:${SECRET}@git.corp.example" GONOSUMDB=https://ci:${SECRET}@git.corp.example`,
    `ENV GOPRIVATE="https://ci:${SECRET}@git.corp.example/team, github.com/acme"`,
    `RUN go env -w GOPROXY=http://ci:${SECRET}@athens.corp.example`,
    `RUN git config --global url."https://ci:${SECRET}@git.corp.example/".insteadOf "https://git.corp.example/"`,
    'COPY .netrc /root/.netrc',
    'COPY . .',
    `RUN GOPROXY=direct,${CRED} go mod download`,
    'RUN go build ./...',
    `ENV GOPROXY=${CRED} GOFLAGS=-insecure`,
    'FROM golang:1.23 AS semicolon',
    `ENV GOPROXY="${CRED};direct"`,
    'RUN go mod download',
    'FROM golang:1.23 AS legacy',
    `ENV GOPROXY ${CRED}|https://goproxy.cn`,
    'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
    'FROM golang:1.23 AS heredoc',
    `ARG TOKEN_URL=${CRED}`,
    `ENV GOSUMDB="sum.golang.org https://ci:${SECRET}@sum.corp.example" GOINSECURE=https://ci:${SECRET}@git.corp.example`,
    'RUN <<EOF',
    'go env -w GOPROXY=${TOKEN_URL},direct',
    'go mod download',
    'EOF',
    `RUN ["sh", "-c", "GOPROXY=https://${SECRET}@athens.corp.example go get ./..."]`,
    'FROM golang:1.23 AS plain',
    'RUN go mod download',
    // The shapes of "Hostile input and leaks" (test/support/secretShapes.ts), each on its own stage.
    'FROM golang:1.23 AS shapes',
    `ENV GOPROXY="https://alice:${SHAPES.atPassword.secret}@athens2.corp.example|alice:${SHAPES.schemeless.secret}@athens3.corp.example,direct"`,
    `ENV GOPRIVATE=alice:${SHAPES.goprivate.secret}@git.corp.example/team GOFLAGS=-ldflags=-X=main.token=${SHAPES.goflags.secret}`,
    `RUN go build -ldflags "-X main.apiKey=${SHAPES.ldflags.secret}" -o /out/app ./... && go mod download`,
    'FROM golang:1.23 AS quoted',
    `ENV GOPROXY="https://alice:${SHAPES.quote.secret.replace('"', '\\"')}@athens4.corp.example,direct"`,
    'RUN go mod download',
    `FROM alice:${SHAPES.image.secret}@registry.corp.example/library/golang:1.20 AS image`,
    'RUN go mod download',
    'FROM golang:1.23 AS off',
    'ENV GOPROXY=off',
    'RUN go mod download',
    'FROM golang:1.23 AS emptylist',
    'ENV GOPROXY=,',
    'RUN go mod download',
  ].join('\n') + '\n';
export const GOMOD =
  'module example.com/app\n\ngo 1.23\n\nrequire (\n\tgit.corp.example/team/lib v1.0.0\n\tgithub.com/google/uuid v1.6.0\n\tintranet/x v1.0.0\n\texample.com/x v1.0.0\n\texample.com/y v1.0.0\n\texample.com/z v1.0.0\n)\n\n' +
  `replace example.com/x => ../ghp_${GHP_BODY}/x\n\nreplace example.com/y v1.0.0 => ../glpat-${GLPAT_BODY}/y\n\n` +
  `replace example.com/z => ../xoxb-${XOXB_BODY}/AKIA${AKIA_BODY}/z\n`;
export const GOWORK = `go 1.23\n\nuse (\n\t.\n\t./xoxb-${XOXB_BODY}/tools\n\t./AKIA${AKIA_BODY}/keys\n)\n`;
export const NETRC = `machine athens.corp.example login ci password ${SECRET}\n`;
export const DEFAULT_PROXY = `https://ci:${SHAPES.defaultProxy.secret}@athens5.corp.example,direct`;
export const SETTINGS = {
  mirrors: [`${CRED}/settings`],
  privatePatterns: ['git.corp.example'],
  defaultProxy: DEFAULT_PROXY,
  buildArgs: { GOPROXY: `${CRED}/buildarg;direct`, GOPRIVATE: 'git.corp.example' },
};
