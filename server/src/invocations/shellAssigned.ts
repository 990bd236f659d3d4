// The shell variables a CI script sets itself: a `$NAME` after them has the script's value, not the one the CI file's
// `variables`/`env` give, so that value is not taken for it.
import { lexShell } from '../syntax/shell';
import { MappedText } from '../syntax/source';

const DECLARERS = new Set(['export', 'declare', 'typeset', 'local', 'readonly', 'unset']);

/** Names the scripts assign, export, read or unset; 'all' when one sources a file or evals (anything may be set). */
export function assignedNames(scripts: readonly string[]): Set<string> | 'all' {
  const out = new Set<string>();
  for (const script of scripts) {
    for (const cmd of lexShell(MappedText.contiguous(script, 0))) {
      for (const a of cmd.assignments) out.add(a.text.slice(0, a.text.indexOf('=')));
      const [first, ...rest] = cmd.words.map((w) => w.text);
      if (first === 'source' || first === '.' || first === 'eval') return 'all';
      if (first === 'for' && rest[0]) out.add(rest[0]);
      if (first !== undefined && (DECLARERS.has(first) || first === 'read')) {
        for (const w of rest) {
          const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(w)?.[0];
          if (name && (first === 'read' || first === 'unset' || w.includes('='))) out.add(name);
        }
      }
    }
  }
  return out;
}
