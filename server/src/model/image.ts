// The Go version of a stage's base image, read only where the reference names it: the tag of an image called
// `golang` under any registry or namespace (golang:1.22, golang:1.22.3-alpine, golang:1.21@sha256:…,
// registry.example.com/mirror/golang:1.15), an image whose name carries the version (…/golang-1.15:anything), or
// CircleCI's cimg/go:1.21. `golang:alpine`, `golang@sha256:…` or any other image carry no version we can know.
import type { ParsedDockerfile } from './parsedDockerfile';
import { memoize } from '../core/memo';
import { positionIn } from './steps';
import { stageFacts, localStageFacts, stageLocalFacts } from './stages';
import type { Instruction } from '../syntax/dockerfileModel';
import { OFFICIAL_IMAGE_DEFAULTS, isOfficialGolangImage, type ImageDefaults } from '../goenv/effective';
import type { StageTimeline } from '../goenv/timelineModel';

export interface ImageGoVersion {
  major: number;
  minor: number;
  patch?: number;
  /** The version as written in the reference (`1.22.3`, `1.22rc1`). */
  text: string;
  /** What follows the version in the tag (`-alpine3.20`), kept by fixes that bump the version. */
  suffix: string;
  image: string;
  /** The official image or a mirror of it (`golang`, `…/library/golang`): its environment (GOTOOLCHAIN=local) is known. */
  official: boolean;
  /** Pinned by digest: the tag does not choose what runs. */
  digest: boolean;
}

const VERSION = /^(\d+)\.(\d+)(?:\.(\d+)|(rc\d+|beta\d+))?((?:-.*)?)$/;
const DOCKER_HUB = /^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)$/i;

/** The Go version an image reference names (memoised: every rule asks it of every stage, on every analysis). */
export const parseGolangImage: (image: string) => Readonly<ImageGoVersion> | undefined = memoize(parseGolangImageUncached);

function parseGolangImageUncached(image: string): ImageGoVersion | undefined {
  const ref = image.trim();
  // The digest follows the last path element (an `@` before it would be user info, never a digest).
  const slash = ref.lastIndexOf('/');
  const namespace = slash >= 0 ? ref.slice(0, slash) : '';
  const [last, ...digestParts] = ref.slice(slash + 1).split('@');
  const colon = last.indexOf(':');
  const name = (colon >= 0 ? last.slice(0, colon) : last).toLowerCase();
  const tag = colon >= 0 ? last.slice(colon + 1) : '';
  let m: RegExpExecArray | null = null;
  if (name === 'golang' || (name === 'go' && /(^|\/)cimg$/i.test(namespace))) m = VERSION.exec(tag);
  else if (name.startsWith('golang-')) {
    m = VERSION.exec(name.slice('golang-'.length));
    if (m?.[5]) m = null; // golang-1.15-something: not clearly a Go version
  }
  if (!m) return undefined;
  const [, major, minor, patch, pre, suffix] = m;
  const text = `${major}.${minor}${patch !== undefined ? `.${patch}` : (pre ?? '')}`;
  const official = name === 'golang' && (namespace === '' || DOCKER_HUB.test(namespace) || /(^|\/)library$/i.test(namespace));
  return {
    major: Number(major),
    minor: Number(minor),
    patch: patch !== undefined ? Number(patch) : undefined,
    text,
    suffix: name === 'golang' || name === 'go' ? suffix : '',
    image,
    official,
    digest: digestParts.length > 0,
  };
}

/** The newest Go an image may run: a floating `1.22` tag runs the newest 1.22.x, so it compares as its highest patch. */
export function newestGoOf(v: ImageGoVersion): string {
  return v.patch !== undefined || /rc|beta/.test(v.text) ? v.text : `${v.major}.${v.minor}.999`;
}

/** Go installed by the Dockerfile itself (a distribution package or the release tarball): GOPATH is then $HOME/go. */
const GO_INSTALLED =
  /\b(apk\s+add|apt-get\s+install|apt\s+install|dnf\s+install|yum\s+install|microdnf\s+install)\b[^\n;&|]*\s(go|golang)(\s|$|-|=)|go\d[\d.]*\.linux-[a-z0-9]+\.tar\.gz/i;

