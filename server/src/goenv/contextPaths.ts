// Which file of the build context sits at a path inside a stage: the working directory before each instruction
// (WORKDIR, followed through FROM <stage>) and the COPY/ADD instructions from the context that put files there.
// `RUN ./scripts/build.sh` after `COPY . .` and `WORKDIR /src` runs <context>/scripts/build.sh. Only what the
// instructions show is claimed: a path last written by `COPY --from`, a URL, a heredoc or a variable we cannot
// expand maps to nothing.
import * as path from 'node:path';
import type { Instruction } from '../syntax/dockerfileModel';
import type { StageTimeline } from './timelineModel';
import { expandShellValue } from '../syntax/dockerWords';
import { isOfficialGolangImage } from './effective';

interface Copy {
  /** Context-relative sources ('' = the whole context); undefined when they are not context files. */
  sources?: string[];
  /** Per source: written as a folder (`scripts/`), so its contents land in the destination. */
  folders?: boolean[];
  /** Absolute destination; undefined when it cannot be known (then it may cover any path). */
  dest?: string;
  /** The destination is a folder whatever the sources are (`dir/`, `.`, several sources). */
  destIsDir: boolean;
}

/** The copies made so far, latest first: shared with the stages built on this one, never copied. */
interface CopyNode {
  copy: Copy;
  earlier?: CopyNode;
}

export interface StagePaths {
  /** The working directory before each instruction of the stage (absolute), undefined when unknown. */
  workdirs: (string | undefined)[];
  /** The latest copy before each instruction. */
  copiesBefore: (CopyNode | undefined)[];
  /** The working directory and the latest copy at the end of the stage (where a stage built on it starts). */
  final: string | undefined;
  finalCopies: CopyNode | undefined;
}

/** How many copies back a path is looked for: a bound on pathological files, far beyond real ones. */
const MAX_COPIES_BACK = 256;
/** How many files a path may be, at most (most COPYs of a name could be a folder holding it). */
const MAX_CANDIDATES = 16;

/**
 * Stand-ins for folders we cannot name: the working directory of an image whose WORKDIR we do not know (Docker's
 * default is `/`, but an image may set another), and a path written with a variable the Dockerfile does not set
 * (`WORKDIR $GOPATH/src/app` on an image we cannot see). Paths under one stand-in match each other (`COPY . .` then
 * `RUN make` there), never a real path and never a file of the context.
 */
const UNKNOWN = '/\u0000';
const UNKNOWN_ROOT = `${UNKNOWN}image-workdir`;

const posix = path.posix;

/** A stage's working directories and copies, from the end of the stage it builds on (`base`), if any: a stage built on another starts from its end. */
export function pathsOfStage(st: StageTimeline, base: StagePaths | undefined): StagePaths {
  const official = isOfficialGolangImage(st.resolvedImage ?? '');
  let workdir: string | undefined = base ? base.final : official ? '/go' : UNKNOWN_ROOT;
  let copies = base?.finalCopies;
  const workdirs: (string | undefined)[] = [];
  const copiesBefore: (CopyNode | undefined)[] = [];
  st.stage.instructions.forEach((ins, i) => {
    workdirs.push(workdir);
    copiesBefore.push(copies);
    const env = st.envBefore[i];
    const lookup = (n: string) => env?.get(n)?.value ?? (official && n === 'GOPATH' ? '/go' : undefined);
    if (ins.kind === 'WORKDIR') workdir = resolveIn(workdir, expandPath(ins.argsText.trim(), lookup));
    else if (ins.kind === 'COPY' || ins.kind === 'ADD') copies = { copy: copyOf(ins, workdir, lookup), earlier: copies };
  });
  return { workdirs, copiesBefore, final: workdir, finalCopies: copies };
}

/** A path with the variables Docker expands in it; one that is not set in the Dockerfile makes it a stand-in. */
function expandPath(text: string, lookup: (n: string) => string | undefined): string | undefined {
  const v = expandShellValue(text, lookup);
  return v !== undefined || /\$\(|`/.test(text) ? v : `${UNKNOWN}${text}`;
}

/** An absolute path for `p` from `dir`; undefined when either is unknown. */
export function resolveIn(dir: string | undefined, p: string | undefined): string | undefined {
  if (p === undefined || p === '') return undefined;
  if (p.startsWith(UNKNOWN)) return posix.normalize(p);
  if (/[$`]/.test(p)) return undefined;
  if (p.startsWith('/')) return posix.normalize(p);
  return dir === undefined ? undefined : posix.normalize(posix.join(dir, p));
}

