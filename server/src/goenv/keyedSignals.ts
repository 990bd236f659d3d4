// A build file's privacy signals keyed as the judge (privacyEvidence.ts) tells them apart: the same pattern list or
// credentials set again is one, and only its first place counts. Kept per scan and per list of files: a judge is
// built for every analysis, over every build file of the workspace. And the files of a list that set GOPROXY.
import type { SourceFile } from '../core/types';
import { sublistOf } from '../core/fileLists';
import { buildSignals, type BuildSignal } from './buildSignals';

/** A file's signals with the keys the judge tells them apart by: the same pattern list or credentials set again is one. */
export interface KeyedSignals {
  patternKeys: [string, BuildSignal][];
  credentialKeys: [string, BuildSignal][];
}
// Per scan (kept per file and text by buildSignals).
const keyedScans = new WeakMap<BuildSignal[], KeyedSignals>();

export function keyed(signals: BuildSignal[]): KeyedSignals {
  let k = keyedScans.get(signals);
  if (!k) {
    k = { patternKeys: [], credentialKeys: [] };
    // A key's first place only: the judge takes first places, and a Dockerfile of 200 stages repeats its lists 200 times.
    const seen = new Set<string>();
    for (const s of signals) {
      const key = s.kind === 'pattern' ? `p${s.variable}\u0000${s.value}` : s.kind === 'credentials' ? `c${s.how}\u0000${s.prefix ?? ''}` : undefined;
      if (key === undefined || seen.has(key)) continue;
      seen.add(key);
      (s.kind === 'pattern' ? k.patternKeys : k.credentialKeys).push([key, s]);
    }
    keyedScans.set(signals, k);
  }
  return k;
}

// Per file object: the workspace hands the same object for a file while its text is the same, and comparing a long
// text with the one a scan was kept for costs as much as a short scan.
const keyedFiles = new WeakMap<SourceFile, KeyedSignals>();

/** The signals of a list of files, each file's first places per key (first file first): one file can repeat a list. */
const listSignals = new WeakMap<readonly SourceFile[], [string, KeyedSignals][]>();

const saysNew = (keys: [string, BuildSignal][], seen: Set<string>) => keys.some(([k]) => !seen.has(k));

export function filesSignals(files: readonly SourceFile[]): [string, KeyedSignals][] {
  let out = listSignals.get(files);
  if (out) return out;
  // A list without some files of a longer one (a document leaves itself out of the workspace's build files) says what
  // the longer one says when none of those files says anything first: each of them only repeats files before it.
  const sub = sublistOf(files);
  if (sub) {
    const whole = filesSignals(sub.whole);
    if (!whole.some(([uri]) => sub.without.has(uri))) {
      listSignals.set(files, whole);
      return whole;
    }
  }
  out = [];
  const patterns = new Set<string>();
  const credentials = new Set<string>();
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.uri)) continue;
    seen.add(f.uri);
    let all = keyedFiles.get(f);
    if (!all) keyedFiles.set(f, (all = keyed(buildSignals(f))));
    // Most files of a workspace repeat what an earlier one said: those are passed over without a copy.
    if (!saysNew(all.patternKeys, patterns) && !saysNew(all.credentialKeys, credentials)) continue;
    // Only what this file says first among the list: later repeats never decide (the judge takes first places).
    const own: KeyedSignals = {
      patternKeys: all.patternKeys.filter(([k]) => !patterns.has(k) && (patterns.add(k), true)),
      credentialKeys: all.credentialKeys.filter(([k]) => !credentials.has(k) && (credentials.add(k), true)),
    };
    out.push([f.uri, own]);
  }
  listSignals.set(files, out);
  return out;
}

// Per file object, as keyedFiles: the first GOPROXY it sets (null: none).
const goproxyOfFile = new WeakMap<SourceFile, BuildSignal | null>();
const goproxySetterLists = new WeakMap<readonly SourceFile[], [SourceFile, BuildSignal][]>();

/** The files of the list that set GOPROXY, in its order, each with the first place it does. */
export function filesSettingGoproxy(files: readonly SourceFile[]): [SourceFile, BuildSignal][] {
  let out = goproxySetterLists.get(files);
  if (out) return out;
  out = [];
  for (const f of files) {
    let set = goproxyOfFile.get(f);
    if (set === undefined) goproxyOfFile.set(f, (set = buildSignals(f).find((s) => s.kind === 'goproxy') ?? null));
    if (set) out.push([f, set]);
  }
  goproxySetterLists.set(files, out);
  return out;
}
