// The table of Go variables (goenv/variables.ts) and the lists derived from it: each list holds what its users
// expect, and the lists whose order reaches the user (the container plan, a go step's hover, the variable a
// `go env` print is reported for) keep it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILD_TOOL_VARIABLES,
  COMPILE_VARIABLES,
  FETCH_VARIABLES,
  GO_VARIABLES,
  LOCATION_VARIABLES,
  PATTERN_VARIABLES,
  PLAN_VARIABLES,
  PRINTED_URL_VARIABLES,
  ROUTING_VARIABLES,
  STEP_HOVER_VARIABLES,
} from '../../server/src/goenv/variables';

const subset = (small: Iterable<string>, big: Iterable<string>, what: string) => {
  const all = new Set(big);
  assert.deepEqual(
    [...small].filter((n) => !all.has(n)),
    [],
    what,
  );
};

test('Go variables: the derived lists are Go variables, nested as their meaning says', () => {
  assert.equal(new Set(GO_VARIABLES).size, GO_VARIABLES.length, 'each variable once');
  subset(FETCH_VARIABLES, GO_VARIABLES, 'fetching variables are Go variables');
  subset(FETCH_VARIABLES, BUILD_TOOL_VARIABLES, 'a build tool given a fetching variable passes it to go');
  subset(COMPILE_VARIABLES, BUILD_TOOL_VARIABLES, 'compiler variables are build-tool variables');
  subset(LOCATION_VARIABLES, BUILD_TOOL_VARIABLES, 'location variables are build-tool variables');
  subset(ROUTING_VARIABLES, PATTERN_VARIABLES, 'routing variables are pattern lists');
  subset(PATTERN_VARIABLES, FETCH_VARIABLES, 'pattern lists change fetching');
  subset([...STEP_HOVER_VARIABLES, ...PLAN_VARIABLES, ...PRINTED_URL_VARIABLES], FETCH_VARIABLES, 'shown variables change fetching');
  assert.ok(BUILD_TOOL_VARIABLES.has('GONOSUMCHECK') && !GO_VARIABLES.includes('GONOSUMCHECK'), 'the misspelling counts for build tools only');
});

test('Go variables: the orders users see are kept', () => {
  assert.deepEqual(PLAN_VARIABLES, ['GOPROXY', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOSUMDB', 'GOFLAGS', 'GOINSECURE', 'GOTOOLCHAIN', 'GOAUTH']);
  assert.deepEqual(STEP_HOVER_VARIABLES, [
    'GOPROXY',
    'GOPRIVATE',
    'GONOPROXY',
    'GONOSUMDB',
    'GOSUMDB',
    'GOINSECURE',
    'GOFLAGS',
    'GO111MODULE',
    'GOTOOLCHAIN',
    'GOAUTH',
  ]);
  assert.deepEqual(PRINTED_URL_VARIABLES, ['GOPROXY', 'GOFLAGS', 'GONOPROXY', 'GONOSUMDB', 'GOPRIVATE', 'GOSUMDB', 'GOINSECURE']);
});
