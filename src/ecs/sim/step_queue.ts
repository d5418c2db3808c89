/** A scheduled state transition of the simulator. */
export interface Step {
  at: number;
  seq: number;
  run: () => void;
}

/**
 * A min-heap of steps ordered by time, then by insertion order, so transitions scheduled for the
 * same millisecond run in the order they were scheduled.
 */
export class StepQueue {
  #heap: Step[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(at: number, run: () => void): void {
    const step = { at, seq: this.#seq++, run };
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

  pop(): Step | undefined {
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

function before(a: Step, b: Step): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
