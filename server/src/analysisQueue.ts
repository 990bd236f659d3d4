// Documents waiting for analysis. One document is analysed per turn of the event loop (setImmediate), and only in
// a turn in which no message came in: while the client is sending, its requests and notifications go first, so a
// hover never waits behind hundreds of background analyses. Urgent documents (opened or edited) go before those
// re-checked because something they depend on changed. Work of the server's own that can wait (what it does once
// `initialized` arrives) runs when no message is coming in and no urgent document waits.

/** Turns a message may defer background work in a row: a client that never stops sending still gets diagnostics. */
const MAX_DEFERRED_TURNS = 64;

export class AnalysisQueue {
  private readonly urgent = new Set<string>();
  private readonly background = new Set<string>();
  private readonly idleTasks: (() => void)[] = [];
  private scheduled = false;
  private stopped = false;
  private messages = 0;
  private deferred = 0;

  constructor(
    private readonly work: (uri: string) => void,
    private readonly onError: (uri: string, err: unknown) => void,
  ) {}

  add(uri: string, urgent: boolean): void {
    if (urgent) {
      this.background.delete(uri);
      this.urgent.add(uri);
    } else if (!this.urgent.has(uri)) this.background.add(uri);
    this.wake();
  }

  /** Runs `task` in a later turn with no message and no urgent document waiting (before background documents). It must not throw. */
  whenIdle(task: () => void): void {
    if (this.stopped) return;
    this.idleTasks.push(task);
    this.wake();
  }

  remove(uri: string): void {
    this.urgent.delete(uri);
    this.background.delete(uri);
  }

  isUrgent(uri: string): boolean {
    return this.urgent.has(uri);
  }

  get size(): number {
    return this.urgent.size + this.background.size;
  }

  private get pending(): boolean {
    return this.size + this.idleTasks.length > 0;
  }

  /** A message was taken in: the next turn is left to whatever follows it. */
  activity(): void {
    this.messages++;
  }

  /** After shutdown: nothing more is analysed. */
  stop(): void {
    this.stopped = true;
    this.urgent.clear();
    this.background.clear();
    this.idleTasks.length = 0;
  }

  private wake(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    if (this.stopped || !this.pending) return;
    if (this.messages > 0 && this.deferred < MAX_DEFERRED_TURNS) {
      this.messages = 0;
      this.deferred++;
      this.wake();
      return;
    }
    this.messages = 0;
    this.deferred = 0;
    if (this.urgent.size === 0 && this.idleTasks.length > 0) {
      this.idleTasks.shift()!();
      if (this.pending) this.wake();
      return;
    }
    const from = this.urgent.size ? this.urgent : this.background;
    const uri = from.values().next().value as string;
    from.delete(uri);
    try {
      this.work(uri);
    } catch (err) {
      this.onError(uri, err);
    }
    if (this.pending) this.wake();
  }
}
