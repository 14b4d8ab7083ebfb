/**
 * Signed transactions end to end against the runtime alone: signed by @polkadot/keyring through
 * @polkadot/types (as clients do), validated for the pool, applied in blocks, events decoded by polkadot-js.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { EXISTENTIAL_DEPOSIT } from '../../../chain/runtime/config.js';
import { TransactionDecodeError } from '../../../chain/runtime/interface.js';
import { Key } from '../../../chain/runtime/pallets/sudo.js';
import { call, freeOf, nonceOf, sign, type TestChain, testChain, transfer } from './helpers.js';

const TAO = 1_000_000_000n;

/** The `TokenError` variant of a `DispatchError` event field (undefined for other kinds). */
function tokenErrorOf(err: unknown): string | undefined {
  const e = err as { isToken: boolean; asToken: { type: string } };
  return e.isToken ? e.asToken.type : undefined;
}

function expectInvalid(v: { ok: boolean }, reason: string) {
  expect(v).toMatchObject({ ok: false, invalid: reason });
}

describe('signed transfers', () => {
  let c: TestChain;
  beforeEach(async () => {
    c = await testChain();
  });

  it('validates, applies a transfer, charges the fee and emits decodable events', () => {
    const xt = sign(c, c.alice, transfer(c, c.charlie, 5n * TAO), { nonce: 0 });
    const validity = c.runtime.validateTransaction(c.view, xt, c.next());
    expect(validity).toMatchObject({ ok: true, requires: [], propagate: true });
    if (!validity.ok) throw new Error('unreachable');
    expect(validity.provides).toEqual([
      `${c.registry.createType('AccountId', c.alice.publicKey).toHex()}00000000`,
    ]);
    expect(validity.sender).toBe(c.alice.address);

    const fee = c.runtime.queryInfo(c.view, xt, c.next()).partialFee;
    expect(fee).toBeGreaterThan(0n);
    const [aliceBefore, charlieBefore] = [freeOf(c, c.alice), freeOf(c, c.charlie)];
    expect(c.produce([xt])).toEqual([{ included: true, success: true }]);
    expect(freeOf(c, c.alice)).toBe(aliceBefore - 5n * TAO - fee);
    expect(freeOf(c, c.charlie)).toBe(charlieBefore + 5n * TAO);
    expect(nonceOf(c, c.alice)).toBe(1);

    const events = c.events().map((e) => `${e.phase}:${e.section}.${e.method}`);
    expect(events).toEqual([
      '{"applyExtrinsic":0}:system.ExtrinsicSuccess',
      '{"applyExtrinsic":1}:balances.Withdraw',
      '{"applyExtrinsic":1}:balances.Transfer',
      '{"applyExtrinsic":1}:transactionPayment.TransactionFeePaid',
      '{"applyExtrinsic":1}:system.ExtrinsicSuccess',
    ]);
    const paid = c.events().find((e) => e.method === 'TransactionFeePaid')!;
    expect(BigInt(paid.data[1])).toBe(fee);
  });

  it('creates a new account with Endowed and rejects transfers below the existential deposit', () => {
    const fresh = c.keyring.addFromUri('//Fresh');
    const ok = sign(c, c.alice, transfer(c, fresh, 10n * EXISTENTIAL_DEPOSIT), { nonce: 0 });
    const dust = sign(c, c.alice, transfer(c, c.keyring.addFromUri('//Dust'), EXISTENTIAL_DEPOSIT - 1n), {
      nonce: 1,
    });
    expect(c.produce([ok, dust])).toEqual([
      { included: true, success: true },
      { included: true, success: false },
    ]);
    const methods = c.events().map((e) => `${e.section}.${e.method}`);
    expect(methods).toContain('system.NewAccount');
    expect(methods).toContain('balances.Endowed');
    const failed = c.events().find((e) => e.method === 'ExtrinsicFailed')!;
    // Current pallet_balances (fungible `can_deposit`): Token(BelowMinimum), not Balances.ExistentialDeposit.
    expect(tokenErrorOf(failed.event.data[0])).toBe('BelowMinimum');
    expect(freeOf(c, fresh)).toBe(10n * EXISTENTIAL_DEPOSIT);
  });

  it('rejects stale nonces and marks future ones as requiring the previous nonce', () => {
    c.produce([sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 0 })]);
    expectInvalid(
      c.runtime.validateTransaction(
        c.view,
        sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 0 }),
        c.next(),
      ),
      'Stale',
    );
    const future = c.runtime.validateTransaction(
      c.view,
      sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 3 }),
      c.next(),
    );
    expect(future.ok).toBe(true);
    if (!future.ok) throw new Error('unreachable');
    expect(future.requires).toHaveLength(1);
    expect(future.requires[0]!.endsWith('02000000')).toBe(true);
    // In a block, a future nonce is not included.
    const builder = c.runtime.newBlock(c.view, c.next());
    builder.applyInherents();
    const r = builder.applyExtrinsic(sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 3 }));
    expect(r).toMatchObject({ included: false, validity: { invalid: 'Future' } });
  });

  it('rejects a tampered signature, a wrong genesis hash and a wrong spec version as BadProof', () => {
    const xt = sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 0 });
    const tampered = xt.slice();
    tampered[40] = (tampered[40]! + 1) % 256; // inside the 64-byte signature
    expectInvalid(c.runtime.validateTransaction(c.view, tampered, c.next()), 'BadProof');
    const wrongGenesis = sign(c, c.alice, transfer(c, c.bob, TAO), {
      nonce: 0,
      genesisHash: new Uint8Array(32).fill(7),
    });
    expectInvalid(c.runtime.validateTransaction(c.view, wrongGenesis, c.next()), 'BadProof');
    const wrongSpec = sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 0, specVersion: 999 });
    expectInvalid(c.runtime.validateTransaction(c.view, wrongSpec, c.next()), 'BadProof');
  });

  it('verifies ed25519 signatures too', () => {
    const ed = c.keyring.addFromUri('//EdUser', undefined, 'ed25519');
    c.produce([sign(c, c.alice, transfer(c, ed.address, 10n * TAO), { nonce: 0 })]);
    const xt = sign(c, ed, transfer(c, c.bob, TAO), { nonce: 0 });
    expect(c.runtime.validateTransaction(c.view, xt, c.next()).ok).toBe(true);
    expect(c.produce([xt])).toEqual([{ included: true, success: true }]);
  });

  it('rejects an account that cannot pay the fee with Payment', () => {
    const poor = c.keyring.addFromUri('//Poor');
    expectInvalid(
      c.runtime.validateTransaction(c.view, sign(c, poor, transfer(c, c.bob, 1n), { nonce: 0 }), c.next()),
      'Payment',
    );
  });

  it('accepts mortal eras checkpointed on a recent block and rejects unknown birth blocks', () => {
    for (let i = 0; i < 5; i++) c.produce([]);
    const mortal = sign(c, c.alice, transfer(c, c.bob, TAO), {
      nonce: 0,
      era: { current: c.best, period: 64 },
    });
    const v = c.runtime.validateTransaction(c.view, mortal, c.next());
    expect(v.ok).toBe(true);
    if (!v.ok) throw new Error('unreachable');
    expect(v.longevity).toBeGreaterThan(0n);
    expect(v.longevity).toBeLessThanOrEqual(64n);
    // A checkpoint the chain has not reached: its block hash is unknown.
    const ahead = sign(c, c.alice, transfer(c, c.bob, TAO), {
      nonce: 0,
      era: { current: c.best + 10, period: 64 },
      blockHash: new Uint8Array(32).fill(9),
    });
    expectInvalid(c.runtime.validateTransaction(c.view, ahead, c.next()), 'AncientBirthBlock');
    // After the era ran out the birth block moves on, so the old checkpoint no longer matches.
    for (let i = 0; i < 70; i++) c.produce([]);
    expectInvalid(c.runtime.validateTransaction(c.view, mortal, c.next()), 'BadProof');
  });

  it('keeps only the fee when a call fails and reports a decodable Module error', () => {
    const before = freeOf(c, c.bob);
    const xt = sign(
      c,
      c.bob,
      call(c, 'Sudo', 'sudo', { call: call(c, 'System', 'remark', { remark: '0x00' }) }),
      { nonce: 0 },
    );
    const fee = c.runtime.queryInfo(c.view, xt, c.next()).partialFee;
    expect(c.produce([xt])).toEqual([{ included: true, success: false }]);
    expect(freeOf(c, c.bob)).toBe(before - fee);
    expect(nonceOf(c, c.bob)).toBe(1);
    const methods = c.events().map((e) => `${e.section}.${e.method}`);
    expect(methods).toEqual([
      'system.ExtrinsicSuccess',
      'balances.Withdraw',
      'transactionPayment.TransactionFeePaid',
      'system.ExtrinsicFailed',
    ]);
    const failed = c.events().find((e) => e.method === 'ExtrinsicFailed')!;
    const moduleErr = failed.event.data[0];
    expect(moduleErr.isModule).toBe(true);
    const meta = c.registry.findMetaError(moduleErr.asModule);
    expect([meta.section, meta.name]).toEqual(['sudo', 'RequireSudo']);
  });

  it('rolls back a failed transfer but keeps the fee', () => {
    const before = freeOf(c, c.bob);
    const tooMuch = sign(c, c.bob, transfer(c, c.charlie, before * 2n), { nonce: 0 });
    const fee = c.runtime.queryInfo(c.view, tooMuch, c.next()).partialFee;
    const charlie = freeOf(c, c.charlie);
    expect(c.produce([tooMuch])).toEqual([{ included: true, success: false }]);
    expect(freeOf(c, c.bob)).toBe(before - fee);
    expect(freeOf(c, c.charlie)).toBe(charlie);
    // Current pallet_balances: Token(FundsUnavailable) where older ones said Balances.InsufficientBalance.
    expect(tokenErrorOf(c.events().find((e) => e.method === 'ExtrinsicFailed')!.event.data[0])).toBe(
      'FundsUnavailable',
    );
  });

  it('transfer_keep_alive refuses to reap the sender, transfer_allow_death reaps it', () => {
    const temp = c.keyring.addFromUri('//Temp');
    c.produce([sign(c, c.alice, transfer(c, temp, 1_000_000n), { nonce: 0 })]);
    const fee = c.runtime.queryInfo(
      c.view,
      sign(c, temp, transfer(c, c.bob, 1n, 'transfer_keep_alive'), { nonce: 0 }),
      c.next(),
    ).partialFee;
    const all = 1_000_000n - fee - 100n;
    c.produce([sign(c, temp, transfer(c, c.bob, all, 'transfer_keep_alive'), { nonce: 0 })]);
    const failed = c.events().find((e) => e.method === 'ExtrinsicFailed');
    expect(failed && tokenErrorOf(failed.event.data[0])).toBe('NotExpendable');
    const left = freeOf(c, temp);
    const fee2 = c.runtime.queryInfo(
      c.view,
      sign(c, temp, transfer(c, c.bob, 1n), { nonce: 1 }),
      c.next(),
    ).partialFee;
    c.produce([sign(c, temp, transfer(c, c.bob, left - fee2 - 100n), { nonce: 1 })]);
    const methods = c.events().map((e) => `${e.section}.${e.method}`);
    expect(methods).toContain('balances.DustLost');
    expect(methods).toContain('system.KilledAccount');
    expect(freeOf(c, temp)).toBe(0n);
  });

  it('returns ExhaustsResources once the block is full and keeps the transaction for later', () => {
    const heavy = (nonce: number) =>
      sign(
        c,
        c.alice,
        call(c, 'Sudo', 'sudo_unchecked_weight', {
          call: call(c, 'System', 'remark', { remark: '0x01' }),
          weight: { refTime: 1_000_000_000_000n, proofSize: 0 },
        }),
        { nonce },
      );
    const builder = c.runtime.newBlock(c.view, c.next());
    builder.applyInherents();
    expect(builder.applyExtrinsic(heavy(0))).toEqual({ included: true, success: true });
    expect(builder.applyExtrinsic(heavy(1))).toMatchObject({
      included: false,
      validity: { invalid: 'ExhaustsResources' },
    });
    // Too heavy for any block: the pool rejects it outright.
    const tooHeavy = sign(
      c,
      c.alice,
      call(c, 'Sudo', 'sudo_unchecked_weight', {
        call: call(c, 'System', 'remark', { remark: '0x01' }),
        weight: { refTime: 1_900_000_000_000n, proofSize: 0 },
      }),
      { nonce: 0 },
    );
    expectInvalid(c.runtime.validateTransaction(c.view, tooHeavy, c.next()), 'ExhaustsResources');
  });

  it('treats inherents as invalid transactions and refuses undecodable bytes', () => {
    const builder = c.runtime.newBlock(c.view, c.next());
    const [inherent] = builder.applyInherents();
    expectInvalid(c.runtime.validateTransaction(c.view, inherent!, c.next()), 'MandatoryValidation');
    // Undecodable bytes are not a transaction at all: Substrate's runtime panics on its API argument.
    expect(() => c.runtime.validateTransaction(c.view, new Uint8Array([8, 0x84, 1, 2]), c.next())).toThrow(
      TransactionDecodeError,
    );
    expect(builder.applyExtrinsic(new Uint8Array([0xff]))).toMatchObject({
      included: false,
      validity: { invalid: 'Call' },
    });
  });
});

