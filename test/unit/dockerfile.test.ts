// The Dockerfile syntax model: directives, continuations, stages, ENV/ARG forms, references, RUN flags,
// exec/shell forms, heredocs, nested shells, with exact ranges; and dockerfile-ast as an oracle for
// instruction boundaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import { parseDockerfile } from '../../server/src/syntax/dockerfile';
import type { EnvInstruction, ArgInstruction, RunInstruction, FromInstruction, CopyInstruction, Instruction } from '../../server/src/syntax/dockerfileModel';

const df = (...lines: string[]) => lines.join('\n') + '\n';
const at = (line: number, character: number, endLine: number, endCharacter: number) => ({
  start: { line, character },
  end: { line: endLine, character: endCharacter },
});
const parse = (text: string) => parseDockerfile(text, 'file:///ws/Dockerfile');
const kind = <K extends Instruction['kind']>(ins: Instruction | undefined, k: K) => {
  assert.equal(ins?.kind, k);
  return ins as Extract<Instruction, { kind: K }>;
};

test('parser directives: escape and syntax at the top only', () => {
  const m = parse(df('# syntax=docker/dockerfile:1', '# escape=`', 'FROM golang:1.22', '# escape=\\', 'RUN echo a `', '  && go mod download'));
  assert.deepEqual(
    m.directives.map((d) => [d.name, d.value]),
    [
      ['syntax', 'docker/dockerfile:1'],
      ['escape', '`'],
    ],
  );
  assert.deepEqual(m.directives[1].valueRange, at(1, 9, 1, 10));
  assert.equal(m.escapeChar, '`');
  const run = kind(m.instructions[1], 'RUN');
  assert.deepEqual(run.range, at(4, 0, 5, 20));
  assert.deepEqual(
    run.commands.map((c) => c.words.map((w) => w.text).join(' ')),
    ['echo a', 'go mod download'],
  );
  assert.deepEqual(run.commands[1].range, at(5, 5, 5, 20));
});

test('a directive after a comment or instruction is only a comment', () => {
  const m = parse(df('# hello', '# escape=`', 'FROM scratch'));
  assert.deepEqual(m.directives, []);
  assert.equal(m.escapeChar, '\\');
});

test('continuations skip comment and blank lines inside them', () => {
  const m = parse(df('FROM golang:1.22', 'ENV A=1 \\', '# a comment', '', '    B=2', 'RUN true'));
  const env = kind(m.instructions[1], 'ENV');
  assert.deepEqual(
    env.vars.map((v) => [v.name, v.value]),
    [
      ['A', '1'],
      ['B', '2'],
    ],
  );
  assert.deepEqual(env.vars[1].range, at(4, 4, 4, 7));
  assert.deepEqual(env.range, at(1, 0, 4, 7));
  assert.equal(m.instructions[2].kind, 'RUN');
});

test('stages: names, FROM <stage>, platform, global ARGs', () => {
  const m = parse(df('ARG GO=1.22', 'FROM --platform=$BUILDPLATFORM golang:${GO}-alpine AS Build', 'FROM build AS final', 'FROM scratch'));
  assert.equal(m.globalArgs.length, 1);
  assert.deepEqual(
    m.stages.map((s) => s.name),
    ['build', 'final', undefined],
  );
  const from = m.stages[0].from as FromInstruction;
  assert.equal(from.image.text, 'golang:${GO}-alpine');
  assert.deepEqual(from.image.range, at(1, 31, 1, 50));
  assert.equal(from.platform?.text, '$BUILDPLATFORM');
  assert.deepEqual(
    from.references.map((r) => r.name),
    ['BUILDPLATFORM', 'GO'],
  );
});

test('ENV: key=value with quotes and escapes; legacy form takes the rest of the line', () => {
  const m = parse(
    df('FROM x', 'ENV GOPROXY="https://a.example, direct" GOFLAGS=-mod=mod\\ -x', "ENV GOPRIVATE 'git.corp.example.com/*'  and more", 'ENV EMPTY='),
  );
  const [a, b] = kind(m.instructions[1], 'ENV').vars;
  assert.equal(a.value, 'https://a.example, direct');
  assert.deepEqual(a.valueRange, at(1, 13, 1, 38), 'inside the quotes');
  assert.deepEqual(a.range, at(1, 4, 1, 39));
  assert.equal(b.value, '-mod=mod -x');
  const legacy = kind(m.instructions[2], 'ENV').vars;
  assert.equal(legacy.length, 1);
  assert.equal(legacy[0].name, 'GOPRIVATE');
  assert.equal(legacy[0].value, 'git.corp.example.com/*  and more');
  const empty = kind(m.instructions[3], 'ENV').vars[0];
  assert.equal(empty.value, '');
  assert.deepEqual(empty.valueRange, at(3, 10, 3, 10));
});

