import { analyze } from '../../server/src/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/core/types';
import { warmUp } from '../../server/src/warmup';
import { largeDockerfile } from './documents';
const text = largeDockerfile(2000);
warmUp('en');
const t = performance.now();
const f = analyze({ file: { uri: 'file:///x/Dockerfile', text }, kind: 'dockerfile', related: {}, settings: DEFAULT_SETTINGS, locale: 'en' });
console.log('cold analyze', (performance.now() - t).toFixed(1), f.length);