/**
 * Where Go's defaults come from in a stage: the official image's (GOPATH=/go), a Go the Dockerfile installs
 * ($HOME/go), or undefined for any other base image, whose environment we cannot see.
 */
export function imageDefaultsAt(parsed: ParsedDockerfile, stageIndex: number): ImageDefaults | undefined {
  return stageLocalFacts<ImageDefaults | undefined>(parsed, defaultsByStage, stageDefaults)[stageIndex];
}

// Named functions rather than arrows at each call: these facts are asked for every go step by several rules.
function stageDefaults(st: StageTimeline, base: ImageDefaults | undefined): ImageDefaults | undefined {
  if (isOfficialGolangImage(st.resolvedImage ?? '') || base === OFFICIAL_IMAGE_DEFAULTS) return OFFICIAL_IMAGE_DEFAULTS;
  if (base || st.stage.instructions.some((ins) => ins.kind === 'RUN' && GO_INSTALLED.test(ins.argsText))) return INSTALLED_GO_DEFAULTS;
  return undefined;
}
const defaultsByStage = localStageFacts<ImageDefaults | undefined>();
const INSTALLED_GO_DEFAULTS: ImageDefaults = { GOPATH: '', HOME: '/root' };
// Each fact below is worked out once per stage and parse (see stageFacts): rules ask them for every go step.
const windowsStages = localStageFacts<boolean>();

/** A Windows stage: backtick escape, a Windows base image, or a PowerShell/cmd SHELL (no BuildKit mounts there). */
export function isWindowsStage(parsed: ParsedDockerfile, stageIndex: number): boolean {
  if (parsed.model.escapeChar === '`') return true;
  return stageLocalFacts(parsed, windowsStages, windowsStage)[stageIndex] ?? false;
}

function windowsStage(st: StageTimeline, base: boolean | undefined): boolean {
  return (
    !!base ||
    /windows|servercore|nanoserver|ltsc20\d\d/i.test(st.resolvedImage ?? '') ||
    /^windows\//i.test(st.stage.from.platform?.text ?? '') ||
    st.stage.instructions.some((ins) => ins.kind === 'SHELL' && /powershell|pwsh|cmd(\.exe)?"/i.test(ins.argsText))
  );
}

interface StageUsers {
  /** Positions of the USER instructions, in order, and the home each gives. */
  users: number[];
  homes: string[];
  /** The home at the end of the stage (its last USER, else that of the stage it builds on). */
  atEnd: string | undefined;
}
// Not kept per stage across parses: a user created in any stage (createdHomes) may change a home.
const stageUsers = new WeakMap<ParsedDockerfile, StageUsers[]>();

function userHome(argsText: string, created: Map<string, string>): string {
  const user = argsText.trim().split(':')[0];
  if (user === '' || user === 'root' || user === '0') return '/root';
  const own = created.get(user);
  if (own) return own;
  // useradd --create-home gives /home/NAME; a bare UID has no passwd entry and Docker uses HOME=/.
  return /^\d+$/.test(user) ? '/' : `/home/${user}`;
}

function usersOf(st: StageTimeline, base: StageUsers | undefined, created: Map<string, string>): StageUsers {
  const users: number[] = [];
  const homes: string[] = [];
  st.stage.instructions.forEach((ins, k) => {
    if (ins.kind !== 'USER') return;
    users.push(k);
    homes.push(userHome(ins.argsText, created));
  });
  return { users, homes, atEnd: homes.length ? homes[homes.length - 1] : base?.atEnd };
}

const createdHomeMaps = new WeakMap<ParsedDockerfile, Map<string, string>>();

/**
 * The homes users are created with, by name and uid: `useradd -d /app app`, `adduser -h /app app`, `adduser --home
 * /app app`; a user created with a uid and no home (`useradd -u 1000 app`) has /home/NAME under that uid too.
 */
export function createdHomes(parsed: ParsedDockerfile): Map<string, string> {
  let homes = createdHomeMaps.get(parsed);
  if (homes) return homes;
  homes = new Map<string, string>();
  createdHomeMaps.set(parsed, homes);
  for (const ins of parsed.model.instructions) {
    if (ins.kind !== 'RUN' || !/\b(useradd|adduser)\b/.test(ins.argsText)) continue;
    for (const cmd of ins.commands) {
      const name = cmd.words[0]?.text;
      if (name !== 'useradd' && name !== 'adduser') continue;
      const words = cmd.words.map((w) => w.text);
      const homeFlags = name === 'useradd' ? ['-d', '--home-dir', '--home'] : ['-h', '--home'];
      let home: string | undefined;
      let uid: string | undefined;
      words.forEach((w, k) => {
        if (homeFlags.includes(w)) home = words[k + 1];
        else if (/^--home(-dir)?=/.test(w)) home = w.slice(w.indexOf('=') + 1);
        else if (w === '-u' || w === '--uid') uid = words[k + 1];
      });
      const user = words[words.length - 1];
      if (!user || user.startsWith('-') || words.length < 2) continue;
      if (home === undefined) {
        if (uid && /^\d+$/.test(uid)) homes.set(uid, `/home/${user}`);
        continue;
      }
      if (!home.startsWith('/')) continue;
      homes.set(user, home);
      if (uid) homes.set(uid, home);
    }
  }
  return homes;
}

const createdHomeKeys = new WeakMap<ParsedDockerfile, string>();

/** createdHomes as one string: equal for parses that create the same users with the same homes. */
export function createdHomesKey(parsed: ParsedDockerfile): string {
  let key = createdHomeKeys.get(parsed);
  if (key === undefined) createdHomeKeys.set(parsed, (key = [...createdHomes(parsed)].map(([u, h]) => `${u}=${h}`).join('\u0000')));
  return key;
}

/** The home directory of the user a RUN runs as: root's, unless a USER instruction before it names another user. */
export function homeAt(parsed: ParsedDockerfile, stageIndex: number, before: Instruction): string | undefined {
  const facts = stageFacts(parsed, stageUsers, (st, base) => usersOf(st, base, createdHomes(parsed)));
  const own = facts[stageIndex];
  if (!own) return undefined;
  const limit = positionIn(parsed, stageIndex, before);
  // The last USER before `limit` (binary search: a stage may hold thousands of go steps).
  let lo = 0;
  let hi = own.users.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (own.users[mid] < limit) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0) return own.homes[lo - 1];
  const base = parsed.timeline.stages[stageIndex]?.baseStageIndex;
  return base !== undefined && base < stageIndex ? facts[base]?.atEnd : undefined;
}

