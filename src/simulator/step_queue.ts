/** A scheduled state transition of the simulator: what to do (`item`) and when. */
export interface Step<T> {
  at: number;
  seq: number;
  item: T;
}

/**
 * A min-heap of steps ordered by time, then by insertion order, so transitions scheduled for the
 * same millisecond run in the order they were scheduled.
 */
export class StepQueue<T> {
  #heap: Step<T>[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(at: number, item: T): void {
    const step = { at, seq: this.#seq++, item };
    const heap = this.#heap;
    heap.push(step);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  /** The time of the earliest step, if any. */
  peekTime(): number | undefined {
    return this.#heap[0]?.at;
  }

  /**
   * Every step in the order they would run. Pushing them again in this order into an empty
   * queue rebuilds the same order, since only the relative order of `seq` matters.
   */
  ordered(): { at: number; item: T }[] {
    return [...this.#heap].sort((a, b) => before(a, b) ? -1 : 1).map(({ at, item }) => ({
      at,
      item,
    }));
  }

  pop(): Step<T> | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
    return top;
  }
}

function before<T>(a: Step<T>, b: Step<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