describe('utility and sudo', () => {
  let c: TestChain;
  beforeEach(async () => {
    c = await testChain();
  });

  const badTransfer = (chain: TestChain) => transfer(chain, chain.charlie, 10n ** 18n);

  it('batch stops at the first failure and keeps earlier items; batch_all reverts everything', () => {
    const charlie = freeOf(c, c.charlie);
    const items = [transfer(c, c.charlie, TAO), badTransfer(c), transfer(c, c.charlie, TAO)];
    c.produce([sign(c, c.alice, call(c, 'Utility', 'batch', { calls: items }), { nonce: 0 })]);
    expect(freeOf(c, c.charlie)).toBe(charlie + TAO);
    const methods = c.events().map((e) => `${e.section}.${e.method}`);
    expect(methods).toContain('utility.ItemCompleted');
    expect(methods).toContain('utility.BatchInterrupted');
    expect(methods).not.toContain('utility.BatchCompleted');
    expect(methods.at(-1)).toBe('system.ExtrinsicSuccess');
    const interrupted = c.events().find((e) => e.method === 'BatchInterrupted')!;
    expect(interrupted.data[0]).toBe(1);

    c.produce([sign(c, c.alice, call(c, 'Utility', 'batch_all', { calls: items }), { nonce: 1 })]);
    expect(freeOf(c, c.charlie)).toBe(charlie + TAO);
    const all = c.events().map((e) => `${e.section}.${e.method}`);
    expect(all).not.toContain('balances.Transfer');
    expect(all).not.toContain('utility.ItemCompleted');
    expect(all.at(-1)).toBe('system.ExtrinsicFailed');

    c.produce([sign(c, c.alice, call(c, 'Utility', 'force_batch', { calls: items }), { nonce: 2 })]);
    expect(freeOf(c, c.charlie)).toBe(charlie + 3n * TAO);
    const forced = c.events().map((e) => `${e.section}.${e.method}`);
    expect(forced).toContain('utility.ItemFailed');
    expect(forced).toContain('utility.BatchCompletedWithErrors');
  });

  it('sudo dispatches as Root for the key, free of fees, and reports the inner result', () => {
    expect(Key.get(c.view)).toEqual(c.alice.publicKey);
    const before = freeOf(c, c.alice);
    const setBalance = call(c, 'Balances', 'force_set_balance', {
      who: { Id: c.charlie.address },
      new_free: 42n * TAO,
    });
    c.produce([sign(c, c.alice, call(c, 'Sudo', 'sudo', { call: setBalance }), { nonce: 0 })]);
    expect(freeOf(c, c.charlie)).toBe(42n * TAO);
    expect(freeOf(c, c.alice)).toBe(before);
    const sudid = c.events().find((e) => e.method === 'Sudid')!;
    expect(sudid.event.data[0].isOk).toBe(true);

    // Root-only call without sudo: BadOrigin.
    c.produce([sign(c, c.bob, setBalance, { nonce: 0 })]);
    const failed = c.events().find((e) => e.method === 'ExtrinsicFailed')!;
    expect(failed.event.data[0].isBadOrigin).toBe(true);

    // Inner failure: the sudo extrinsic succeeds, Sudid carries the error.
    const bad = call(c, 'Balances', 'force_transfer', {
      source: { Id: c.keyring.addFromUri('//Dave').address },
      dest: { Id: c.bob.address },
      value: 10n ** 18n,
    });
    c.produce([sign(c, c.alice, call(c, 'Sudo', 'sudo', { call: bad }), { nonce: 1 })]);
    const inner = c.events().find((e) => e.method === 'Sudid')!;
    expect(inner.event.data[0].isErr).toBe(true);
    expect(c.events().at(-1)!.method).toBe('ExtrinsicSuccess');
  });
});

describe('block building', () => {
  it('puts the timestamp inherent first even when the builder is not asked for it', async () => {
    const c = await testChain();
    const builder = c.runtime.newBlock(c.view, c.next(1_800_000_000_000));
    builder.applyExtrinsic(sign(c, c.alice, transfer(c, c.bob, 1n * TAO), { nonce: 0 }));
    const { extrinsics, changes } = builder.finalize();
    expect(extrinsics).toHaveLength(2);
    const first = c.registry.createType('Extrinsic', extrinsics[0]);
    expect(`${first.method.section}.${first.method.method}`).toBe('timestamp.set');
    expect(first.method.args[0]!.toString()).toBe('1800000000000');
    expect(changes.size).toBeGreaterThan(0);
    expect(() => builder.applyExtrinsic(extrinsics[1]!)).toThrow(/finalized/);
  });
});