test('variable references: $VAR, ${VAR}, ${VAR:-x}, ${VAR:+x}; none inside single quotes or after an escape', () => {
  const m = parse(df('FROM x', "ENV A=$GOPROXY B=${GOPRIVATE} C=${GOSUMDB:-off} D=${GOFLAGS:+-mod=mod} E='$NOPE' F=\\$NOPE2"));
  const env = kind(m.instructions[1], 'ENV');
  const refs = env.vars.flatMap((v) => v.references);
  assert.deepEqual(
    refs.map((r) => [r.name, r.modifier, r.modifierValue]),
    [
      ['GOPROXY', undefined, undefined],
      ['GOPRIVATE', undefined, undefined],
      ['GOSUMDB', ':-', 'off'],
      ['GOFLAGS', ':+', '-mod=mod'],
    ],
  );
  assert.deepEqual(refs[1].range, at(1, 17, 1, 29));
  assert.deepEqual(refs[1].nameRange, at(1, 19, 1, 28));
  assert.equal(env.vars[4].value, '$NOPE');
  assert.equal(env.vars[5].value, '$NOPE2');
});

test('ARG with and without defaults, several per line', () => {
  const m = parse(df('ARG A B=2', 'FROM x', 'ARG C="three"'));
  const g = kind(m.instructions[0], 'ARG').args;
  assert.deepEqual(
    g.map((a) => [a.name, a.value]),
    [
      ['A', undefined],
      ['B', '2'],
    ],
  );
  assert.deepEqual(g[0].valueRange, at(0, 5, 0, 5));
  assert.equal(kind(m.instructions[2], 'ARG').args[0].value, 'three');
});

test('RUN flags and mounts; network', () => {
  const m = parse(df('FROM x', 'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=secret,id=netrc,dst=/root/.netrc --network=none go mod download'));
  const run = kind(m.instructions[1], 'RUN');
  assert.deepEqual(
    run.mounts.map((x) => [x.type, x.target, x.id]),
    [
      ['cache', '/go/pkg/mod', undefined],
      ['secret', '/root/.netrc', 'netrc'],
    ],
  );
  assert.equal(run.network, 'none');
  assert.deepEqual(run.flags[2].range, at(1, 88, 1, 102));
  assert.deepEqual(run.commands[0].range, at(1, 103, 1, 118));
});

test('RUN exec form, and ["sh", "-c", "…"]', () => {
  const m = parse(df('FROM x', 'RUN ["go", "mod", "download"]', 'RUN ["/bin/sh", "-c", "go env -w GOPROXY=off && go build"]'));
  const exec = kind(m.instructions[1], 'RUN');
  assert.equal(exec.form, 'exec');
  assert.deepEqual(
    exec.commands[0].words.map((w) => w.text),
    ['go', 'mod', 'download'],
  );
  assert.deepEqual(exec.commands[0].words[2].range, at(1, 19, 1, 27));
  const sh = kind(m.instructions[2], 'RUN');
  assert.deepEqual(
    sh.commands.slice(1).map((c) => c.words[1]?.text),
    ['env', 'build'],
  );
  assert.deepEqual(sh.commands[2].range, at(2, 48, 2, 56));
});

test('RUN shell form: operators, prefixes, redirections, comments, nested sh -c and bash -lc', () => {
  const m = parse(
    df(
      'FROM x',
      `RUN set -e; GOFLAGS=-mod=mod go get x 2>&1 | tee log || true # done`,
      `RUN bash -lc "cd /src && GOPROXY='a b' go mod tidy"`,
      'RUN if go mod download; then echo ok; fi',
    ),
  );
  const r1 = kind(m.instructions[1], 'RUN');
  assert.deepEqual(
    r1.commands.map((c) => c.words.map((w) => w.text).join(' ')),
    ['set -e', 'go get x', 'tee log', 'true'],
  );
  const prefix = r1.commands[1].prefixAssignments[0];
  assert.deepEqual([prefix.name, prefix.value], ['GOFLAGS', '-mod=mod']);
  assert.deepEqual(prefix.valueRange, at(1, 20, 1, 28));
  const r2 = kind(m.instructions[2], 'RUN');
  const tidy = r2.commands[2];
  assert.deepEqual(
    tidy.words.map((w) => w.text),
    ['go', 'mod', 'tidy'],
  );
  assert.equal(tidy.prefixAssignments[0].value, 'a b');
  assert.deepEqual(tidy.prefixAssignments[0].valueRange, at(2, 34, 2, 37));
  assert.deepEqual(tidy.words[0].range, at(2, 39, 2, 41));
  const r3 = kind(m.instructions[3], 'RUN');
  assert.deepEqual(
    r3.commands.map((c) => c.words[0]?.text),
    ['go', 'echo'],
  );
});

