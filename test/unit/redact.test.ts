import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactCredentials } from '../../server/src/core/redact';
test('redacts user info', () => {
  assert.equal(redactCredentials('GOPROXY=https://bob:s3cret@athens.corp/x,direct'), 'GOPROXY=https://***@athens.corp/x,direct');
});
