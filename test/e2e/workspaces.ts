// Workspaces the e2e tests open, with the positions the tests point at (1-based line:column).
export const PROXY_MISTAKES = {
  files: {
    Dockerfile: ['FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn;direct', 'WORKDIR /src', 'COPY go.mod ./', 'RUN go mod download', ''].join('\n'),
    'go.mod': ['module example.com/app', '', 'go 1.22', '', 'require git.corp.internal/lib v1.0.0', ''].join('\n'),
  },
  /** On `GOPROXY` in the ENV line. */
  goproxyName: { line: 2, column: 6 },
  /** On the `;` that go reads as part of the host name. */
  semicolon: { line: 2, column: 31 },
  /** Where goproxy-invalid starts: the value. */
  value: { line: 2, column: 13 },
  /** The first Go step, where step rules report. */
  downloadStep: { line: 5 },
  fixedLine: 'ENV GOPROXY=https://goproxy.cn,direct',
  fixTitle: 'Rewrite GOPROXY as https://goproxy.cn,direct',
};

/** A second build in svc/: a known public mirror and a private require, so go.mod gets the go.mod-side finding. */
export const PRIVATE_VIA_MIRROR = {
  files: {
    'svc/Dockerfile': ['FROM golang:1.22', 'ENV GOPROXY=https://goproxy.cn,direct', 'WORKDIR /src', 'COPY go.mod ./', 'RUN go mod download', ''].join('\n'),
    'svc/go.mod': ['module example.com/svc', '', 'go 1.22', '', 'require git.corp.internal/lib v1.0.0', ''].join('\n'),
  },
  /** The module path on the require line of svc/go.mod. */
  requirePath: { line: 5, column: 9 },
};

/** The rules a private require can trip on the download step. */
export const isPrivateStepRule = (code: string): boolean => /^private-module-(proxied|sumdb)$/.test(code);

/** True when the text contains Chinese characters. */
export const hasChinese = (s: string): boolean => /[\u4e00-\u9fff]/.test(s);
