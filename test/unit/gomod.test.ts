// The go.mod / go.work parser: the model with exact ranges, comments, versions, error recovery and robustness.
// (Error wordings are compared with the real go command in test/gocmd/gomod.gocmd.test.ts.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareGoVersions, isPseudoVersion, isValidModuleVersion, parseGoMod, type GoModFile, type ModFileKind } from '../../server/src/syntax/gomod';
import type { Range } from '../../server/src/core/types';
import { LineIndex } from '../../server/src/core/text';

const URI = 'file:///ws/go.mod';
const WORK_URI = 'file:///ws/go.work';
const lines = (...ls: string[]) => ls.join('\n') + '\n';
const r = (sl: number, sc: number, el: number, ec: number): Range => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });
const mod = (text: string) => parseGoMod(text, URI, 'gomod');
const work = (text: string) => parseGoMod(text, WORK_URI, 'gowork');
const messages = (f: GoModFile) => f.errors.map((e) => e.message);
const HEAD = 'module example.com/app\n\ngo 1.22\n';

/** Every range of the model and its errors, with what it names. */
function allRanges(f: GoModFile): Range[] {
  const out: Range[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('start' in o && 'end' in o) out.push(o as unknown as Range);
      else Object.values(o).forEach(visit);
    }
  };
  visit(f);
  return out;
}

function assertRangesInside(text: string, f: GoModFile): void {
  const index = new LineIndex(text);
  for (const range of allRanges(f)) {
    for (const p of [range.start, range.end]) {
      assert.ok(p.line >= 0 && p.line < index.lineCount, `line ${p.line} outside the text`);
      assert.ok(p.character >= 0 && p.character <= index.line(p.line).length, `character ${p.character} outside line ${p.line}`);
    }
    assert.ok(
      range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character),
      'range ends before it starts',
    );
  }
}

describe('directives, line form, with exact ranges', () => {
  const text = lines(
    'module example.com/app',
    'go 1.22.1',
    'toolchain go1.23.4',
    'godebug panicnil=1',
    'require github.com/google/uuid v1.6.0',
    'exclude github.com/google/uuid v1.5.0',
    'replace example.com/old v1.0.0 => example.com/new v1.1.0',
    'retract v1.0.1',
    'tool example.com/gen/cmd/gen',
    'ignore ./node_modules',
  );
  const f = mod(text);

  test('no errors', () => assert.deepEqual(f.errors, []));
  test('module', () => assert.deepEqual(f.module, { path: 'example.com/app', pathRange: r(0, 7, 0, 22), range: r(0, 0, 0, 22) }));
  test('go', () => assert.deepEqual(f.go, { version: '1.22.1', versionRange: r(1, 3, 1, 9), range: r(1, 0, 1, 9) }));
  test('toolchain', () => assert.deepEqual(f.toolchain, { name: 'go1.23.4', nameRange: r(2, 10, 2, 18), range: r(2, 0, 2, 18) }));
  test('godebug', () => assert.deepEqual(f.godebugs, [{ key: 'panicnil', value: '1', range: r(3, 0, 3, 18) }]));
  test('require', () =>
    assert.deepEqual(f.requires, [
      { path: 'github.com/google/uuid', version: 'v1.6.0', indirect: false, pathRange: r(4, 8, 4, 30), versionRange: r(4, 31, 4, 37), range: r(4, 0, 4, 37) },
    ]));
  test('exclude', () =>
    assert.deepEqual(f.excludes, [
      { path: 'github.com/google/uuid', version: 'v1.5.0', pathRange: r(5, 8, 5, 30), versionRange: r(5, 31, 5, 37), range: r(5, 0, 5, 37) },
    ]));
  test('replace with versions on both sides', () =>
    assert.deepEqual(f.replaces, [
      {
        oldPath: 'example.com/old',
        oldVersion: 'v1.0.0',
        newPath: 'example.com/new',
        newVersion: 'v1.1.0',
        isLocal: false,
        oldPathRange: r(6, 8, 6, 23),
        oldVersionRange: r(6, 24, 6, 30),
        newPathRange: r(6, 34, 6, 49),
        newVersionRange: r(6, 50, 6, 56),
        range: r(6, 0, 6, 56),
      },
    ]));
  test('retract', () => assert.deepEqual(f.retracts, [{ low: 'v1.0.1', high: 'v1.0.1', range: r(7, 0, 7, 14) }]));
  test('tool', () => assert.deepEqual(f.tools, [{ path: 'example.com/gen/cmd/gen', pathRange: r(8, 5, 8, 28), range: r(8, 0, 8, 28) }]));
  test('ignore', () => assert.deepEqual(f.ignores, [{ path: './node_modules', pathRange: r(9, 7, 9, 21), range: r(9, 0, 9, 21) }]));
});

