/**
 * The node with the real dev chain runtime, driven by unmodified `@polkadot/api` (the judge of wire
 * compatibility): connect, transfers with events and fees, nonces, every rejection path, decoded dispatch
 * errors, subscriptions, two clients, read proofs against the header's state root.
 */
// The dev chain's own augment types (subtensor's Balance is u64, not substrate's u128).
import '../../../shared/chain/augment/index.js';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { ISubmittableResult } from '@polkadot/types/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeHandle } from '../../../chain/node/node.js';
import { verifyReadProof } from '../../../chain/trie/index.js';
import { type DevNodeWithApi, startDevNodeWithApi } from '../../helpers/dev-node.js';

/** Resolves with the result once finalized; rejects on an RPC error. */
function sendAndFinalize(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair, nonce = -1) {
  return new Promise<ISubmittableResult>((resolve, reject) => {
    tx.signAndSend(signer, { nonce }, (result) => {
      if (result.status.isFinalized) resolve(result);
      if (result.isError) reject(new Error(result.status.type));
    }).catch(reject);
  });
}

async function rpcError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an RPC error');
}

describe('dev chain node with @polkadot/api', () => {
  let dev: DevNodeWithApi | undefined;
  let node: NodeHandle;
  let api: ApiPromise;
  let alice: KeyringPair;
  let bob: KeyringPair;
  let charlie: KeyringPair;

  beforeAll(async () => {
    dev = await startDevNodeWithApi();
    ({ node, api } = dev);
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob');
    charlie = keyring.addFromUri('//Charlie');
  });
  afterAll(async () => {
    await dev?.close();
  });

  it('connects and reads the chain identity', async () => {
    expect(api.genesisHash.toHex()).toBe(node.genesisHash);
    expect((await api.rpc.system.chain()).toString()).toBe('Expertnet Development');
    expect(api.runtimeVersion.specName.toString()).toBe('expertnet');
    expect(api.registry.chainSS58).toBe(42);
  });

  it('transfers with events and the fee the runtime quoted', async () => {
    const amount = 1_234_567_890n;
    const tx = api.tx.balances.transferKeepAlive(bob.address, amount);
    const info = await tx.paymentInfo(alice);
    const before = await api.query.system.account(bob.address);
    const aliceBefore = await api.query.system.account(alice.address);
    const result = await sendAndFinalize(tx, alice);
    const names = result.events.map(({ event }) => `${event.section}.${event.method}`);
    expect(names).toContain('balances.Transfer');
    expect(names).toContain('system.ExtrinsicSuccess');
    const after = await api.query.system.account(bob.address);
    expect(after.data.free.toBigInt() - before.data.free.toBigInt()).toBe(amount);
    const aliceAfter = await api.query.system.account(alice.address);
    const spent = aliceBefore.data.free.toBigInt() - aliceAfter.data.free.toBigInt();
    expect(spent - amount).toBe(info.partialFee.toBigInt());
    expect(aliceAfter.nonce.toNumber()).toBe(aliceBefore.nonce.toNumber() + 1);
  });

  it('answers the payment RPCs like the runtime API', async () => {
    const signed = await api.tx.balances
      .transferKeepAlive(bob.address, 1n)
      .signAsync(alice, { nonce: 1_000 });
    const viaApi = await api.call.transactionPaymentApi.queryInfo(signed.toU8a(), signed.encodedLength);
    const viaRpc = await api.rpc.payment.queryInfo(signed.toHex());
    expect(viaRpc.partialFee.toBigInt()).toBe(viaApi.partialFee.toBigInt());
    expect(viaRpc.weight.toBigInt()).toBe(viaApi.weight.refTime.toBigInt());
    const details = await api.rpc.payment.queryFeeDetails(signed.toHex());
    expect(details.inclusionFee.isSome).toBe(true);
    const fee = details.inclusionFee.unwrap();
    expect(fee.baseFee.toBigInt() + fee.lenFee.toBigInt() + fee.adjustedWeightFee.toBigInt()).toBe(
      viaApi.partialFee.toBigInt(),
    );
  });

  it('includes many nonces from one account', async () => {
    const start = (await api.rpc.system.accountNextIndex(charlie.address)).toNumber();
    const n = 12;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        sendAndFinalize(
          api.tx.balances.transferKeepAlive(bob.address, 1_000_000n),
          charlie,
          start + n - 1 - i,
        ),
      ),
    );
    expect(results.every((r) => r.dispatchError === undefined)).toBe(true);
    expect((await api.query.system.account(charlie.address)).nonce.toNumber()).toBe(start + n);
  });

  it('rejects each invalid transaction with the Substrate error', async () => {
    const keyring = new Keyring({ type: 'sr25519' });
    const pauper = keyring.addFromUri('//NobodyHasFundsHere');
    expect(await rpcError(api.tx.balances.transferKeepAlive(bob.address, 1n).signAndSend(pauper))).toMatch(
      /1010: Invalid Transaction: Inability to pay some fees/,
    );

    const signed = await api.tx.balances.transferKeepAlive(bob.address, 1n).signAsync(alice);
    const hex = signed.toU8a();
    // Flip one byte of the signature (after length prefix, version, MultiAddress and signature type).
    const tampered = hex.slice();
    const sigStart = tampered.length - signed.method.toU8a().length - 1;
    tampered[sigStart - 70]! ^= 0xff;
    expect(await rpcError(api.rpc.author.submitExtrinsic(api.createType('Extrinsic', tampered)))).toMatch(
      /1010: Invalid Transaction: Transaction has a bad signature/,
    );

    const nonce = (await api.query.system.account(alice.address)).nonce.toNumber();
    const stale = await api.tx.balances
      .transferKeepAlive(bob.address, 1n)
      .signAsync(alice, { nonce: nonce - 1 });
    expect(await rpcError(api.rpc.author.submitExtrinsic(stale))).toMatch(
      /1010: Invalid Transaction: Transaction is outdated/,
    );

    // A future nonce waits in the pool: submitting it again is 1013, a rival with equal priority 1014.
    const future = await api.tx.balances
      .transferKeepAlive(bob.address, 1n)
      .signAsync(alice, { nonce: nonce + 50 });
    await api.rpc.author.submitExtrinsic(future);
    expect(await rpcError(api.rpc.author.submitExtrinsic(future))).toMatch(
      /1013: Transaction Already Imported/,
    );
    const rival = await api.tx.balances
      .transferKeepAlive(charlie.address, 1n)
      .signAsync(alice, { nonce: nonce + 50 });
    expect(await rpcError(api.rpc.author.submitExtrinsic(rival))).toMatch(/1014: Priority is too low/);
    expect((await api.rpc.author.pendingExtrinsics()).map((x) => x.toHex())).toContain(future.toHex());
  });

  it('decodes a failed dispatch: Token errors for balances, as current pallet_balances', async () => {
    const free = (await api.query.system.account(bob.address)).data.free.toBigInt();
    const result = await sendAndFinalize(api.tx.balances.transferKeepAlive(charlie.address, free * 2n), bob);
    expect(result.dispatchError?.isToken).toBe(true);
    expect(result.dispatchError?.asToken.type).toBe('FundsUnavailable');
    expect(result.events.map(({ event }) => event.method)).toContain('ExtrinsicFailed');
  });

  it('decodes a failed dispatch as a module error', async () => {
    const result = await sendAndFinalize(api.tx.sudo.sudo(api.tx.system.remark('0x00')), bob);
    expect(result.dispatchError?.isModule).toBe(true);
    const meta = api.registry.findMetaError(result.dispatchError!.asModule);
    expect(`${meta.section}.${meta.name}`).toBe('sudo.RequireSudo');
  });

  it('delivers heads and storage changes to two clients at once', async () => {
    const other = await ApiPromise.create({ provider: new WsProvider(node.rpcUrl), noInitWarn: true });
    try {
      const seen: bigint[] = [];
      const heads: number[] = [];
      const unsubBalance = await other.query.system.account(charlie.address, (acc) => {
        seen.push(acc.data.free.toBigInt());
      });
      const unsubHeads = await api.rpc.chain.subscribeNewHeads((h) => {
        heads.push(h.number.toNumber());
      });
      await sendAndFinalize(api.tx.balances.transferKeepAlive(charlie.address, 5_000_000n), alice);
      const deadline = Date.now() + 10_000;
      while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen[seen.length - 1]! - seen[0]!).toBe(5_000_000n);
      expect(heads.length).toBeGreaterThanOrEqual(2);
      expect((await other.rpc.chain.getHeader()).hash.toHex()).toBe(
        (await api.rpc.chain.getHeader()).hash.toHex(),
      );
      unsubBalance();
      unsubHeads();
    } finally {
      await other.disconnect();
    }
  });

  it('serves read proofs that verify against the header state root', async () => {
    const key = api.query.system.account.key(alice.address) as `0x${string}`;
    const header = await api.rpc.chain.getHeader();
    const proof = await api.rpc.state.getReadProof([key], header.hash);
    const values = verifyReadProof(
      header.stateRoot.toHex(),
      proof.proof.map((p) => p.toHex()),
      [key],
    );
    const stored = await api.rpc.state.getStorage(key, header.hash);
    expect(values.get(key)).toEqual(
      (stored as unknown as { unwrap(): { toU8a(b: boolean): Uint8Array } }).unwrap().toU8a(true),
    );
  });

  it('reads historical state by block hash', async () => {
    const genesisApi = await api.at(node.genesisHash);
    const genesisBob = await genesisApi.query.system.account(bob.address);
    const nowBob = await api.query.system.account(bob.address);
    expect(genesisBob.data.free.toBigInt()).not.toBe(nowBob.data.free.toBigInt());
  });
});
