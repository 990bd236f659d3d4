import * as v8 from 'node:v8';
if (process.env.SEMI) v8.setFlagsFromString(`--max-semi-space-size=${process.env.SEMI}`), v8.setFlagsFromString(`--min-semi-space-size=${process.env.SEMI}`);
import { analyze } from '../../server/src/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { warmUp } from '../../server/src/warmup';
import { largeDockerfile } from './documents';
const text = largeDockerfile(2000);
warmUp('en');
const times: number[] = [];
for (let i = 0; i < 8; i++) { const t = performance.now(); analyze({ file: { uri: 'file:///x/Dockerfile', text }, kind: 'dockerfile', related: {}, settings: DEFAULT_SETTINGS, locale: 'en' }); times.push(performance.now() - t); }
console.log(times.map((x) => x.toFixed(0)).join(' '));
