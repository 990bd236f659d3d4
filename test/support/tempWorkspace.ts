// A fresh temporary workspace folder for a test, with a writer for files in it; removed afterwards.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function withWorkspace(body: (root: string, write: (rel: string, text: string) => string) => void): void {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-ws-')));
  const write = (rel: string, text: string) => {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    return p;
  };
  try {
    body(root, write);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
