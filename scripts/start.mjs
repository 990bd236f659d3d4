// `npm start [-- paths…]`: the CLI on the given paths, or on the examples/ workspace by default.
// The examples contain errors on purpose, so that run reports the CLI's exit status but does not fail npm.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
// Positional arguments are paths; the values of the options that take one are not.
const paths = args.filter((a, i) => !a.startsWith('-') && !['--format', '-f', '--locale', '--build-arg', '--fail-on'].includes(args[i - 1]));
const demo = paths.length === 0;
const r = spawnSync(process.execPath, ['dist/cli.js', ...(demo ? ['examples'] : []), ...args], { stdio: 'inherit' });
if (demo && r.status === 1) {
  console.log('(exit status 1: errors found — examples/ holds typical mistakes on purpose)');
  process.exit(0);
}
process.exit(r.status ?? 1);
