// Lists every string the client passes to l10n.t (or to a `t` translator), so the zh-cn bundle can be
// checked for completeness. Usage: node scripts/l10n-strings.mjs [--missing]
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const CALL = /\b(?:l10n\.)?t\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;

export function clientStrings(root = 'client/src') {
  const out = new Map();
  for (const f of files(root)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(CALL)) {
      if (m[1] === '`' && m[2].includes('${')) continue;
      const s = JSON.parse(`"${m[2].replace(/\\'/g, "'").replace(/"/g, '\\"')}"`);
      if (!out.has(s)) out.set(s, f);
    }
  }
  return out;
}

if (process.argv[1]?.endsWith('l10n-strings.mjs')) {
  const strings = clientStrings();
  const bundlePath = 'l10n/bundle.l10n.zh-cn.json';
  const bundle = existsSync(bundlePath) ? JSON.parse(readFileSync(bundlePath, 'utf8')) : {};
  const list = [...strings.keys()].filter((s) => !process.argv.includes('--missing') || !(s in bundle));
  process.stdout.write(JSON.stringify(list, null, 2) + '\n');
}
