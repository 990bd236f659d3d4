// GOPROXY parsing (goenv/proxy), Go's URL rules behind it (goenv/goUrl) and the known mirrors (goenv/knownMirrors).
// Expected go messages are the ones Go 1.26 printed for the same values (see test/gocmd/goenv.gocmd.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_GOPROXY, EMPTY_LIST_MESSAGE, goTrimSpace, impliedProxyUrl, isLoopbackHost, parseGoProxy, type ProxyEntry } from '../../server/src/goenv/proxy';
import { goParseUrl, goUrlString, ipv6Bytes } from '../../server/src/goenv/goUrl';
import { goQuote } from '../../server/src/core/goStrings';
import { KNOWN_MIRRORS, findKnownMirror, normalizeMirrorUrl } from '../../server/src/goenv/knownMirrors';

type Row = Pick<ProxyEntry, 'kind' | 'start' | 'end' | 'separatorAfter' | 'reachable'> & { url?: string };
const rows = (value: string): Row[] =>
  parseGoProxy(value).entries.map((e) => ({
    kind: e.kind,
    start: e.start,
    end: e.end,
    separatorAfter: e.separatorAfter,
    reachable: e.reachable,
    ...(e.url ? { url: e.url } : {}),
  }));

test('the default value', () => {
  assert.equal(DEFAULT_GOPROXY, 'https://proxy.golang.org,direct');
  assert.deepEqual(rows(DEFAULT_GOPROXY), [
    { kind: 'proxy', start: 0, end: 24, separatorAfter: ',', reachable: true, url: 'https://proxy.golang.org' },
    { kind: 'direct', start: 25, end: 31, separatorAfter: null, reachable: true },
  ]);
});

test('splitting: `,` and `|`, trimming, empty entries skipped, offsets of the trimmed entry', () => {
  assert.deepEqual(parseGoProxy(''), { entries: [] });
  assert.deepEqual(rows(' https://a.example.com |\thttps://b.example.com,,direct '), [
    { kind: 'proxy', start: 1, end: 22, separatorAfter: '|', reachable: true, url: 'https://a.example.com' },
    { kind: 'proxy', start: 25, end: 46, separatorAfter: ',', reachable: true, url: 'https://b.example.com' },
    { kind: 'direct', start: 48, end: 54, separatorAfter: null, reachable: true },
  ]);
  // The separator right after an entry decides its fallback, even before an empty entry.
  assert.deepEqual(
    rows('https://a.example.com|,https://b.example.com').map((r) => r.separatorAfter),
    ['|', null],
  );
  assert.deepEqual(
    rows('https://a.example.com,|https://b.example.com').map((r) => r.separatorAfter),
    [',', null],
  );
  const e = parseGoProxy('  x.example.com  ').entries[0];
  assert.equal(e.raw, '  x.example.com  ');
  assert.deepEqual([e.start, e.end], [2, 15]);
});

test('a non-empty value without entries is an error of its own', () => {
  for (const v of [',', ' ', ' , | ', '\u00a0']) assert.deepEqual(parseGoProxy(v), { entries: [], error: EMPTY_LIST_MESSAGE }, JSON.stringify(v));
  assert.equal(EMPTY_LIST_MESSAGE, 'GOPROXY list is not the empty string, but contains no entries');
});

test('direct and off end the list; later entries are unreachable and never validated', () => {
  assert.deepEqual(
    rows('direct,https://goproxy.cn').map((r) => [r.kind, r.reachable]),
    [
      ['direct', true],
      ['proxy', false],
    ],
  );
  assert.deepEqual(
    rows('https://goproxy.cn,off,direct').map((r) => [r.kind, r.reachable]),
    [
      ['proxy', true],
      ['off', true],
      ['direct', false],
    ],
  );
  const [, after] = parseGoProxy('direct,drect').entries;
  assert.equal(after.error, undefined, 'go stops at direct: it never rejects what follows');
  assert.deepEqual(
    rows('direct,https://goproxy.cn').map((r) => [r.start, r.end]),
    [
      [0, 6],
      [7, 25],
    ],
  );
  // Case matters: only lower-case words are keywords.
  assert.equal(parseGoProxy('DIRECT').entries[0].kind, 'proxy');
});