function copyOf(ins: Extract<Instruction, { kind: 'COPY' | 'ADD' }>, workdir: string | undefined, lookup: (n: string) => string | undefined): Copy {
  const destText = ins.destination ? expandPath(ins.destination.text, lookup) : undefined;
  const dest = resolveIn(workdir, destText);
  const destIsDir = !!destText && (/\/$/.test(destText) || destText === '.' || ins.sources.length > 1);
  if (ins.from !== undefined || ins.heredocs.length > 0) return { dest, destIsDir };
  const sources: string[] = [];
  const folders: boolean[] = [];
  for (const s of ins.sources) {
    const text = expandShellValue(s.text, lookup);
    // A URL or git source (ADD), a path leaving the context: not a file of the context we can name.
    if (text === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^git@/.test(text)) return { dest, destIsDir };
    const rel = posix.normalize(`/${text}`).slice(1).replace(/\/+$/, '');
    sources.push(rel === '.' ? '' : rel);
    folders.push(text.endsWith('/'));
  }
  return { sources, folders, dest, destIsDir };
}

function under(p: string, dir: string): string | undefined {
  if (p === dir) return '';
  // A stand-in is under no real folder.
  if (p.startsWith(UNKNOWN) && !dir.startsWith(UNKNOWN)) return undefined;
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return p.startsWith(prefix) ? p.slice(prefix.length) : undefined;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')}$`,
  );
  return re.test(name);
}

/**
 * The context files (context-relative, best first) that may be at absolute path `p` before instruction `index` of
 * the stage: the latest COPY covering `p` first, an earlier one next (a COPY of a folder need not hold the file).
 * Within one COPY, a source that is the file itself comes before a source that may be a folder holding it.
 * With `foldersOnly`, only copies that certainly put a folder's contents there count (the whole context, `dir/`).
 * Empty when a copy we cannot read may have put something else there.
 */
export function contextFilesAt(paths: StagePaths, index: number, p: string | undefined, foldersOnly = false): string[] {
  if (p === undefined) return [];
  const out: string[] = [];
  const have = new Set<string>();
  const push = (rel: string) => {
    const norm = posix.normalize(rel || '.');
    if (!norm.startsWith('..') && !norm.includes('\u0000') && !have.has(norm)) (have.add(norm), out.push(norm));
  };
  let node = index < paths.copiesBefore.length ? paths.copiesBefore[index] : paths.finalCopies;
  for (let seen = 0; node && seen < MAX_COPIES_BACK && out.length < MAX_CANDIDATES; node = node.earlier, seen++) {
    const c = node.copy;
    if (c.dest === undefined) return out;
    const inside = under(p, c.dest);
    if (inside === undefined) continue;
    if (!c.sources) return out;
    const asFolder: string[] = [];
    c.sources.forEach((src, n) => {
      const base = posix.basename(src);
      if (src === '' || c.folders?.[n]) asFolder.push(src === '' ? inside : posix.join(src, inside));
      else if (foldersOnly || /[*?[]/.test(posix.dirname(src))) return;
      else if (/[*?[]/.test(base)) {
        if (inside !== '' && !inside.includes('/') && globMatch(base, inside)) push(posix.join(posix.dirname(src), inside));
      } else {
        // A file copied into the folder, or without a trailing slash on the destination the file itself; else the
        // contents of a folder copied there.
        if (inside === base || (inside === '' && !c.destIsDir)) push(src);
        else if (inside !== '') asFolder.push(posix.join(src, inside));
      }
    });
    for (const f of asFolder) push(f);
  }
  return out;
}

/** The context folder at absolute path `dir`, when a copy of the whole context or of a `folder/` put it there. */
export function contextDirAt(paths: StagePaths, index: number, dir: string | undefined): string | undefined {
  return dir === undefined ? undefined : contextFilesAt(paths, index, dir, true)[0];
}
