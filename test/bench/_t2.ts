import { analyze } from '../../server/src/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { largeDockerfile, largeGoMod } from './documents';
const text = largeDockerfile(2000);
const req = { file: { uri: 'file:///x/Dockerfile', text }, kind: 'dockerfile' as const, related: { goMod: { uri: 'file:///x/go.mod', text: largeGoMod(100) } }, settings: DEFAULT_SETTINGS, locale: 'en' as const };
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let i = 0; i < 10; i++) analyze(req);
const all: number[] = [];
for (let k = 0; k < 40; k++) { const t = cpu(); analyze(req); all.push(cpu() - t); }
all.sort((a, b) => a - b);
console.log('analyze 2000 lines cpu ms: min', all[0].toFixed(2), 'median', all[20].toFixed(2));
