/** The live view's status history: a status line stays on screen after the next one comes. */
import { describe, expect, it } from 'vitest';
import { StatusHistory } from '../../devnet/view.js';

describe('devnet status history', () => {
  it('keeps the last lines in order, each with its time, and drops the oldest past the bound', () => {
    let seconds = 0;
    const history = new StatusHistory(3, () => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds++)));
    history.add('weights from every validator on chain at block 41');
    history.add('legal-clause-weak-1 exited 1; restarted');
    expect(history.lines()).toEqual([
      '12:00:00 weights from every validator on chain at block 41',
      '12:00:01 legal-clause-weak-1 exited 1; restarted',
    ]);
    history.add('third');
    history.add('fourth');
    expect(history.lines()).toEqual([
      '12:00:01 legal-clause-weak-1 exited 1; restarted',
      '12:00:02 third',
      '12:00:03 fourth',
    ]);
  });
});
