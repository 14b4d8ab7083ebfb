/** DynamicBatcher on its own, with a recording `run` (no worker): batch formation, splitting, errors. */
import { describe, expect, it, vi } from 'vitest';
import { DynamicBatcher } from '../../miner/batcher.js';
import type { BatchResult } from '../../miner/inference/inference-worker.js';

/** Each text → [len, index-in-batch]; records the batches it ran. */
function recorder(delayMs = 0) {
  const batches: string[][] = [];
  let failNext = false;
  const run = async (texts: string[]): Promise<BatchResult> => {
    batches.push(texts);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    if (failNext) {
      failNext = false;
      throw new Error('backend broke');
    }
    return { probs: Float32Array.from(texts.flatMap((t) => [t.length, 1])), inferenceMs: 1 };
  };
  return { batches, run, breakNext: () => (failNext = true) };
}

describe('DynamicBatcher', () => {
  it('fills batches up to maxBatch and splits large requests across batches, keeping order', async () => {
    const rec = recorder(5);
    const batcher = new DynamicBatcher({
      maxBatch: 4,
      maxDelayMs: 50,
      maxQueueItems: 100,
      labels: 2,
      run: rec.run,
    });
    const a = batcher.submit(['a', 'bb', 'ccc']);
    const b = batcher.submit(['dddd', 'eeeee', 'ffffff']);
    const c = batcher.submit(['g']);
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    expect(rec.batches).toEqual([
      ['a', 'bb', 'ccc', 'dddd'],
      ['eeeee', 'ffffff', 'g'],
    ]);
    expect(ra.probabilities.map((p) => p[0])).toEqual([1, 2, 3]);
    expect(rb.probabilities.map((p) => p[0])).toEqual([4, 5, 6]);
    expect(rc.probabilities.map((p) => p[0])).toEqual([1]);
    expect(batcher.idle).toBe(true);
  });

  it('sends a partial batch once its oldest text has waited maxDelayMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const rec = recorder();
      const batcher = new DynamicBatcher({
        maxBatch: 64,
        maxDelayMs: 30,
        maxQueueItems: 100,
        labels: 2,
        run: rec.run,
      });
      const answer = batcher.submit(['x']);
      await vi.advanceTimersByTimeAsync(10);
      batcher.submit(['y']);
      await vi.advanceTimersByTimeAsync(19);
      expect(rec.batches).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(rec.batches).toEqual([['x', 'y']]);
      await answer;
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses past the queue bound with OVERLOADED and a retry hint', async () => {
    const rec = recorder(20);
    const batcher = new DynamicBatcher({
      maxBatch: 2,
      maxDelayMs: 0,
      maxQueueItems: 3,
      labels: 2,
      run: rec.run,
    });
    const first = batcher.submit(['a', 'b']); // dispatched at once
    await Promise.resolve();
    const queued = batcher.submit(['c', 'd', 'e']); // waits (3 ≤ 3)
    await expect(batcher.submit(['f'])).rejects.toMatchObject({ code: 'OVERLOADED' });
    await expect(batcher.submit(['f'])).rejects.toSatisfy(
      (e: { type: { retryAfterMs: number } }) => e.type.retryAfterMs > 0,
    );
    await Promise.all([first, queued]);
    expect(batcher.queueDepth).toBe(0);
  });

  it('fails every request of a failed batch and keeps working afterwards', async () => {
    const rec = recorder(5);
    const batcher = new DynamicBatcher({
      maxBatch: 4,
      maxDelayMs: 1,
      maxQueueItems: 100,
      labels: 2,
      run: rec.run,
    });
    rec.breakNext();
    const results = await Promise.allSettled([batcher.submit(['a', 'b']), batcher.submit(['c'])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const ok = recorder();
    const healthy = new DynamicBatcher({
      maxBatch: 4,
      maxDelayMs: 1,
      maxQueueItems: 100,
      labels: 2,
      run: ok.run,
    });
    expect((await healthy.submit(['zz'])).probabilities[0]![0]).toBe(2);
  });

  it('rejects a backend answer of the wrong size', async () => {
    const batcher = new DynamicBatcher({
      maxBatch: 4,
      maxDelayMs: 0,
      maxQueueItems: 10,
      labels: 3,
      run: async () => ({ probs: new Float32Array(2), inferenceMs: 0 }),
    });
    await expect(batcher.submit(['a'])).rejects.toMatchObject({ code: 'BAD_BACKEND_OUTPUT' });
  });

  it('drops aborted and expired jobs before they run, freeing their queue room', async () => {
    const rec = recorder(30);
    const drops: string[] = [];
    const batcher = new DynamicBatcher({
      maxBatch: 2,
      maxDelayMs: 0,
      maxQueueItems: 4,
      maxWaitMs: 20,
      labels: 2,
      run: rec.run,
      onDrop: (reason) => drops.push(reason),
    });
    const running = batcher.submit(['r1', 'r2']); // dispatched at once
    const leaver = new AbortController();
    const aborted = batcher.submit(['a1', 'a2', 'a3'], { signal: leaver.signal });
    // The queue (4) is nearly full; aborting frees the room at once.
    await expect(batcher.submit(['x', 'y'])).rejects.toMatchObject({ code: 'OVERLOADED' });
    leaver.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'DROPPED', type: { reason: 'disconnected' } });
    const expired = batcher.submit(['e1']); // waits behind the 30 ms batch, past its 20 ms deadline
    await expect(expired).rejects.toMatchObject({ code: 'DROPPED', type: { reason: 'expired' } });
    await running;
    await expect(batcher.submit(['late'], { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'DROPPED',
    });
    await batcher.drain();
    expect(rec.batches).toEqual([['r1', 'r2']]);
    expect(drops).toEqual(['disconnected', 'expired']);
    expect(batcher.queueDepth).toBe(0);
  });
});
