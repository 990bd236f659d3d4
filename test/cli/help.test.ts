// --help and --version tell the truth: the help lists every option the parser takes (read from its source, so an
// option added without its help line fails here), in both languages, the README's Command line section names each,
// and --version is package.json's version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run, tempDir } from './support';

const ROOT = path.resolve(__dirname, '..', '..');

/** The options server/src/cliArgs.ts compares an argument with (`flag === '--x'`). */
function parserOptions(): string[] {
  const source = fs.readFileSync(path.join(ROOT, 'server', 'src', 'cliArgs.ts'), 'utf8');
  const found = [...source.matchAll(/flag === '(-{1,2}[a-z][a-z-]*)'/g)].map((m) => m[1]);
  return [...new Set(found)].sort();
}

/** The options a help text lists in its option lines (those that start with a dash, after the indentation). */
function helpOptions(help: string): string[] {
  const lines = help.split('\n').filter((l) => /^ {2,}-/.test(l));
  return [
    ...new Set(
      lines.flatMap((l) =>
        [
          ...l
            .trimStart()
            .replace(/ {2,}\S.*$/, '')
            .matchAll(/(?<![\w-])(-{1,2}[a-z][a-z-]*)/g),
        ].map((m) => m[1]),
      ),
    ),
  ].sort();
}

test('--help lists every option the parser takes, in English and Chinese, and exits 0', (t) => {
  const dir = tempDir(t);
  const options = parserOptions();
  assert.ok(options.length >= 10, `options read from the parser: ${options.join(' ')}`);
  for (const [env, usage] of [
    [{}, /^usage: go-proxy-doctor /],
    [{ LANG: 'zh_CN.UTF-8' }, /^用法：go-proxy-doctor /],
  ] as const) {
    for (const flag of ['--help', '-h']) {
      const r = run([flag], dir, env);
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, usage);
      assert.deepEqual(helpOptions(r.stdout), options, `${flag} ${JSON.stringify(env)}`);
      assert.match(r.stdout, /--fail-on .*(default error|默认 error)/);
    }
  }
});

test('the usage line names every option that takes a value, and the README names every option', () => {
  const usage = run(['--help'], ROOT).stdout.split('\n')[0];
  for (const flag of ['--format', '--locale', '--build-arg', '--fail-on', '--quiet', '--no-color']) assert.ok(usage.includes(flag), `${flag} in ${usage}`);
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Command line'), readme.indexOf('\n## ', readme.indexOf('\n## Command line') + 1));
  for (const flag of parserOptions())
    assert.ok(section.includes(`\`${flag}`) || section.includes(` ${flag}`), `README's Command line section does not name ${flag}`);
});

test('--version prints the version of package.json and exits 0', (t) => {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const r = run(['--version'], tempDir(t));
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `${version}\n`);
});
