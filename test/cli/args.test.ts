// Argument parsing: `--` ends options; an option without its value says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BAD_DOCKERFILE, run, tempDir } from './support';

test('-- ends options: later arguments are paths even if they start with -', (t) => {
  const dir = tempDir(t, { '--help': BAD_DOCKERFILE, '-x.Dockerfile': BAD_DOCKERFILE });
  const r = run(['--format', 'json', '--', '--help', '-x.Dockerfile'], dir);
  assert.equal(r.code, 1, r.stderr);
  const files = new Set((JSON.parse(r.stdout) as { file: string }[]).map((f) => f.file));
  assert.deepEqual([...files].sort(), ['--help', '-x.Dockerfile']);
});

test('--format and --locale without a value say "needs a value" (en and zh-cn)', (t) => {
  const dir = tempDir(t, { Dockerfile: BAD_DOCKERFILE });
  for (const [args, message] of [
    [['--format'], '--format needs a value'],
    [['--locale'], '--locale needs a value'],
    [['--format', '--no-color'], '--format needs a value'],
    [['--locale='], '--locale needs a value'],
  ] as const) {
    const r = run([...args], dir);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr.split('\n')[0], message, args.join(' '));
    assert.equal(r.stdout, '');
  }
  const zh = run(['--format'], dir, { LANG: 'zh_CN.UTF-8' });
  assert.equal(zh.stderr.split('\n')[0], '--format 需要一个值');
});