test('implicit https:// for entries with `.`, `:` or `/` that are neither URLs nor absolute paths', () => {
  const cases: [string, string][] = [
    ['goproxy.cn', 'https://goproxy.cn'],
    ['127.0.0.1:3000', 'https://127.0.0.1:3000'],
    ['foo/bar', 'https://foo/bar'],
    ['mailto:x', 'https://mailto:x'],
    ['user:tok@goproxy.cn', 'https://user:tok@goproxy.cn'],
    ['https://goproxy.cn', 'https://goproxy.cn'],
    ['file:///srv/proxy', 'file:///srv/proxy'],
    ['/abs/path', '/abs/path'],
    ['drect', 'drect'],
  ];
  for (const [entry, url] of cases) {
    assert.equal(impliedProxyUrl(entry), url, entry);
    assert.equal(parseGoProxy(entry).entries[0].url, url, entry);
  }
});

test("go's own rejections, with go's words", () => {
  const cases: [string, ProxyEntry['error']][] = [
    ['drect', { code: 'missing-scheme', goMessage: 'invalid proxy URL missing scheme: drect', rejected: true }],
    ['/abs/path', { code: 'missing-scheme', goMessage: 'invalid proxy URL missing scheme: /abs/path', rejected: true }],
    ['ftp://x.com', { code: 'bad-scheme', goMessage: 'invalid proxy URL scheme (must be https, http, file): ftp://x.com', rejected: true }],
    ['C:/x', { code: 'bad-scheme', goMessage: 'invalid proxy URL scheme (must be https, http, file): c:/x', rejected: true }],
    ['file://host/p', { code: 'bad-url', goMessage: 'invalid file:// proxy URL with non-path elements: file://host/p', rejected: true }],
    ['file:/abs', { code: 'bad-url', goMessage: 'invalid file:// proxy URL with non-path elements: file:/abs', rejected: true }],
    ['file:///tmp/p?', { code: 'bad-url', goMessage: 'invalid file:// proxy URL with non-path elements: file:///tmp/p?', rejected: true }],
    ['https://a:b:c', { code: 'bad-url', goMessage: 'parse "https://a:b:c": invalid port ":b:c" after host', rejected: true }],
    ['https://a:1:2', { code: 'bad-url', goMessage: 'parse "https://a:1:2": invalid port ":1:2" after host', rejected: true }],
    ['https://[::1', { code: 'bad-url', goMessage: `parse "https://[::1": missing ']' in host`, rejected: true }],
    ['https://[127.0.0.1]', { code: 'bad-url', goMessage: 'parse "https://[127.0.0.1]": invalid IP-literal', rejected: true }],
    ['https://[zz]', { code: 'bad-url', goMessage: 'parse "https://[zz]": invalid host: ParseAddr("zz"): unable to parse IP', rejected: true }],
    ['http://%zz', { code: 'bad-url', goMessage: 'parse "http://%zz": invalid URL escape "%zz"', rejected: true }],
    ['https://a%41.com', { code: 'bad-url', goMessage: 'parse "https://a%41.com": invalid URL escape "%41"', rejected: true }],
    ['https://a^b.com', { code: 'bad-url', goMessage: 'parse "https://a^b.com": invalid character "^" in host name', rejected: true }],
    ['https://x.com#%zz', { code: 'bad-url', goMessage: 'parse "https://x.com#%zz": invalid URL escape "%zz"', rejected: true }],
    ['://x', { code: 'bad-url', goMessage: 'parse "://x": missing protocol scheme', rejected: true }],
    ['1http://x', { code: 'bad-url', goMessage: 'parse "1http://x": first path segment in URL cannot contain colon', rejected: true }],
    ['mailto:x', { code: 'bad-url', goMessage: 'parse "https://mailto:x": invalid port ":x" after host', rejected: true }],
    ['https://u p@x.com', { code: 'whitespace', goMessage: 'parse "https://u p@x.com": net/url: invalid userinfo', rejected: true }],
    // Accepted by newProxyRepo; the HTTP client then fails without sending anything.
    ['https://', { code: 'bad-url', goMessage: 'http: no Host in request URL', rejected: false, lookupFails: true }],
    ['https:/x', { code: 'bad-url', goMessage: 'http: no Host in request URL', rejected: false, lookupFails: true }],
  ];
  for (const [entry, error] of cases) assert.deepEqual(parseGoProxy(`${entry},direct`).entries[0].error, error, entry);
});

test('passwords appear as xxxxx in go messages, paths as go escapes them', () => {
  assert.deepEqual(
    parseGoProxy('ftp://u:p@x.com/a%2Fb').entries[0].error?.goMessage,
    'invalid proxy URL scheme (must be https, http, file): ftp://u:xxxxx@x.com/a%2Fb',
  );
  assert.deepEqual(parseGoProxy('ftp://u:p@x.com/a b').entries[0].error, {
    code: 'whitespace',
    goMessage: 'invalid proxy URL scheme (must be https, http, file): ftp://u:xxxxx@x.com/a%20b',
    rejected: true,
  });
});

