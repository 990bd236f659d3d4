import { makeWorkspace, startServer } from '/work/main/test/support/lspClient';
const S = 's3cr3t-T0KEN-audit';
const U = `https://ci:${S}@athens.corp.example`;
const df = [
  `ARG GOPROXY=${U},direct`,
  'FROM golang:1.22 AS build',
  'ARG GOPROXY',
  `ENV GOPROXY=${U};direct`,
  `ENV GOAUTH="git ${U}" GONOSUMDB=https://ci:${S}@git.corp.example GOPRIVATE="https://ci:${S}@git.corp.example/team, github.com/acme"`,
  `RUN go env -w GOPROXY=http://ci:${S}@athens.corp.example`,
  `RUN git config --global url."https://ci:${S}@git.corp.example/".insteadOf "https://git.corp.example/"`,
  'COPY .netrc /root/.netrc',
  'COPY . .',
  `RUN GOPROXY=direct,${U} go mod download`,
  'RUN go build ./...',
  `ENV GOPROXY=${U} GOFLAGS=-insecure`,
].join('\n') + '\n';
const gomod = 'module example.com/app\n\ngo 1.23.4\n\nrequire (\n\tgit.corp.example/team/lib v1.0.0\n\tgithub.com/google/uuid v1.6.0\n\tintranet/x v1.0.0\n)\n';
(async () => {
  const dir = makeWorkspace({ Dockerfile: df, 'go.mod': gomod, 'go.sum': '', '.netrc': `machine athens.corp.example login ci password ${S}\n` });
  const c = await startServer({ rootDir: dir, resolveEdits: true });
  const uri = `file://${dir}/Dockerfile`;
  c.open(uri, df);
  const diags = await c.diagnostics(uri);
  for (const d of diags) console.log(d.code, '|', d.message, d.relatedInformation ? JSON.stringify(d.relatedInformation) : '');
  const lines = df.split('\n');
  const hov = new Set<string>();
  for (let l = 0; l < lines.length; l++) for (let ch = 0; ch <= lines[l]!.length; ch += 2) {
    const h: any = await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: l, character: ch } });
    if (h && JSON.stringify(h).includes(S)) hov.add(`${l}:${ch} ${JSON.stringify(h).slice(0, 3000)}`);
  }
  console.log('HOVER LEAKS', hov.size, [...hov].slice(0, 3));
  const acts: any[] = await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } }, context: { diagnostics: [] } });
  for (const a of acts) {
    const r: any = await c.conn.sendRequest('codeAction/resolve', a);
    console.log('ACTION', a.title, '||', JSON.stringify(r.edit).includes(S) ? 'edit-has-secret' : '');
    if (JSON.stringify(r.edit).includes(S)) console.log('   ', JSON.stringify(r.edit));
  }
  await c.close();
})();
