/**
 * Domain suites benchmark: items generated per second for each task (validators build a fresh challenge
 * set per round; models are trained on tens of thousands of items). Prints medians over repeats.
 */
import { generateItems, listTasks } from '../shared/domains/index.js';
import { fmt, medianOf } from './stats.js';

const ITEMS = 5_000;
const REPEATS = 5;

export async function run(): Promise<void> {
  for (const spec of listTasks()) {
    const perSecond = await medianOf(REPEATS, () => {
      const start = performance.now();
      generateItems({ domain: spec.domain, task: spec.task, seed: `bench-${performance.now()}`, n: ITEMS });
      return ITEMS / ((performance.now() - start) / 1000);
    });
    console.log(
      `${spec.domain}/${spec.task}: ${fmt(perSecond, 0)} items/s (median of ${REPEATS} × ${ITEMS})`,
    );
  }
}