describe('directives, block form: each line is one directive, ranged without the verb', () => {
  const text = lines(
    'module (',
    '\texample.com/app',
    ')',
    'godebug (',
    '\tdefault=go1.21',
    '\tpanicnil=1',
    ')',
    'require (',
    '\tgithub.com/a/b v1.0.0',
    '    github.com/c/d v0.1.0 // indirect',
    ')',
    'exclude (',
    '\tgithub.com/a/b v0.9.0',
    ')',
    'replace (',
    '\tgithub.com/a/b => ../b',
    ')',
    'retract (',
    '\t[v1.0.0, v1.0.5]',
    ')',
    'tool (',
    '\texample.com/gen',
    ')',
    'ignore (',
    '\t./vendor-js',
    ')',
  );
  const f = mod(text);

  test('no errors', () => assert.deepEqual(f.errors, []));
  test('module', () => assert.deepEqual(f.module, { path: 'example.com/app', pathRange: r(1, 1, 1, 16), range: r(1, 1, 1, 16) }));
  test('godebug', () =>
    assert.deepEqual(f.godebugs, [
      { key: 'default', value: 'go1.21', range: r(4, 1, 4, 15) },
      { key: 'panicnil', value: '1', range: r(5, 1, 5, 11) },
    ]));
  test('require, indented with spaces and with // indirect', () =>
    assert.deepEqual(f.requires, [
      { path: 'github.com/a/b', version: 'v1.0.0', indirect: false, pathRange: r(8, 1, 8, 15), versionRange: r(8, 16, 8, 22), range: r(8, 1, 8, 22) },
      { path: 'github.com/c/d', version: 'v0.1.0', indirect: true, pathRange: r(9, 4, 9, 18), versionRange: r(9, 19, 9, 25), range: r(9, 4, 9, 25) },
    ]));
  test('exclude', () =>
    assert.deepEqual(
      f.excludes.map((e) => [e.path, e.version, e.range]),
      [['github.com/a/b', 'v0.9.0', r(12, 1, 12, 22)]],
    ));
  test('replace by a directory', () =>
    assert.deepEqual(f.replaces, [
      { oldPath: 'github.com/a/b', newPath: '../b', isLocal: true, oldPathRange: r(15, 1, 15, 15), newPathRange: r(15, 19, 15, 23), range: r(15, 1, 15, 23) },
    ]));
  test('retract interval', () => assert.deepEqual(f.retracts, [{ low: 'v1.0.0', high: 'v1.0.5', range: r(18, 1, 18, 17) }]));
  test('tool and ignore', () => {
    assert.deepEqual(f.tools, [{ path: 'example.com/gen', pathRange: r(21, 1, 21, 16), range: r(21, 1, 21, 16) }]);
    assert.deepEqual(f.ignores, [{ path: './vendor-js', pathRange: r(24, 1, 24, 12), range: r(24, 1, 24, 12) }]);
  });
  test('empty blocks, one-line `()`, comments and blank lines inside blocks', () => {
    const g = mod(HEAD + lines('require ()', 'require (', '', '\t// nothing yet', '', ')', 'replace ( // none', ')'));
    assert.deepEqual(g.errors, []);
    assert.deepEqual(g.requires, []);
  });
});

