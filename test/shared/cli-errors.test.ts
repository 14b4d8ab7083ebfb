import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChainClientError } from '../../shared/chain/index.js';
import { runCommand } from '../../shared/cli-errors.js';

describe('runCommand', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('prints a typed error as one error: line and sets exit code 1', async () => {
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    const handler = runCommand(async (_: { n: number }) => {
      throw new ChainClientError(
        { code: 'BAD_INPUT', field: 'netuid', value: 'x' },
        '--netuid must be an integer',
      );
    });
    await handler({ n: 1 });
    expect(process.exitCode).toBe(1);
    expect(writes.join('')).toMatch(/^error: --netuid must be an integer\n/);
  });

  it('rethrows anything that is not typed, so a bug keeps its stack', async () => {
    const handler = runCommand(async () => {
      throw new TypeError('boom');
    });
    await expect(handler({})).rejects.toThrow(TypeError);
    expect(process.exitCode).toBeUndefined();
  });

  it('leaves the exit code alone when the handler succeeds', async () => {
    let seen = 0;
    await runCommand(async (args: { n: number }) => {
      seen = args.n;
    })({ n: 7 });
    expect(seen).toBe(7);
    expect(process.exitCode).toBeUndefined();
  });
});
