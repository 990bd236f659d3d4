// One instruction's model from its raw text (see dockerfileLines): its words, assignments, flags, references,
// heredocs and RUN commands, every range exact. parseDockerfile (dockerfile.ts) puts them in order and in stages.
import { isPlainWord, processWord, splitWordSpans, type DockerWord } from './dockerWordReader';
import type { Range } from '../core/types';
import type { RawInstruction } from './dockerfileLines';
import { parseJsonArray } from './jsonArray';
import { sliceMapped, type MappedText } from './source';
import { leadingFlags, located, Ranges, reference } from './dockerRanges';
import { heredocOf, runInstruction } from './dockerfileRun';
import type { Assignment, CopyInstruction, FromInstruction, Instruction, InstructionKind, Located, VariableReference } from './dockerfileModel';

const KINDS = new Set<InstructionKind>([
  'FROM',
  'ARG',
  'ENV',
  'RUN',
  'COPY',
  'ADD',
  'WORKDIR',
  'USER',
  'SHELL',
  'CMD',
  'ENTRYPOINT',
  'LABEL',
  'EXPOSE',
  'VOLUME',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'ONBUILD',
  'MAINTAINER',
]);

function assignmentFromWord(r: Ranges, m: MappedText, start: number, end: number, escape: string, allowBare: boolean): Assignment | undefined {
  const raw = m.text.slice(start, end);
  const eq = raw.indexOf('=');
  if (eq <= 0 && !allowBare) return undefined;
  if (eq === 0) return undefined;
  const nameEnd = eq < 0 ? end : start + eq;
  const nameRange = r.in(m, start, nameEnd);
  if (eq < 0) {
    return { name: raw, nameRange, value: undefined, valueRange: { start: nameRange.end, end: nameRange.end }, range: nameRange, references: [], parts: [] };
  }
  const value = processWord(m, nameEnd + 1, end, escape);
  const valueRange = value.text.length > 0 ? wordRange(r, m, value) : r.in(m, nameEnd + 1, nameEnd + 1);
  return {
    name: raw.slice(0, eq),
    nameRange,
    value: value.text,
    valueRange,
    range: r.in(m, start, end),
    references: value.refs.map((ref) => reference(r, m, ref)),
    parts: value.parts,
  };
}

/** The document range of a processed word's text (a plain word maps one to one onto its place in the parent). */
function wordRange(r: Ranges, parent: MappedText, w: DockerWord): Range {
  return isPlainWord(w) ? r.in(parent, w.start, w.end) : r.in(w.mapped, 0, w.text.length);
}

function envAssignments(r: Ranges, m: MappedText, escape: string): Assignment[] {
  const spans = splitWordSpans(m.text, escape);
  if (spans.length === 0) return [];
  const first = m.text.slice(spans[0][0], spans[0][1]);
  if (first.includes('=')) {
    return spans.map((sp) => assignmentFromWord(r, m, sp[0], sp[1], escape, false)).filter((a): a is Assignment => !!a);
  }
  // Legacy form `ENV NAME value with spaces`: the rest of the line is the value.
  const nameRange = r.in(m, spans[0][0], spans[0][1]);
  const restStart = spans.length > 1 ? spans[1][0] : spans[0][1];
  const restEnd = spans.length > 1 ? spans[spans.length - 1][1] : spans[0][1];
  const value = processWord(m, restStart, restEnd, escape);
  return [
    {
      name: first,
      nameRange,
      value: value.text,
      valueRange: value.text.length > 0 ? wordRange(r, m, value) : { start: nameRange.end, end: nameRange.end },
      range: r.in(m, spans[0][0], restEnd),
      references: value.refs.map((ref) => reference(r, m, ref)),
      parts: value.parts,
    },
  ];
}

function allReferences(r: Ranges, m: MappedText, escape: string): VariableReference[] {
  if (!m.text.includes('$')) return [];
  const out: VariableReference[] = [];
  for (const span of splitWordSpans(m.text, escape)) for (const ref of processWord(m, span[0], span[1], escape).refs) out.push(reference(r, m, ref));
  return out;
}

