// The build files a Dockerfile's RUN commands run from its build context (Makefiles and what they include, shell
// scripts and the scripts they run, magefiles, Taskfiles), read from disk for the analysis, which reads none itself.
// Which files those are is the analysis's own reading of the Dockerfile (goenv/toolInvocations.ts): a path is read
// only where WORKDIR and COPY say the file came from the context.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToUri } from '../core/uri';
import type { BuildScript } from '../core/request';
import { buildArgsKey, type BuildArgs } from '../core/buildArgs';
import type { SourceFile } from '../core/types';
import { isTooLarge } from '../core/limits';
import { parseDockerfileFile, type ParsedDockerfile } from '../model/parsedDockerfile';
import type { ToolInvocation } from '../goenv/toolInvocations';
import { stageToolInvocations } from '../model/indirectSteps';
import { Makefile } from '../syntax/makefile';
import { isInside } from './insideFolder';

/** At most this many build files per Dockerfile (each at most MAX_DOCUMENT_BYTES, like any analysed text). */
export const MAX_BUILD_SCRIPTS = 32;
const MAX_SCRIPT_DEPTH = 3;
const MAY_RUN_TOOL = /make|mage|task|\.sh\b|\.bash\b/i;
/** Script paths named in a Makefile or script (`./hack/build.sh`, `bash scripts/x.sh`). */
const SCRIPT_NAMES = /(?:^|[\s;&|(])((?:\.\/)?[\w.][\w./-]*\.(?:sh|bash))(?=$|[\s;&|)])/gm;

// The tool invocations of the last Dockerfile texts seen (a keystroke elsewhere in the file often leaves them as they are).
const invocationCache = new Map<string, { text: string; args: string; invocations: ToolInvocation[] }>();
const INVOCATIONS_KEPT = 32;

// The parse the last request made of its Dockerfile, for the analysis that follows (see requestParse), and for the
// next request's parse of the same document to start from. Only one is kept: little of a closed document stays.
let lastParse: ParsedDockerfile | undefined;

/** The parse of this Dockerfile made for the build files of its request, if the last request made one. */
export function requestParse(file: SourceFile): ParsedDockerfile | undefined {
  const parsed = lastParse;
  return parsed && parsed.file.uri === file.uri && parsed.file.text === file.text ? parsed : undefined;
}

/** The document was closed: its parse goes (a large Dockerfile's parse takes tens of times its text's memory). */
export function forgetRequestParse(uri: string): void {
  if (lastParse?.file.uri === uri) lastParse = undefined;
}

function invocationsOf(file: SourceFile, buildArgs: BuildArgs): ToolInvocation[] {
  const args = buildArgsKey(buildArgs);
  const hit = invocationCache.get(file.uri);
  if (hit && hit.text === file.text && hit.args === args) return hit.invocations;
  // Parsed as the analysis parses the document (no vendor folder, the settings' build arguments), which takes it.
  const parsed = parseDockerfileFile(file, false, lastParse?.file.uri === file.uri ? lastParse : undefined, buildArgs);
  lastParse = parsed;
  const invocations = stageToolInvocations(parsed).flat();
  if (!hit && invocationCache.size >= INVOCATIONS_KEPT) invocationCache.clear();
  invocationCache.set(file.uri, { text: file.text, args, invocations });
  return invocations;
}

/**
 * The build files of `dockerfile`'s RUN commands, read from `context` (a folder path) through `read` (the
 * workspace's reader: open documents first, cached until a file event).
 */
export function buildScriptsFor(dockerfile: SourceFile, context: string, read: (p: string) => string | undefined, buildArgs: BuildArgs): BuildScript[] {
  if (isTooLarge(dockerfile.text) || !MAY_RUN_TOOL.test(dockerfile.text)) return [];
  const out = new Map<string, BuildScript>();
  const tried = new Set<string>();
  const get = (rel: string): BuildScript | undefined => {
    const norm = path.posix.normalize(rel);
    const have = out.get(norm);
    if (have || tried.has(norm) || out.size >= MAX_BUILD_SCRIPTS || norm.startsWith('..') || path.posix.isAbsolute(norm)) return have;
    tried.add(norm);
    const abs = path.resolve(context, ...norm.split('/'));
    if (!isInside(abs, context)) return undefined;
    const text = read(abs);
    if (text === undefined || isTooLarge(text)) return undefined;
    const f: BuildScript = { uri: pathToUri(abs), text, contextPath: norm };
    out.set(norm, f);
    return f;
  };
  const scriptsNamed = (text: string, dir: string, depth: number) => {
    if (depth > MAX_SCRIPT_DEPTH) return;
    for (const m of text.matchAll(SCRIPT_NAMES)) {
      const f = get(path.posix.join(dir, m[1]));
      if (f) scriptsNamed(f.text, dir, depth + 1);
    }
  };
  for (const inv of invocationsOf(dockerfile, buildArgs)) {
    if (inv.call.tool === 'mage') {
      get(inv.files[0] ?? '..');
      if (inv.dir !== undefined) for (const name of goFilesIn(path.resolve(context, inv.dir, 'magefiles'))) get(path.posix.join(inv.dir, 'magefiles', name));
      continue;
    }
    const file = inv.files.map(get).find((f) => !!f);
    if (!file) continue;
    // As the analysis reads them: make, mage and task run in their file's folder, a script in the RUN's.
    const dir = inv.call.tool !== 'script' && inv.call.file === undefined ? path.posix.dirname(file.contextPath) : inv.dir;
    const texts = [file.text];
    // Reading the Makefile asks for the files it includes, as the analysis will.
    if (inv.call.tool === 'make') {
      new Makefile({ path: file.contextPath, text: file.text }, (name) => {
        const f = dir === undefined ? undefined : get(path.posix.join(dir, name));
        if (f) texts.push(f.text);
        return f && { path: f.contextPath, text: f.text };
      });
    }
    if (dir !== undefined) for (const t of texts) scriptsNamed(t, dir, 1);
  }
  return [...out.values()];
}

function goFilesIn(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'))
      .sort()
      .slice(0, MAX_BUILD_SCRIPTS);
  } catch {
    return [];
  }
}
