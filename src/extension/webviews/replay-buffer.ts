/**
 * What a dashboard host keeps for its panel: every event of the run (to rebuild a panel that was
 * disposed while hidden or reloaded) and those not yet delivered (buffered while the panel is hidden
 * or not ready, then replayed in order). Pure, so the ordering rules are unit-tested.
 */
export class ReplayBuffer<T> {
  private all: T[] = [];
  private pending: T[] = [];

  /** Starts over from a known history (the run's events.ndjson). */
  reset(history: T[]): void {
    this.all = [...history];
    this.pending = [];
  }

  push(items: T[]): void {
    this.all.push(...items);
    this.pending.push(...items);
  }

  /** The undelivered items, in arrival order; they count as delivered afterwards. */
  takePending(): T[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  /** Everything, for a panel that (re)starts from scratch; nothing is pending after it. */
  takeAll(): T[] {
    this.pending = [];
    return [...this.all];
  }

  get pendingCount(): number { return this.pending.length; }
}