describe('comments', () => {
  test('// indirect, as go reads it', () => {
    const f = mod(
      HEAD +
        lines(
          'require (',
          '\ta.com/a v1.0.0 // indirect',
          '\ta.com/b v1.0.0 //indirect',
          '\ta.com/c v1.0.0 // indirect; needed by tests',
          '\ta.com/d v1.0.0 // indirect because',
          '\ta.com/e v1.0.0 // not indirect',
          ')',
          'require a.com/f v1.0.0 // indirect',
        ),
    );
    assert.deepEqual(
      f.requires.map((q) => [q.path, q.indirect]),
      [
        ['a.com/a', true],
        ['a.com/b', true],
        ['a.com/c', true],
        ['a.com/d', false],
        ['a.com/e', false],
        ['a.com/f', true],
      ],
    );
  });

  test('Deprecated: paragraph of the module comment, line or block form', () => {
    assert.equal(mod(lines('// Deprecated: use example.com/b.', 'module example.com/a')).module?.deprecated, 'use example.com/b.');
    assert.equal(
      mod(lines('// Package a does things.', '//', '// Deprecated: use b', '// instead.', 'module example.com/a')).module?.deprecated,
      'use b\ninstead.',
    );
    assert.equal(mod(lines('module example.com/a // Deprecated: in the suffix')).module?.deprecated, 'in the suffix');
    assert.equal(mod(lines('// Deprecated: on the block', 'module (', '\texample.com/a', ')')).module?.deprecated, 'on the block');
    // Not a paragraph of its own, or cut off by a blank line: not a deprecation.
    assert.equal(mod(lines('// See also.', '// Deprecated: no', 'module example.com/a')).module?.deprecated, undefined);
    assert.equal(mod(lines('// Deprecated: detached', '', 'module example.com/a')).module?.deprecated, undefined);
  });

  test('retract rationale: comments above or after, else the block comment', () => {
    const f = mod(
      HEAD +
        lines(
          '// Published too early.',
          'retract v1.0.0',
          'retract v1.0.1 // Broken build.',
          '// Security hole:',
          'retract (',
          '\t[v1.1.0, v1.1.5]',
          '\t// Typo.',
          '\tv1.2.0',
          '\tv1.3.0 // Bad tag.',
          ')',
          'retract v1.4.0',
        ),
    );
    assert.deepEqual(
      f.retracts.map((x) => [x.low, x.rationale]),
      [
        ['v1.0.0', 'Published too early.'],
        ['v1.0.1', 'Broken build.'],
        ['v1.1.0', 'Security hole:'],
        ['v1.2.0', 'Typo.'],
        ['v1.3.0', 'Bad tag.'],
        ['v1.4.0', undefined],
      ],
    );
  });

  test('comments everywhere do not disturb ranges', () => {
    const f = mod(
      lines(
        '// top',
        'module example.com/app // name',
        '// lang',
        'go 1.22 // version',
        'require ( // deps',
        '\t// first',
        '\ta.com/x v1.0.0 // x',
        ') // end',
      ),
    );
    assert.deepEqual(f.errors, []);
    assert.deepEqual(f.go?.versionRange, r(3, 3, 3, 7));
    assert.deepEqual(f.requires[0].range, r(6, 1, 6, 15));
  });
});

describe('strings', () => {
  test('quoted paths and versions: values unescaped, ranges include the quotes', () => {
    const f = mod(lines('module "example.com/\\x61pp"', 'require "example.com/b\\u00e9" "v1.0.0"'));
    assert.equal(f.module?.path, 'example.com/app');
    assert.deepEqual(f.module?.pathRange, r(0, 7, 0, 27));
    assert.deepEqual(
      f.requires.map((q) => [q.path, q.version, q.pathRange, q.versionRange]),
      [['example.com/bé', 'v1.0.0', r(1, 8, 1, 29), r(1, 30, 1, 38)]],
    );
  });

  test('raw strings are lexed but directives do not accept them', () => {
    const f = mod(HEAD + 'require `example.com/a` v1.0.0\n');
    assert.deepEqual(messages(f), ['invalid quoted string: unquoted string cannot contain quote']);
    assert.deepEqual(f.errors[0].range, r(3, 8, 3, 23));
  });

  test('invalid escapes, and quotes inside bare words', () => {
    assert.deepEqual(messages(mod(HEAD + 'require "a.com/\\q" v1.0.0\n')), ['invalid quoted string: invalid syntax']);
    assert.deepEqual(messages(mod(HEAD + "require a.com/it's v1.0.0\n")), ['invalid quoted string: unquoted string cannot contain quote']);
  });

  test('positions count UTF-16 units (astral characters take two)', () => {
    const f = mod(lines('module example.com/app', 'tool "example.com/\u{1F600}"', 'require a.com/x v1.0.0'));
    assert.deepEqual(f.tools[0].pathRange, r(1, 5, 1, 21)); // `"example.com/` 13 + 😀 2 + `"` 1
    assert.deepEqual(f.requires[0].pathRange, r(2, 8, 2, 15));
  });
});

