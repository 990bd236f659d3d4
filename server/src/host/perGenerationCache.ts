// Answers derived from the whole workspace (its build-file lists, the Dockerfiles that build a go.mod), worked out
// once per generation of what they depend on rather than once per request. The workspace keeps one cache per kind
// of dependency and starts a new generation of it when that changes.
export class PerGenerationCache {
  private generation = 0;
  private readonly values = new Map<string, { generation: number; value: unknown }>();

  constructor(
    /** Answers kept at most (all are dropped when there would be more). */
    private readonly maxValues: number,
  ) {}

  /** What the answers depend on may have changed. */
  nextGeneration(): void {
    this.generation++;
  }

  /** `compute()` once per key and generation. */
  once<T>(key: string, compute: () => T): T {
    const kept = this.values.get(key);
    if (kept && kept.generation === this.generation) return kept.value as T;
    const value = compute();
    if (this.values.size >= this.maxValues) this.values.clear();
    this.values.set(key, { generation: this.generation, value });
    return value;
  }
}
