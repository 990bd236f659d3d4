// The secrets audits' scanner: records (does not throw) every place a credential shows up, plain or base64 as in
// a Basic Authorization header, so that one run reports every leak; each test then asserts none was found.
import assert from 'node:assert/strict';

export class LeakScanner {
  private leaks: string[] = [];
  private readonly needles: string[];

  /** `secret` is looked for as it is and as `Basic` would carry `user:secret`. */
  constructor(secret: string, user: string) {
    this.needles = [secret, Buffer.from(`${user}:${secret}`).toString('base64')];
  }

  scan(where: string, value: unknown): void {
    const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
    for (const needle of this.needles) {
      const at = text.indexOf(needle);
      if (at >= 0) this.report(`credential in ${where}: …${text.slice(Math.max(0, at - 100), at + 40)}…`);
    }
  }

  /** A leak found some other way. */
  report(leak: string): void {
    if (!this.leaks.includes(leak)) this.leaks.push(leak);
  }

  /** Forgets what was found so far (e.g. what an earlier test already reported). */
  reset(): void {
    this.leaks = [];
  }

  /** Fails with every leak found since the last reset, and resets. */
  assertNone(): void {
    const found = this.leaks;
    this.leaks = [];
    assert.deepEqual(found, [], `${found.length} leak(s):\n${found.join('\n')}`);
  }
}