describe('replace: directories and modules', () => {
  const local = (target: string) => mod(`${HEAD}replace example.com/a => ${target}\n`).replaces[0];
  test('directories (no version) are local', () => {
    for (const t of ['./a', '../a', '/abs/a', '.', '..', '"./with space"']) assert.equal(local(t)?.isLocal, true, t);
    assert.equal(local('"./with space"')?.newPath, './with space');
  });
  test('Windows drive paths are local; backslashes are errors on the Linux that builds run on', () => {
    const f = mod(`${HEAD}replace example.com/a => C:\\src\\a\n`);
    assert.deepEqual(messages(f), ['replacement directory appears to be Windows path (on a non-windows system)']);
    assert.equal(local('C:/src/a')?.isLocal, true);
  });
  test('a module with a version is not local; old versions are optional', () => {
    const f = mod(
      `${HEAD}replace example.com/a v1.2.3 => example.com/fork v1.2.4\nreplace example.com/b => example.com/b2 v0.0.0-20240101120000-abcdefabcdef\n`,
    );
    assert.deepEqual(
      f.replaces.map((x) => [x.oldPath, x.oldVersion, x.newPath, x.newVersion, x.isLocal]),
      [
        ['example.com/a', 'v1.2.3', 'example.com/fork', 'v1.2.4', false],
        ['example.com/b', undefined, 'example.com/b2', 'v0.0.0-20240101120000-abcdefabcdef', false],
      ],
    );
  });
  test('a module without a version, or a directory with one, is an error', () => {
    assert.deepEqual(messages(mod(`${HEAD}replace example.com/a => example.com/b\n`)), [
      'replacement module without version must be directory path (rooted or starting with . or ..)',
    ]);
    const f = mod(`${HEAD}replace example.com/a => ./b v1.0.0\n`);
    assert.deepEqual(messages(f), ['replacement module directory path "./b" cannot have version']);
    assert.deepEqual(f.errors[0].range, r(3, 29, 3, 35));
    assert.deepEqual(f.replaces, []);
  });
});

describe('go.work', () => {
  test('use (line and block, quoted), replace, go, toolchain, godebug', () => {
    const f = work(
      lines('go 1.22', 'toolchain go1.22.3', 'godebug default=go1.21', 'use ./a', 'use (', '\t./b', '\t"./c d"', ')', 'replace example.com/x v1.0.0 => ../x'),
    );
    assert.deepEqual(f.errors, []);
    assert.equal(f.kind, 'gowork');
    assert.deepEqual(f.uses, [
      { path: './a', pathRange: r(3, 4, 3, 7), range: r(3, 0, 3, 7) },
      { path: './b', pathRange: r(5, 1, 5, 4), range: r(5, 1, 5, 4) },
      { path: './c d', pathRange: r(6, 1, 6, 8), range: r(6, 1, 6, 8) },
    ]);
    assert.deepEqual(
      f.replaces.map((x) => [x.oldPath, x.oldVersion, x.newPath, x.isLocal]),
      [['example.com/x', 'v1.0.0', '../x', true]],
    );
    assert.equal(f.go?.version, '1.22');
    assert.equal(f.toolchain?.name, 'go1.22.3');
  });

  test('go.mod directives are unknown in go.work, and use in go.mod', () => {
    assert.deepEqual(messages(work(lines('go 1.22', 'module example.com/x', 'require example.com/y v1.0.0', 'exclude (', ')'))), [
      'unknown directive: module',
      'unknown directive: require',
      'unknown block type: exclude',
    ]);
    assert.deepEqual(messages(mod(HEAD + 'use ./a\n')), ['unknown directive: use']);
  });

  test('the same directory twice', () => {
    const f = work(lines('go 1.22', 'use ./a', 'use a/'));
    assert.deepEqual(messages(f), ['path /ws/a appears multiple times in workspace']);
    assert.deepEqual(f.errors[0].range, r(2, 4, 2, 6));
  });
});