test("`;` and white space inside an entry: go accepts them but never fetches (ours, not go's, errors)", () => {
  const [semi] = parseGoProxy('https://goproxy.cn;direct').entries;
  assert.deepEqual(semi.error, { code: 'semicolon', rejected: false, lookupFails: true });
  assert.deepEqual([semi.start, semi.end, semi.url], [0, 25, 'https://goproxy.cn;direct']);
  assert.deepEqual(parseGoProxy('goproxy.cn;direct').entries[0].error, { code: 'semicolon', rejected: false, lookupFails: true });
  // In the path, `;` reaches the server, which decides.
  assert.deepEqual(parseGoProxy('https://goproxy.cn/;direct').entries[0].error, { code: 'semicolon', rejected: false, lookupFails: false });
  // go rejects this one (no scheme before the `;`), but the `;` is what the user got wrong.
  assert.deepEqual(parseGoProxy('direct;https://goproxy.cn').entries[0].error, {
    code: 'semicolon',
    goMessage: 'parse "direct;https://goproxy.cn": first path segment in URL cannot contain colon',
    rejected: true,
  });
  assert.deepEqual(parseGoProxy('https://goproxy.cn/ direct').entries[0].error, { code: 'whitespace', rejected: false, lookupFails: false });
  assert.deepEqual(parseGoProxy('goproxy.cn direct').entries[0].error, {
    code: 'whitespace',
    goMessage: 'parse "https://goproxy.cn direct": invalid character " " in host name',
    rejected: true,
  });
  assert.deepEqual(parseGoProxy('https://a.com\tb').entries[0].error, {
    code: 'whitespace',
    goMessage: 'parse "https://a.com\\tb": net/url: invalid control character in URL',
    rejected: true,
  });
  assert.deepEqual(parseGoProxy('https://a\u00a0b.com').entries[0].error, { code: 'whitespace', rejected: false, lookupFails: false });
});

test('valid values have no errors', () => {
  for (const v of [
    DEFAULT_GOPROXY,
    'https://goproxy.cn|https://proxy.golang.org,direct',
    'goproxy.cn,direct',
    'file:///srv/goproxy',
    'file://',
    'http://127.0.0.1:3000',
    'https://[::1]:8443/p',
    'https://@x.com',
    'https://u@p@x.com',
    'HTTP://127.0.0.1:1',
    'off',
    'https://é.com',
  ]) {
    const parsed = parseGoProxy(v);
    assert.equal(parsed.error, undefined, v);
    assert.deepEqual(
      parsed.entries.filter((e) => e.error),
      [],
      v,
    );
  }
});

test('insecure: plain http to anything but loopback', () => {
  const insecure = (v: string) => parseGoProxy(v).entries[0].insecure;
  assert.equal(insecure('http://athens.example.com'), true);
  assert.equal(insecure('HTTP://Athens.example.com:3000/p'), true);
  assert.equal(insecure('http://10.0.0.5'), true);
  assert.equal(insecure('http://127.0.0.1:3000'), false);
  assert.equal(insecure('http://127.8.9.10'), false);
  assert.equal(insecure('http://LOCALHOST:3000'), false);
  assert.equal(insecure('http://[::1]:3000'), false);
  assert.equal(insecure('http://[0:0:0:0:0:0:0:1]'), false);
  assert.equal(insecure('http://[::ffff:127.0.0.1]'), false);
  assert.equal(insecure('https://athens.example.com'), false);
  assert.equal(insecure('file:///srv/proxy'), false);
  assert.equal(insecure('direct'), false);
  for (const [h, loop] of [
    ['localhost', true],
    ['127.0.0.1', true],
    ['128.0.0.1', false],
    ['::1', true],
    ['::2', false],
    ['localhost.example.com', false],
  ] as const) {
    assert.equal(isLoopbackHost(h), loop, h);
  }
});

test('credentials: any user info in the URL', () => {
  const creds = (v: string) => parseGoProxy(v).entries.map((e) => e.hasCredentials);
  assert.deepEqual(creds('https://bob:s3cret@athens.example.com,direct'), [true, false]);
  assert.deepEqual(creds('https://token@athens.example.com'), [true]);
  assert.deepEqual(creds('user:tok@athens.example.com'), [true]);
  assert.deepEqual(creds('https://:tok@athens.example.com'), [true]);
  assert.deepEqual(creds('https://@athens.example.com'), [false]);
  assert.deepEqual(creds('https://athens.example.com/a@b'), [false]);
  // Unreachable or rejected entries still leak their credentials into the image.
  assert.deepEqual(creds('direct,https://bob:pw@x.example.com'), [false, true]);
  assert.deepEqual(creds('https://bob pw@x.example.com'), [false]);
});

