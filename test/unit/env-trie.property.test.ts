// The timeline's persistent environment map (goenv/timelineEnv.ts) against a plain Map, over random sequences of
// sets and deletes: every version answers get, has, size and iteration order as the Map did at that point, and
// valuesAmong (one walk instead of a lookup per name) picks exactly the set variables among the names asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EnvTrie } from '../../server/src/goenv/timelineEnv';
import type { EnvBinding } from '../../server/src/goenv/timelineModel';
import { RESOLVE_INPUTS } from '../../server/src/goenv/effective';

const binding = (name: string, value: string): EnvBinding => ({ name, value, raw: value, origin: { kind: 'arg' } });

// Go's variables and a few dozen others: enough for tries of several levels, few enough that names are set, deleted
// and set again within one sequence, and that names asked for are sometimes unset.
const OTHERS = Array.from({ length: 40 }, (_, i) => `VAR_${i}`);
const NAME = fc.constantFrom(...RESOLVE_INPUTS, ...OTHERS);
const OP = fc.oneof(fc.record({ set: NAME, value: fc.string({ maxLength: 6 }) }), fc.record({ del: NAME }));

test('EnvTrie answers as a Map at every version, and valuesAmong picks the set variables among the names', () => {
  fc.assert(
    fc.property(
      fc.array(OP, { minLength: 20, maxLength: 200, size: 'max' }),
      fc.uniqueArray(NAME, { minLength: 10, maxLength: 60, size: 'max' }),
      (ops, asked) => {
        let trie = EnvTrie.EMPTY;
        const model = new Map<string, EnvBinding>();
        // Every name ever set: the trie keeps an entry for each, deleted ones included.
        const stored = new Set<string>();
        const versions: [EnvTrie, Map<string, EnvBinding>, number][] = [];
        for (const op of ops) {
          if ('set' in op) {
            const b = binding(op.set, op.value);
            trie = trie.set(op.set, b);
            model.set(op.set, b);
            stored.add(op.set);
          } else {
            trie = trie.delete(op.del);
            model.delete(op.del);
          }
          versions.push([trie, new Map(model), stored.size]);
        }
        const names = new Set(asked);
        for (const [t, m, entries] of versions) {
          assert.equal(t.size, m.size);
          assert.deepEqual([...t.keys()], [...m.keys()]);
          for (const n of asked) {
            assert.equal(t.has(n), m.has(n));
            assert.equal(t.get(n)?.value, m.get(n)?.value);
          }
          const picked = t.valuesAmong(names);
          // A walk is refused once the map holds more entries than there are names: a lookup per name is cheaper.
          assert.equal(picked === undefined, entries > names.size, `${entries} entries, ${names.size} names`);
          if (!picked) continue;
          const expected = new Map([...m].filter(([k]) => names.has(k)).map(([k, b]) => [k, b.value]));
          assert.deepEqual(new Map([...picked].sort()), new Map([...expected].sort()));
        }
      },
    ),
    { numRuns: 300 },
  );
});