describe('module versions', () => {
  test('isValidModuleVersion: canonical semver, pseudo-versions, +incompatible', () => {
    for (const v of [
      'v0.0.0',
      'v1.2.3',
      'v10.20.30',
      'v1.2.3-pre',
      'v1.2.3-rc.1',
      'v2.0.0-alpha.beta-1',
      'v0.0.0-20240101120000-abcdefabcdef',
      'v1.2.4-0.20240101120000-abcdefabcdef',
      'v1.2.3-pre.0.20240101120000-abcdefabcdef',
      'v2.3.0+incompatible',
    ]) {
      assert.equal(isValidModuleVersion(v), true, v);
    }
    for (const v of [
      '',
      '1.2.3',
      'v1',
      'v1.2',
      'v01.2.3',
      'v1.02.3',
      'v1.2.3-01',
      'v1.2.3-',
      'v1.2.3+build',
      'v1.2.3+incompatible+x',
      'latest',
      'v1.2.3.4',
      'V1.2.3',
      'v1.2.3-a..b',
    ]) {
      assert.equal(isValidModuleVersion(v), false, v);
    }
  });

  test('isPseudoVersion', () => {
    assert.equal(isPseudoVersion('v0.0.0-20240101120000-abcdefabcdef'), true);
    assert.equal(isPseudoVersion('v1.2.4-0.20240101120000-abcdefabcdef'), true);
    assert.equal(isPseudoVersion('v1.2.3-pre.0.20240101120000-abcdefabcdef'), true);
    assert.equal(isPseudoVersion('v1.2.3-rc.1'), false);
    assert.equal(isPseudoVersion('v1.2.3'), false);
  });

  test('require versions: shorthand read as canonical; invalid ones and major mismatches are errors', () => {
    const f = mod(
      HEAD +
        lines('require a.com/x v1.2', 'require a.com/y latest', 'require a.com/z v2.0.0', 'require a.com/z/v2 v2.1.0', 'require a.com/w v3.0.0+incompatible'),
    );
    assert.deepEqual(
      f.requires.map((q) => [q.path, q.version]),
      [
        ['a.com/x', 'v1.2.0'],
        ['a.com/z/v2', 'v2.1.0'],
        ['a.com/w', 'v3.0.0+incompatible'],
      ],
    );
    assert.deepEqual(messages(f), [
      'require a.com/y: version "latest" invalid: must be of the form v1.2.3',
      'require a.com/z: version "v2.0.0" invalid: should be v0 or v1, not v2',
    ]);
    assert.deepEqual(f.errors[0].range, r(4, 16, 4, 22));
  });
});

describe('compareGoVersions', () => {
  test('orders like go/version: 1.21 < 1.21rc1 < 1.21.0 < 1.21.1', () => {
    const ordered = ['1.9', '1.20rc1', '1.20', '1.20.1', '1.21', '1.21rc1', '1.21rc2', '1.21.0', '1.21.1', '1.22', 'go1.22.3', '2'];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        assert.equal(Math.sign(compareGoVersions(ordered[i], ordered[j])), Math.sign(i - j), `${ordered[i]} vs ${ordered[j]}`);
      }
    }
  });
  test('equal spellings; 1.20 means 1.20.0; go prefix and suffixes are ignored', () => {
    assert.equal(compareGoVersions('1.20', '1.20.0'), 0);
    assert.equal(compareGoVersions('go1.22.3', '1.22.3'), 0);
    assert.equal(compareGoVersions('go1.22.3-bigcorp', '1.22.3'), 0);
    assert.equal(compareGoVersions('1.21beta1', '1.21rc1') < 0, true);
  });
  test('invalid versions sort first', () => {
    assert.ok(compareGoVersions('junk', '1.0') < 0);
    assert.equal(compareGoVersions('junk', ''), 0);
  });
});