test('heredocs: script bodies are commands with exact positions; data bodies are not; several per line; <<-', () => {
  const m = parse(
    df(
      'FROM x',
      'RUN <<EOF',
      '  go mod download',
      'EOF',
      'RUN cat >a <<A && bash <<-"B"',
      'go mod tidy',
      'A',
      '\t\tgo build',
      '\tB',
      'COPY <<EOF /etc/netrc',
      'machine x',
      'EOF',
    ),
  );
  const r1 = kind(m.instructions[1], 'RUN');
  assert.equal(r1.heredocs[0].name, 'EOF');
  assert.deepEqual(r1.heredocs[0].contentRange, at(2, 0, 2, 17));
  assert.deepEqual(r1.range, at(1, 0, 3, 3));
  assert.deepEqual(
    r1.commands.map((c) => [c.words.map((w) => w.text).join(' '), c.inHeredoc]),
    [['go mod download', true]],
  );
  assert.deepEqual(r1.commands[0].range, at(2, 2, 2, 17));
  const r2 = kind(m.instructions[2], 'RUN');
  assert.deepEqual(
    r2.heredocs.map((h) => [h.name, h.stripTabs, h.content]),
    [
      ['A', false, 'go mod tidy\n'],
      ['B', true, 'go build\n'],
    ],
  );
  assert.deepEqual(
    r2.commands.map((c) => c.words.map((w) => w.text).join(' ')),
    ['cat', 'bash', 'go build'],
  );
  assert.deepEqual(r2.commands[2].range, at(7, 2, 7, 10));
  const copy = kind(m.instructions[3], 'COPY') as CopyInstruction;
  assert.deepEqual(copy.sources, []);
  assert.equal(copy.destination?.text, '/etc/netrc');
  assert.equal(copy.heredocs[0].content, 'machine x\n');
});

test('an unterminated heredoc runs to the end and is reported, never thrown', () => {
  const m = parse(df('FROM x', 'RUN <<EOF', 'go mod download'));
  assert.equal(m.problems.length, 1);
  assert.match(m.problems[0].message, /unterminated heredoc <<EOF/);
  const run = kind(m.instructions[1], 'RUN');
  assert.equal(run.heredocs[0].unterminated, true);
  assert.deepEqual(
    run.commands[0].words.map((w) => w.text),
    ['go', 'mod', 'download'],
  );
});

test('CRLF line breaks and a BOM keep exact ranges', () => {
  const m = parse('\uFEFFFROM golang:1.22\r\nENV GOPROXY=https://goproxy.cn \\\r\n  GONOSUMDB=x\r\nRUN go mod download\r\n');
  const env = kind(m.instructions[1], 'ENV') as EnvInstruction;
  assert.deepEqual(
    env.vars.map((v) => [v.name, v.value]),
    [
      ['GOPROXY', 'https://goproxy.cn'],
      ['GONOSUMDB', 'x'],
    ],
  );
  assert.deepEqual(env.vars[1].valueRange, at(2, 12, 2, 13));
  const run = kind(m.instructions[2], 'RUN') as RunInstruction;
  assert.deepEqual(run.commands[0].range, at(3, 4, 3, 19));
  assert.deepEqual((m.instructions[0] as FromInstruction).keywordRange, at(0, 1, 0, 5));
});

test('COPY/ADD sources, destination and --from', () => {
  const m = parse(df('FROM x', 'COPY --from=build --chown=1:1 go.mod go.sum ./', 'ADD ["a b", "/dst"]'));
  const c = kind(m.instructions[1], 'COPY') as CopyInstruction;
  assert.equal(c.from, 'build');
  assert.deepEqual(
    c.sources.map((s) => s.text),
    ['go.mod', 'go.sum'],
  );
  assert.deepEqual(c.sources[1].range, at(1, 37, 1, 43));
  const a = kind(m.instructions[2], 'ADD') as CopyInstruction;
  assert.deepEqual(
    a.sources.map((s) => s.text),
    ['a b'],
  );
});

test('ARG instructions keep their defaults unexpanded but their templates', () => {
  const m = parse(df('ARG V=${X:-1.22}', 'FROM golang:$V'));
  const arg = kind(m.instructions[0], 'ARG') as ArgInstruction;
  assert.equal(arg.args[0].value, '${X:-1.22}');
  assert.equal(arg.args[0].references[0].modifier, ':-');
});

test('dockerfile-ast agrees on where each instruction starts and ends', () => {
  const corpus = [
    df('# escape=`', 'FROM golang:1.22 AS b', 'ENV A=1 `', '  B=2', 'RUN go build'),
    df('FROM golang:1.22', 'ARG X', '', '# comment', 'RUN apt-get update && \\', '    # inner comment', '    go mod download', 'COPY . .', 'CMD ["app"]'),
    df('ARG GO=1.22', 'FROM golang:${GO}', 'ENV GOPROXY https://goproxy.cn', 'WORKDIR /src', 'RUN go mod download && \\', '  go build -o /app .', 'USER 1000'),
  ];
  for (const text of corpus) {
    const ours = parse(text).instructions.map((i) => [
      i.keyword,
      i.keywordRange.start.line,
      i.keywordRange.start.character,
      i.range.end.line,
      i.range.end.character,
    ]);
    const theirs = DockerfileParser.parse(text)
      .getInstructions()
      .map((i) => [
        i.getKeyword(),
        i.getInstructionRange().start.line,
        i.getInstructionRange().start.character,
        i.getRange().end.line,
        i.getRange().end.character,
      ]);
    assert.deepEqual(ours, theirs, text);
  }
});
