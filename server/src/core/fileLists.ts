// Lists of files made by leaving some files out of a longer list, remembered as such: what is worked out over the
// longer list (the privacy signals of every build file of a workspace) then also answers for the shorter one when the
// files left out add nothing of their own, instead of going over hundreds of files again for each document.
import type { SourceFile } from './types';

export interface Sublist {
  whole: readonly SourceFile[];
  /** URIs of the files left out. */
  without: ReadonlySet<string>;
}

const sublists = new WeakMap<readonly SourceFile[], Sublist>();

/** `whole` without the files of these URIs (in the same order); `whole` itself when it holds none of them. */
export function listWithout(whole: SourceFile[], without: ReadonlySet<string>): SourceFile[] {
  const list = whole.filter((f) => !without.has(f.uri));
  if (list.length === whole.length) return whole;
  sublists.set(list, { whole, without });
  return list;
}

/** The longer list this one was made from, if listWithout made it. */
export function sublistOf(list: readonly SourceFile[]): Sublist | undefined {
  return sublists.get(list);
}