describe('line endings, byte order mark, tabs', () => {
  test('CRLF: ranges stop before the \\r; comments and indirect still read', () => {
    const f = mod('module example.com/app\r\n\r\ngo 1.22\r\nrequire (\r\n\ta.com/x v1.0.0 // indirect\r\n)\r\n');
    assert.deepEqual(f.errors, []);
    assert.deepEqual(f.go?.range, r(2, 0, 2, 7));
    assert.deepEqual(f.requires[0], {
      path: 'a.com/x',
      version: 'v1.0.0',
      indirect: true,
      pathRange: r(4, 1, 4, 8),
      versionRange: r(4, 9, 4, 15),
      range: r(4, 1, 4, 15),
    });
  });

  test('a BOM is an error for the go command; the rest is still read', () => {
    const f = mod('\ufeffmodule example.com/app\n\ngo 1.22\n');
    assert.deepEqual(messages(f), ["unexpected input character '\\ufeff'"]);
    assert.deepEqual(f.errors[0].range, r(0, 0, 0, 1));
    assert.deepEqual(f.module?.pathRange, r(0, 8, 0, 23));
    assert.equal(f.go?.version, '1.22');
  });

  test('a lone \\r is white space to Go but a line break to LSP', () => {
    const f = mod('module example.com/app\rgo 1.22\n');
    assert.deepEqual(messages(f), ['usage: module module/path']);
    assert.deepEqual(f.errors[0].range, r(0, 0, 1, 7));
  });

  test('no final newline', () => {
    const f = mod('module example.com/app\ngo 1.22');
    assert.deepEqual(f.errors, []);
    assert.deepEqual(f.go?.range, r(1, 0, 1, 7));
  });
});

describe('errors: wording, ranges, recovery', () => {
  test('a syntax error comes first (go reports only it); directive errors of intact lines follow', () => {
    const f = mod(HEAD + lines('require foo', 'require "a.com/x v1.0.0', 'bogus'));
    assert.deepEqual(messages(f), ['unexpected newline in string', 'usage: require module/path v1.2.3', 'unknown directive: bogus']);
    assert.deepEqual(f.errors[0].range, r(4, 8, 4, 23));
  });

  test('inside a block that is never closed: the model keeps the lines, errors only name the block', () => {
    const f = mod(HEAD + lines('require (', '\ta.com/x v1.0.0', '\tnot a require'));
    assert.deepEqual(messages(f), ['syntax error (unterminated block started at /ws/go.mod:4:1)']);
    assert.deepEqual(f.errors[0].range, r(6, 0, 6, 0));
    assert.deepEqual(
      f.requires.map((q) => q.path),
      ['a.com/x'],
    );
  });

  test('the unterminated-block message names the file as go does (go.mod by path, go.work relative)', () => {
    assert.match(parseGoMod('require (\n', 'untitled:Untitled-1', 'gomod').errors[0].message, /started at go\.mod:1:1\)$/);
    assert.match(work('go 1.22\n  use (\n').errors[0].message, /started at go\.work:2:3\)$/);
  });

  test('error ranges: the offending token, or the directive', () => {
    const at = (text: string) => mod(HEAD + text).errors[0];
    assert.deepEqual(at('go 1.23\n'), { message: 'repeated go statement', range: r(3, 0, 3, 7) });
    assert.deepEqual(at('foo bar\n'), { message: 'unknown directive: foo', range: r(3, 0, 3, 3) });
    assert.deepEqual(at('toolchain 1.22\n'), { message: "invalid toolchain version '1.22': must match format go1.23.0 or default", range: r(3, 10, 3, 14) });
    assert.deepEqual(at('require a.com/x/v1 v1.0.0\n'), {
      message: 'require a.com/x/v1: version "v1.0.0" invalid: malformed module path "a.com/x/v1"',
      range: r(3, 8, 3, 18),
    });
    assert.deepEqual(at('retract [v1.0.0, v1.1.0] extra\n'), { message: 'unexpected token after version: "extra"', range: r(3, 25, 3, 30) });
    assert.deepEqual(at('require x.com/y v1.0.0 /* no */\n'), { message: 'mod files must use // comments (not /* */ comments)', range: r(3, 23, 3, 25) });
    assert.deepEqual(at('require a.com/x v1.0.0\u00a0\n'), { message: "unexpected input character '\\u00a0'", range: r(3, 22, 3, 23) });
  });

  test('missing module declaration, on an empty file', () => {
    assert.deepEqual(mod('').errors, [
      { message: 'missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod', range: r(0, 0, 0, 0) },
    ]);
    assert.deepEqual(work('').errors, []);
  });

  test('required modules with malformed paths, unless replaced', () => {
    const f = mod(HEAD + lines('require (', '\tfoo v1.0.0', '\tBar.com/x v1.0.0', '\tbaz v1.0.0', ')', 'replace baz => ./baz'));
    assert.deepEqual(messages(f), [
      'malformed module path "foo": missing dot in first path element',
      `malformed module path "Bar.com/x": invalid char 'B' in first path element`,
    ]);
  });

  test('at most 1000 errors', () => {
    const f = mod('module example.com/app\n' + 'x\n'.repeat(5000));
    assert.equal(f.errors.length, 1000);
  });
});

