/**
 * Where the epoch's intermediate sparse rows live. A dense 4096 × 256 epoch builds several million-cell
 * matrices; allocating them afresh each epoch costs zero-filling and garbage collection of ~50 MB.
 * `EpochArena` hands out views of slabs reused from one epoch to the next instead.
 */

export interface RowAllocator {
  /** Buffers for a row of at most `capacity` entries; contents unspecified (callers write first). */
  reserve(capacity: number): { idx: Int32Array; val: Float64Array };
  /** Keeps the first `length` entries of the last reservation; the rest goes back. */
  commit(length: number): void;
}

/** Fresh arrays per row (the default outside `runEpoch`). */
export const HEAP_ALLOCATOR: RowAllocator = {
  reserve: (capacity) => ({ idx: new Int32Array(capacity), val: new Float64Array(capacity) }),
  commit: () => {},
};

/**
 * Bump allocator over two slabs that grow by doubling and are reused after `reset()`. Rows handed out
 * before a `reset()` must no longer be read: `runEpoch` resets on entry, and nothing it returns points into
 * the slabs (outputs are copied). The slabs stay allocated between epochs (about 12 bytes per cell of the
 * largest epoch seen).
 */
export class EpochArena implements RowAllocator {
  private idxSlab = new Int32Array(1 << 16);
  private valSlab = new Float64Array(1 << 16);
  private offset = 0;

  reset(): void {
    this.offset = 0;
  }

  reserve(capacity: number): { idx: Int32Array; val: Float64Array } {
    if (this.offset + capacity > this.idxSlab.length) {
      // Earlier rows keep the old slabs alive through their views; new rows go to bigger ones.
      const size = Math.max(this.idxSlab.length * 2, capacity);
      this.idxSlab = new Int32Array(size);
      this.valSlab = new Float64Array(size);
      this.offset = 0;
    }
    const end = this.offset + capacity;
    return { idx: this.idxSlab.subarray(this.offset, end), val: this.valSlab.subarray(this.offset, end) };
  }

  commit(length: number): void {
    this.offset += length;
  }
}
