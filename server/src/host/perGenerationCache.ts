// Answers derived from the whole workspace (its build-file lists, the Dockerfiles that build a go.mod), worked out
// once per generation of what requests read, or of the workspace's structure only, rather than once per request.
export class PerGenerationCache {
  // Bumped by everything that may change what a request reads (file events, opened, edited or closed documents):
  // lists derived from every build file are worked out once per generation, not once per request.
  private generation = 0;
  // Bumped only by what may change which go.mod a Dockerfile builds: file events, build files, and an edit that
  // changes what a Dockerfile's own text says about it (it copies a module file or folder).
  private structure = 0;
  private readonly values = new Map<string, { generation: number; value: unknown }>();

  constructor(
    /** Answers kept at most (all are dropped when there would be more). */
    private readonly maxValues: number,
  ) {}

  /** Something a request reads may have changed. */
  nextGeneration(): void {
    this.generation++;
  }

  /** Which go.mod a Dockerfile builds may have changed. */
  nextStructure(): void {
    this.structure++;
  }

  /** `compute()` once per key and generation (`structural`: of the structure only). */
  once<T>(key: string, compute: () => T, structural = false): T {
    const now = structural ? -1 - this.structure : this.generation;
    const kept = this.values.get(key);
    if (kept && kept.generation === now) return kept.value as T;
    const value = compute();
    if (this.values.size >= this.maxValues) this.values.clear();
    this.values.set(key, { generation: now, value });
    return value;
  }
}
