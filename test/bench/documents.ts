// The documents the benchmarks (and the robustness tests) measure on: a 15-line Go service Dockerfile,
// a 2,000-line multi-stage Dockerfile of realistic instructions, and a go.mod with 3,000 requirements.
export const SMALL_DOCKERFILE =
  [
    '# syntax=docker/dockerfile:1',
    'ARG GO_VERSION=1.22',
    'FROM golang:${GO_VERSION}-alpine AS build',
    'ENV GOPROXY=https://goproxy.cn;direct \\',
    '    GOPRIVATE="https://git.corp.example.com, github.com/acme"',
    'ENV GO111MODULE=on GOSUMDB=off',
    'WORKDIR /src',
    'COPY . .',
    'RUN go mod download && \\',
    '    CGO_ENABLED=0 go build -o /out/app ./cmd/app',
    '',
    'FROM alpine:3.20',
    'COPY --from=build /out/app /usr/local/bin/app',
    'USER 65532',
    'ENTRYPOINT ["app"]',
  ].join('\n') + '\n';

/** A multi-stage Dockerfile of about `lines` lines: stages of typical instructions, continuations, heredocs. */
export function largeDockerfile(lines = 2000): string {
  const out: string[] = ['# syntax=docker/dockerfile:1', 'ARG GO_VERSION=1.22', 'ARG GOPROXY=https://goproxy.cn,direct'];
  for (let s = 0; out.length < lines; s++) {
    const base = s % 3 === 0 ? `golang:\${GO_VERSION}-alpine` : s % 3 === 1 ? `stage${s - 1}` : 'golang:1.23-bookworm';
    out.push(
      `FROM ${base} AS stage${s}`,
      'ARG GOPROXY',
      `ENV GOPROXY=\${GOPROXY} GOPRIVATE=git.corp${s}.example.com,github.com/acme \\`,
      '    GOFLAGS="-mod=mod" CGO_ENABLED=0',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN --mount=type=cache,target=/go/pkg/mod \\',
      '    --mount=type=secret,id=netrc,target=/root/.netrc \\',
      '    go mod download -x',
      'COPY . .',
      `RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && \\`,
      '    rm -rf /var/lib/apt/lists/*',
      'RUN <<EOF',
      'set -eux',
      `go env -w GONOSUMDB=git.corp${s}.example.com`,
      'go build -trimpath -ldflags="-s -w" -o /out/app ./cmd/app',
      'EOF',
      `LABEL org.opencontainers.image.title="service ${s}"`,
      'EXPOSE 8080',
    );
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/**
 * A Go-heavy Dockerfile of `stages` build stages (11 lines each: 200 stages ≈ 2,200 lines), every stage the shape
 * real Go services write: a build-argument proxy, private-module settings over a continuation line, a cached
 * download and a build. `variant` names the output folder of every build, so two variants share no run of lines
 * a cache of line chunks could answer (what the builds do is the same).
 */
export function goHeavyDockerfile(stages = 200, variant = 'out'): string {
  const out: string[] = ['# syntax=docker/dockerfile:1'];
  for (let s = 0; s < stages; s++) {
    out.push(
      `FROM golang:1.2${2 + (s % 4)}-alpine AS build${s}`,
      'ARG GOPROXY',
      `ENV GOPROXY=\${GOPROXY} GOPRIVATE=git.corp${s % 9}.example.com/* \\`,
      `    GONOSUMDB=git.corp${s % 9}.example.com GO111MODULE=on`,
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
      'COPY . .',
      `RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \\`,
      `    CGO_ENABLED=0 go build -trimpath -o /${variant}/svc${s} ./cmd/svc${s} && \\`,
      `    /${variant}/svc${s} -version`,
    );
  }
  return out.join('\n') + '\n';
}

/** A realistic 26-line service Dockerfile: a mirror, private modules, a cached download, a distroless image. */
export const SERVICE_DOCKERFILE =
  [
    '# syntax=docker/dockerfile:1',
    'ARG GO_VERSION=1.23',
    'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build',
    'ARG TARGETOS TARGETARCH',
    'ENV GOPROXY=https://goproxy.cn,direct \\',
    '    GOPRIVATE=git.corp.example.com \\',
    '    GOFLAGS=-mod=readonly',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN --mount=type=cache,target=/go/pkg/mod \\',
    '    --mount=type=secret,id=netrc,target=/root/.netrc \\',
    '    go mod download',
    'COPY . .',
    'RUN --mount=type=cache,target=/go/pkg/mod \\',
    '    --mount=type=cache,target=/root/.cache/go-build \\',
    '    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \\',
    '    go build -trimpath -ldflags="-s -w" -o /out/api ./cmd/api',
    '',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=build /out/api /usr/local/bin/api',
    'USER nonroot:nonroot',
    'EXPOSE 8080',
    'HEALTHCHECK NONE',
    'ENTRYPOINT ["/usr/local/bin/api"]',
    'CMD ["serve"]',
  ].join('\n') + '\n';

/**
 * The files beside a service's Dockerfile in the workspace benches: its go.mod (a private module path), go.sum and a
 * compose file that builds it with a mirror. Each service's compose file names the service, so no two are the same
 * text (a real monorepo's are not either).
 */
export function serviceFolderFiles(i: number): { 'go.mod': string; 'go.sum': string; 'compose.yaml': string } {
  return {
    'go.mod': `module git.corp0.example.com/svc${i}\n\ngo 1.23\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n\tgit.corp0.example.com/platform/auth v1.4.2\n\tgolang.org/x/sync v0.8.0\n)\n`,
    'go.sum': SERVICE_GO_SUM,
    'compose.yaml': `services:\n  svc${i}:\n    build:\n      context: .\n      args:\n        GOPROXY: https://goproxy.cn,direct\n`,
  };
}

export const SERVICE_GO_SUM = [
  'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=',
  'github.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=',
  'golang.org/x/sync v0.8.0 h1:3NFvSEYkUoMifnESzZoqzvhzYnrqMLwzqzbY3cmGgrY=',
  'golang.org/x/sync v0.8.0/go.mod h1:Czt+wKu1gCyEFDUtn0jG5QVvpJ6rzVqr5aXyt9drQfk=',
].join('\n');

export function largeGoMod(requires = 3000): string {
  const out = ['module github.com/acme/monolith', '', 'go 1.22', '', 'require ('];
  for (let i = 0; i < requires; i++) {
    const host = i % 10 === 0 ? `git.corp.example.com/team${i % 7}` : i % 3 === 0 ? 'golang.org/x' : `github.com/org${i % 97}`;
    out.push(`\t${host}/module${i} v1.${i % 50}.${i % 7}${i % 4 === 0 ? ' // indirect' : ''}`);
  }
  out.push(')', '');
  return out.join('\n');
}

// Hostile shapes (the "analysis scaling" bench and the hostile-input tests): each grows one dimension only.

/** `FROM golang AS s` / an ENV / a download, repeated to about `bytes` bytes: many independent stages. */
export function repeatedStages(bytes: number): string {
  const unit = 'FROM golang:1.22 AS s\nENV GOPROXY=https://goproxy.cn;direct\nRUN go mod download\n';
  return unit.repeat(Math.max(1, Math.round(bytes / unit.length)));
}

/** One stage of `count` ENV + download pairs: many steps in one stage, each seeing a new environment. */
export function oneLongStage(count: number): string {
  const out = ['FROM golang:1.22'];
  for (let i = 0; i < count; i++) out.push(`ENV V${i}=x GOPROXY=https://goproxy.cn;direct`, 'RUN go mod download');
  return out.join('\n') + '\n';
}

/** `ENV GOPROXY=${A:-${A:-…direct}}` nested `depth` levels. */
export function nestedDefault(depth: number): string {
  return `FROM golang:1.22\nENV GOPROXY=${'${A:-'.repeat(depth)}direct${'}'.repeat(depth)}\nRUN go mod download\n`;
}

/** `FROM s{i-1} AS s{i}` chained `length` stages deep, each with a download (and, with `grow`, one more variable). */
export function stageChain(length: number, grow = false): string {
  const out = ['FROM golang:1.22 AS s0', 'ENV GOPROXY=https://goproxy.cn;direct', 'RUN go mod download'];
  for (let i = 1; i < length; i++) out.push(`FROM s${i - 1} AS s${i}`, ...(grow ? [`ENV V${i}=x`] : []), 'RUN go mod download');
  return out.join('\n') + '\n';
}
