import { ChainClientError } from '../errors.js';
import type { SetWeightsParams } from '../types.js';

/** `BAD_INPUT` unless uids and weights are u16 lists of one length (what the chain's codec takes). */
export function checkWeights(params: Pick<SetWeightsParams, 'uids' | 'weights'>): void {
  if (params.uids.length !== params.weights.length) {
    throw new ChainClientError(
      {
        code: 'BAD_INPUT',
        field: 'weights',
        value: `${params.uids.length} uids, ${params.weights.length} weights`,
      },
      'uids and weights must have the same length',
    );
  }
  for (const w of [...params.uids, ...params.weights]) {
    if (!Number.isInteger(w) || w < 0 || w > 0xffff) {
      throw new ChainClientError(
        { code: 'BAD_INPUT', field: 'weights', value: String(w) },
        'uids and weights must be u16',
      );
    }
  }
}
