// The secrets audits' scanner: records (does not throw) every place a credential shows up, plain or base64 as in
// a Basic Authorization header, so that one run reports every leak; each test then asserts none was found.
import assert from 'node:assert/strict';

/** A secret to look for: `secret` as it is, and `user:secret` in base64 (what Basic auth carries). */
export interface Needle {
  secret: string;
  user?: string;
  /** Names the shape in a report (e.g. "password with @"). */
  shape?: string;
}

export class LeakScanner {
  private leaks: string[] = [];
  private readonly needles: Array<{ text: string; shape: string }>;

  constructor(secret: string | readonly Needle[], user?: string) {
    const list: readonly Needle[] = typeof secret === 'string' ? [{ secret, user }] : secret;
    this.needles = list.flatMap((n) => [
      { text: n.secret, shape: n.shape ?? n.secret },
      ...(n.user !== undefined ? [{ text: Buffer.from(`${n.user}:${n.secret}`).toString('base64'), shape: `${n.shape ?? n.secret} (base64)` }] : []),
    ]);
  }

  /** Whether `text` holds any of the secrets. */
  holds(text: string): boolean {
    return this.needles.some((n) => text.includes(n.text));
  }

  /** How many copies of the secrets `text` holds. */
  count(text: string): number {
    return this.needles.reduce((sum, n) => sum + text.split(n.text).length - 1, 0);
  }

  scan(where: string, value: unknown): void {
    const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
    for (const needle of this.needles) {
      const at = text.indexOf(needle.text);
      if (at >= 0) this.report(`credential (${needle.shape}) in ${where}: …${text.slice(Math.max(0, at - 100), at + 40)}…`);
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