test('goTrimSpace trims what strings.TrimSpace trims', () => {
  assert.deepEqual(goTrimSpace(' \t\u00a0x y\u3000\n'), { text: 'x y', start: 3, end: 6 });
  assert.deepEqual(goTrimSpace('\ufeffx'), { text: '\ufeffx', start: 0, end: 2 }, 'a BOM is not white space to go');
});

test("goUrl: url.Parse and String as Go's net/url", () => {
  const str = (s: string, redact = false) => {
    const r = goParseUrl(s);
    return r.url ? goUrlString(r.url, redact) : `ERR ${r.error}`;
  };
  assert.equal(str('https://u:p@x.com/a b?q#f'), 'https://u:p@x.com/a%20b?q#f');
  assert.equal(str('https://u:p@x.com/a b?q#f', true), 'https://u:xxxxx@x.com/a%20b?q#f');
  assert.equal(str('HTTPS://é.com/é'), 'https://%C3%A9.com/%C3%A9');
  assert.equal(str('https://a%c3%a9.com'), 'https://a%C3%A9.com');
  assert.equal(str('https://u@p@x.com'), 'https://u%40p@x.com');
  assert.equal(str('ftp:/x'), 'ftp:/x');
  assert.equal(str('foo bar'), 'foo%20bar');
  assert.equal(str('a:b'), 'a:b');
  assert.equal(str('//x'), '//x');
  assert.equal(str('https://[fe80::1%25eth0]:80/'), 'https://[fe80::1%25eth0]:80/');
  assert.equal(str('https://[::1%25]'), 'ERR parse "https://[::1%25]": invalid host: ParseAddr("::1%"): zone must be a non-empty string');
  assert.equal(str('http://u p@x'), 'ERR parse "http://u p@x": net/url: invalid userinfo');
  assert.equal(str('ftp://a:1:2'), 'ftp://a:1:2', 'only http(s) hosts reject a second colon');
  const inexact = goParseUrl('https://[1:2:3:4:5:6:7:8:9]');
  assert.equal(inexact.url, undefined);
  assert.equal(inexact.url === undefined && inexact.exact, false, 'netip has wordings we do not reproduce');
  assert.equal(goQuote('a\tb"\u00a0é'), '"a\\tb\\"\\u00a0é"');
  assert.deepEqual(ipv6Bytes('::1'), [...Array(15).fill(0), 1]);
  assert.equal(ipv6Bytes('1::2::3'), undefined);
  assert.equal(ipv6Bytes('::ffff:1.2.3.4')?.slice(10).join('.'), '255.255.1.2.3.4');
});

test('known mirrors: order, canonical URLs, lookup', () => {
  assert.ok(KNOWN_MIRRORS.length >= 7);
  assert.equal(KNOWN_MIRRORS[0].url, 'https://proxy.golang.org');
  const regions = KNOWN_MIRRORS.map((m) => m.region);
  assert.deepEqual(
    regions,
    [...regions].sort((a, b) => (a === b ? 0 : a === 'global' ? -1 : 1)),
    'global ones first',
  );
  assert.equal(KNOWN_MIRRORS.find((m) => m.region === 'cn')?.url, 'https://goproxy.cn');
  for (const m of KNOWN_MIRRORS) {
    assert.equal(normalizeMirrorUrl(m.url), m.url, m.url);
    assert.equal(parseGoProxy(m.url).entries[0].error, undefined, m.url);
  }
  assert.ok(KNOWN_MIRRORS.find((m) => m.url === 'https://goproxy.cn')?.relaysSumdb);
  assert.equal(normalizeMirrorUrl('HTTPS://Mirrors.Aliyun.com/goproxy/'), 'https://mirrors.aliyun.com/goproxy');
  assert.equal(normalizeMirrorUrl(' goproxy.cn// '), 'https://goproxy.cn');
  assert.equal(normalizeMirrorUrl('https://Bob:PW@Example.com/Path'), 'https://Bob:PW@example.com/Path');
  assert.equal(findKnownMirror('https://mirrors.aliyun.com/goproxy/')?.operator, 'Alibaba Cloud');
  assert.equal(findKnownMirror('goproxy.cn')?.operator, 'Qiniu');
  assert.equal(findKnownMirror('https://user:tok@goproxy.io/')?.url, 'https://goproxy.io');
  assert.equal(findKnownMirror('https://goproxy.cn.example.com'), undefined);
  assert.equal(findKnownMirror('direct'), undefined);
});
