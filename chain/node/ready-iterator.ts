/** The block builder's view of the ready queue: by priority, dependencies first (Substrate's `BestIterator`). */
import type { Hex } from '../runtime/interface.js';
import type { PoolTransaction } from './txpool-types.js';

/** Max-heap order: higher priority first, then earlier insertion. */
function before(a: PoolTransaction, b: PoolTransaction): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.insertion < b.insertion);
}

/**
 * Yields ready transactions by priority while respecting dependencies: a transaction comes out only after
 * every pooled transaction it requires was included in this block (`included(tx)`), as Substrate's
 * `BestIterator` does. A transaction the builder rejects never unlocks its dependents.
 */
export class ReadyIterator {
  private readonly heap: PoolTransaction[] = [];
  private readonly waiting = new Map<PoolTransaction, number>();
  private readonly byTag = new Map<Hex, PoolTransaction[]>();

  constructor(ready: readonly PoolTransaction[]) {
    for (const tx of ready) {
      if (tx.requires.length === 0) this.push(tx);
      else {
        this.waiting.set(tx, tx.requires.length);
        for (const tag of tx.requires) {
          const list = this.byTag.get(tag);
          if (list === undefined) this.byTag.set(tag, [tx]);
          else list.push(tx);
        }
      }
    }
  }

  next(): PoolTransaction | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < heap.length && before(heap[l]!, heap[best]!)) best = l;
        if (r < heap.length && before(heap[r]!, heap[best]!)) best = r;
        if (best === i) break;
        [heap[i], heap[best]] = [heap[best]!, heap[i]!];
        i = best;
      }
    }
    return top;
  }

  /** The builder included `tx`: transactions waiting only on its tags become available. */
  included(tx: PoolTransaction): void {
    for (const tag of tx.provides) {
      for (const dep of this.byTag.get(tag) ?? []) {
        const left = (this.waiting.get(dep) ?? 0) - 1;
        if (left === 0) {
          this.waiting.delete(dep);
          this.push(dep);
        } else this.waiting.set(dep, left);
      }
      this.byTag.delete(tag);
    }
  }

  private push(tx: PoolTransaction): void {
    const heap = this.heap;
    heap.push(tx);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }
}
