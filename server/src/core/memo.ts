// Bounded memoisation for pure functions of strings: the same GOPROXY value, pattern list or module path is
// analysed again on every keystroke and for every stage, so each is parsed once. The cache is dropped whole
// when it fills up (values are cheap to recompute; memory stays bounded whatever the input).
export function memoize<R>(fn: (key: string) => R, limit = 2048): (key: string) => R {
  let cache = new Map<string, R>();
  return (key: string) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as R;
    const value = fn(key);
    if (cache.size >= limit) cache = new Map();
    cache.set(key, value);
    return value;
  };
}