const stageImages = localStageFacts<string | undefined>();
const imageOfStage = (st: StageTimeline, base: string | undefined) => st.resolvedImage || base;

/** The Go version of the image a stage starts from, following FROM <stage> chains. */
export function imageGoVersion(parsed: ParsedDockerfile, stageIndex: number): ImageGoVersion | undefined {
  const image = stageLocalFacts<string | undefined>(parsed, stageImages, imageOfStage)[stageIndex];
  return image ? parseGolangImage(image) : undefined;
}

// Docker's image reference grammar: [domain[:port]/]path[:tag][@digest], path components lower case.
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/**
 * Why Docker rejects an image reference, in its words: `blank` (the FROM names nothing), `invalid reference format`,
 * or `invalid reference format: repository name must be lowercase`; undefined for a valid reference.
 */
export function imageReferenceProblem(ref: string): 'blank' | 'invalid' | 'uppercase' | undefined {
  if (ref.trim() === '') return 'blank';
  const [nameTag, ...digests] = ref.split('@');
  if (digests.length > 1 || (digests.length === 1 && !DIGEST.test(digests[0]))) return 'invalid';
  const slash = nameTag.lastIndexOf('/');
  const colon = nameTag.lastIndexOf(':');
  const [name, tag] = colon > slash ? [nameTag.slice(0, colon), nameTag.slice(colon + 1)] : [nameTag, undefined];
  if (tag !== undefined && !TAG.test(tag)) return 'invalid';
  const parts = name.split('/');
  // The first part is a registry when it looks like a host (a dot, a port, `localhost`) or has upper case.
  const domain = parts.length > 1 && /[.:]|^localhost$|[A-Z]/.test(parts[0]) ? parts.shift()! : undefined;
  if (domain !== undefined && !DOMAIN.test(domain)) return 'invalid';
  if (parts.some((p) => p === '')) return 'invalid';
  if (parts.some((p) => !COMPONENT.test(p))) return parts.every((p) => COMPONENT.test(p.toLowerCase())) ? 'uppercase' : 'invalid';
  return undefined;
}
