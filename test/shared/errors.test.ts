import { describe, expect, it } from 'vitest';
import { ExpertnetError, errorMessage } from '../../shared/errors.js';

type DemoErrorType = { code: 'TOO_BIG'; size: number; limit: number } | { code: 'EMPTY' };
class DemoError extends ExpertnetError<DemoErrorType> {}

describe('ExpertnetError', () => {
  it('carries a typed code, metadata and a readable message', () => {
    const err = new DemoError({ code: 'TOO_BIG', size: 10, limit: 5 }, 'payload too big', {
      metaMessages: ['limit is 5 bytes'],
    });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('DemoError');
    expect(err.code).toBe('TOO_BIG');
    expect(err.message).toBe('payload too big\nlimit is 5 bytes');
    expect(err.toJSON()).toEqual({
      name: 'DemoError',
      message: 'payload too big',
      code: 'TOO_BIG',
      size: 10,
      limit: 5,
    });
    expect(errorMessage(err)).toBe('payload too big');
  });

  it('walks the cause chain', () => {
    const root = new TypeError('socket closed');
    const err = new DemoError({ code: 'EMPTY' }, undefined, { cause: root });
    expect(err.message).toBe('EMPTY');
    expect(err.walk((e) => e instanceof TypeError)).toBe(root);
    expect(err.walk((e) => e instanceof RangeError)).toBeUndefined();
  });
});
