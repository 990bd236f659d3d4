// `docker build` / `docker buildx build` / `podman build` command lines in scripts, Makefile recipes and CI steps:
// the Dockerfile (`-f`), the context, the stage (`--target`) and the `--build-arg`s, each value with its place.
import * as path from 'node:path';
import { platformList, type BuildArgValue, type BuildArgSourceKind, type BuildInvocation, type WrittenAt } from '../core/buildArgs';
import type { LineIndex } from '../core/text';
import { lexShell, type LexedWord } from '../syntax/shell';
import type { MappedText } from '../syntax/source';
import { pathToUri } from '../core/uri';
import { commandFolders, type Folder } from './shellFolder';
import { rangeAt } from './yamlText';

/** A word's value after the format's own expansion (make variables, workflow expressions); undefined: unknown. */
export type ResolveWord = (written: string) => string | undefined;

/** Values nothing expands: any `$` or backquote left makes the value unknown. */
export const literalOnly: ResolveWord = (w) => (/[$`]/.test(w) ? undefined : w);

/** How a format's command lines are read. */
export interface CommandReading {
  /** A build argument's value. */
  resolve: ResolveWord;
  /** A path's value (`cd`, `-f`, the context); `resolve` when absent. */
  resolvePath?: ResolveWord;
  /** Where the value of a word is really written, when not in the word (`$NAME` set by the file's `variables`). */
  placeOf?: (written: string) => WrittenAt | undefined;
  /**
   * The folder the text starts in, moved by its `cd`s; the reader leaves in it the folder the text ends in (what the
   * next line of the same shell starts in). Absent: folders are not followed (each command has `cwd` undefined).
   */
  folder?: { dir: Folder };
}

export interface DockerBuildCommand {
  /** Document offset where the command starts. */
  offset: number;
  /** The folder it runs in, when followed; null: unknown. */
  cwd?: Folder;
  /** As written and resolved; null: written but unknown; undefined: not given. */
  file?: string | null;
  context?: string | null;
  target?: string | null;
  /** `--platform` values, literal only. */
  platforms?: string[];
  args: Record<string, BuildArgValue>;
}

const ENGINES = new Set(['docker', 'podman', 'nerdctl']);
// docker's global options that take a value (`docker --context x build`).
const GLOBAL_WITH_VALUE = new Set(['--context', '-c', '--host', '-H', '--config', '--log-level', '-l', '--tlscacert', '--tlscert', '--tlskey']);
const BOOLEAN_FLAGS = new Set([
  '--pull',
  '--push',
  '--load',
  '--no-cache',
  '--quiet',
  '-q',
  '--rm',
  '--force-rm',
  '--squash',
  '--compress',
  '--disable-content-trust',
  '--check',
  '--layers',
  '--help',
  '--debug',
]);

const NAMES_ENGINE = new RegExp([...ENGINES].join('|'));

/**
 * A test of shell texts that may hold a Docker build (see buildArguments): one names an engine and writes `build`,
 * itself or through a variable (`values`: what the variables it may use hold; none where they are not read). Most
 * texts do neither, and need not be lexed. A word written in quoted pieces (`bu'ild'`) is not looked for.
 */
export function mayHoldDockerBuild(values: readonly string[]): (text: string) => boolean {
  const valuesBuild = values.some((v) => v.includes('build'));
  const valuesEngine = values.some((v) => NAMES_ENGINE.test(v));
  return (text) => {
    const viaValue = text.includes('$');
    return (text.includes('build') || (viaValue && valuesBuild)) && (NAMES_ENGINE.test(text) || (viaValue && valuesEngine));
  };
}

/** The words after `build` when this command runs a Docker build, else undefined. */
function buildArguments(words: LexedWord[]): LexedWord[] | undefined {
  let i = 0;
  if (words[i]?.text === 'sudo') i++;
  const engine = words[i]?.text ?? '';
  if (!ENGINES.has(engine.slice(engine.lastIndexOf('/') + 1))) return undefined;
  i++;
  while (i < words.length && words[i].text.startsWith('-')) i += GLOBAL_WITH_VALUE.has(words[i].text) ? 2 : 1;
  const sub = words[i]?.text;
  if (sub === 'buildx' || sub === 'image' || sub === 'builder') i++;
  if (words[i]?.text !== 'build') return undefined;
  return words.slice(i + 1);
}

function valueOf(word: LexedWord, from: number, reading: CommandReading, uri: string, lines: LineIndex): BuildArgValue {
  const written = word.text.slice(from);
  const value = reading.resolve(written);
  const start = word.mapped.docOffset(from);
  const end = written.length ? word.mapped.docOffset(word.text.length - 1) + 1 : start;
  const inWord = { uri, range: rangeAt(lines, start, end) };
  const placed = value !== undefined ? reading.placeOf?.(written) : undefined;
  return { value: value ?? written, known: value !== undefined, at: placed ?? inWord, ...(placed ? { passedAt: inWord } : {}) };
}

/** Every Docker build in a shell text (`src` maps it to the document). */
export function dockerBuildCommands(src: MappedText, reading: CommandReading, uri: string, lines: LineIndex): DockerBuildCommand[] {
  const out: DockerBuildCommand[] = [];
  const resolvePath = reading.resolvePath ?? reading.resolve;
  const cmds = lexShell(src);
  const folders = reading.folder ? commandFolders(cmds, reading.folder.dir, resolvePath) : undefined;
  if (reading.folder && folders) reading.folder.dir = folders.end;
  for (const cmd of cmds) {
    // The engine may be a variable (`$(DOCKER) build`): its value names it.
    const head = cmd.words[0] && /[$`]/.test(cmd.words[0].text) ? resolvePath(cmd.words[0].text) : undefined;
    const words = buildArguments(
      head === undefined
        ? cmd.words
        : [
            ...head
              .split(/\s+/)
              .filter(Boolean)
              .map((text) => ({ ...cmd.words[0], text })),
            ...cmd.words.slice(1),
          ],
    );
    if (!words) continue;
    const found: DockerBuildCommand = { offset: src.docOffset(cmd.start), args: {}, ...(folders ? { cwd: folders.at.get(cmd) ?? null } : {}) };
    const text = (w: LexedWord | undefined) => (w === undefined ? null : (resolvePath(w.text) ?? null));
    const arg = (w: LexedWord | undefined, from = 0) => {
      if (!w) return;
      const eq = w.text.indexOf('=', from);
      const name = w.text.slice(from, eq < 0 ? undefined : eq);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return;
      // `--build-arg NAME` takes the value from the environment of whoever runs the build.
      found.args[name] =
        eq < 0 ? { value: '', known: false, at: valueOf(w, from, { resolve: () => undefined }, uri, lines).at } : valueOf(w, eq + 1, reading, uri, lines);
    };
    for (let k = 0; k < words.length; k++) {
      const w = words[k].text;
      const long = /^(--[a-z-]+)=/.exec(w);
      const flag = long ? long[1] : w;
      if (flag === '--build-arg') long ? arg(words[k], long[0].length) : arg(words[++k]);
      else if (flag === '-f' || flag === '--file') found.file = long ? (resolvePath(w.slice(long[0].length)) ?? null) : text(words[++k]);
      else if (/^-f./.test(w)) found.file = resolvePath(w.slice(2)) ?? null;
      else if (flag === '--platform') {
        const list = platformList(reading.resolve(long ? w.slice(long[0].length) : (words[++k]?.text ?? '')));
        if (list) found.platforms = list;
      } else if (flag === '--target') found.target = long ? (reading.resolve(w.slice(long[0].length)) ?? null) : text(words[++k]);
      else if (w === '--') continue;
      else if (w.startsWith('-') && w !== '-') {
        if (!long && !BOOLEAN_FLAGS.has(w) && !/^-[a-z]{2,}$/.test(w)) k++;
      } else found.context = text(words[k]);
    }
    out.push(found);
  }
  return out;
}

/**
 * The invocation a command line makes, with paths resolved from the folder it runs in (its `cwd` when followed, else
 * `cwd` here); undefined when that folder, its context or its Dockerfile cannot be known (a variable, a URL,
 * standard input).
 */
export function commandInvocation(cmd: DockerBuildCommand, folder: string, kind: BuildArgSourceKind, label: string, uri: string): BuildInvocation | undefined {
  const cwd = cmd.cwd === undefined ? folder : cmd.cwd;
  if (cwd === null || !cmd.context || cmd.context === '-' || /^[a-z][\w+.-]*:\/\/|^git@/i.test(cmd.context) || cmd.file === null) return undefined;
  const context = path.resolve(cwd, cmd.context);
  const dockerfile = cmd.file ? path.resolve(cwd, cmd.file) : path.join(context, 'Dockerfile');
  if (cmd.file === '-') return undefined;
  return {
    kind,
    label,
    uri,
    dockerfile: pathToUri(dockerfile),
    context: pathToUri(context),
    ...(cmd.target ? { target: cmd.target } : {}),
    ...(cmd.platforms ? { platforms: cmd.platforms } : {}),
    args: cmd.args,
  };
}