describe('robustness', () => {
  test('garbage never throws and every range lies inside the text', () => {
    const alphabet = fc.constantFrom(
      'module',
      'require',
      'replace',
      'retract',
      'go',
      'use',
      '(',
      ')',
      '[',
      ']',
      ',',
      '=>',
      '"',
      '`',
      '\\',
      '//',
      '/*',
      ' ',
      '\t',
      '\n',
      '\r\n',
      '\r',
      'v1.0.0',
      'a.com/x',
      '\u00a0',
      '\ufeff',
      '\u{1F600}',
      '\0',
      'é',
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 60 }).map((parts) => parts.join('')),
        fc.constantFrom<ModFileKind>('gomod', 'gowork'),
        (text, kind) => {
          const f = parseGoMod(text, kind === 'gomod' ? URI : WORK_URI, kind);
          assertRangesInside(text, f);
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => assertRangesInside(text, mod(text))),
      { numRuns: 500 },
    );
  });

  test('unterminated strings and blocks at the very end', () => {
    for (const text of ['"', '`', '"\\', 'require (', 'require (\n\t"a', 'module "x\\\n', '/*', 'a/*', '//', '(', ')', 'require ( )']) {
      const f = mod(text);
      assertRangesInside(text, f);
      assert.ok(f.errors.length > 0, JSON.stringify(text));
    }
  });

  test('10 MB of random bytes', () => {
    const bytes = new Uint8Array(10 * 1024 * 1024);
    let seed = 42;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    const text = new TextDecoder().decode(bytes);
    const f = mod(text);
    assert.ok(f.errors.length > 0 && f.errors.length <= 1000);
    assertRangesInside(text, { ...f, errors: f.errors.slice(0, 50) });
  });

  test('a 3,000-require go.mod parses in a few milliseconds', () => {
    let text = HEAD + 'require (\n';
    for (let i = 0; i < 3000; i++) text += `\tgithub.com/org${i}/repo${i} v1.${i}.0${i % 3 ? ' // indirect' : ''}\n`;
    text += ')\n';
    let best = Infinity;
    for (let run = 0; run < 15; run++) {
      const t = performance.now();
      const f = mod(text);
      best = Math.min(best, performance.now() - t);
      assert.equal(f.requires.length, 3000);
    }
    assert.ok(best < 25, `best of 15 runs: ${best.toFixed(1)} ms`);
  });
});