/** Leading `--name=value` words (RUN, COPY, ADD, FROM): the flags and where the rest starts. */
function copyInstruction(
  r: Ranges,
  raw: RawInstruction,
  escape: string,
  kind: 'COPY' | 'ADD',
  base: Omit<CopyInstruction, 'kind' | 'flags' | 'from' | 'sources' | 'destination' | 'heredocs'>,
): CopyInstruction {
  const { flags, rest } = leadingFlags(r, raw.args, escape);
  const body = sliceMapped(raw.args, rest, raw.args.text.length);
  const json = body.text.trimStart().startsWith('[') ? parseJsonArray(body) : undefined;
  const words: Located[] = json
    ? json.map((w) => ({ text: w.text, range: r.in(w.mapped, 0, w.text.length) }))
    : splitWordSpans(body.text, escape).map((sp) => located(r, body, processWord(body, sp[0], sp[1], escape)));
  const destination = words.length > 1 ? words[words.length - 1] : undefined;
  const sources = (words.length > 1 ? words.slice(0, -1) : words).filter((w) => !w.text.startsWith('<<'));
  return Object.assign(base, {
    kind,
    flags,
    from: flags.find((f) => f.name === 'from')?.value,
    sources,
    destination,
    heredocs: raw.heredocs.map((h) => heredocOf(r, h)),
  });
}

function fromInstruction(r: Ranges, raw: RawInstruction, escape: string, base: Omit<FromInstruction, 'kind' | 'image'>): FromInstruction {
  const { flags, rest } = leadingFlags(r, raw.args, escape);
  const spans = splitWordSpans(raw.args.text, escape, rest);
  const words = spans.map((sp) => processWord(raw.args, sp[0], sp[1], escape));
  const image: Located = words[0] ? located(r, raw.args, words[0]) : { text: '', range: r.in(raw.args, rest, rest) };
  const asAt = words.findIndex((w, i) => i > 0 && w.text.toLowerCase() === 'as');
  const stageName = asAt > 0 && words[asAt + 1] ? located(r, raw.args, words[asAt + 1]) : undefined;
  const platform = flags.find((f) => f.name === 'platform');
  return Object.assign(base, { kind: 'FROM' as const, image, stageName, platform: platform ? { text: platform.value, range: platform.range } : undefined });
}

export const kindOf = (raw: RawInstruction): InstructionKind => (KINDS.has(raw.keyword as InstructionKind) ? (raw.keyword as InstructionKind) : 'OTHER');

export function buildInstruction(r: Ranges, raw: RawInstruction, kind: InstructionKind, escape: string, stageCount: number): Instruction {
  const base = {
    keyword: raw.keyword,
    keywordRange: r.of(raw.keywordStart, raw.keywordEnd),
    range: r.of(raw.start, raw.end),
    stageIndex: stageCount - 1,
    argsText: raw.args.text,
    references: kind === 'RUN' || kind === 'OTHER' || kind === 'ENV' || kind === 'ARG' ? [] : allReferences(r, raw.args, escape),
  };
  let ins: Instruction;
  switch (kind) {
    case 'FROM':
      base.stageIndex = stageCount;
      ins = fromInstruction(r, raw, escape, base);
      break;
    case 'ENV':
      ins = Object.assign(base, { kind, vars: envAssignments(r, raw.args, escape) });
      ins.references = ins.vars.flatMap((v) => v.references);
      break;
    case 'ARG':
      ins = Object.assign(base, {
        kind,
        args: splitWordSpans(raw.args.text, escape)
          .map((sp) => assignmentFromWord(r, raw.args, sp[0], sp[1], escape, true))
          .filter((a): a is Assignment => !!a),
      });
      ins.references = ins.args.flatMap((a) => a.references);
      break;
    case 'RUN':
      ins = runInstruction(r, raw, escape, base);
      break;
    case 'COPY':
    case 'ADD':
      ins = copyInstruction(r, raw, escape, kind, base);
      break;
    default:
      ins = Object.assign(base, { kind }) as Instruction;
  }
  return ins;
}
