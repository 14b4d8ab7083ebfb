/**
 * Metadata V14/V15/V16 decode with @polkadot/types and carry the paths and APIs clients rely on; runtime
 * APIs answer `state_call` in the encodings clients decode; genesis holds what clients read first.
 */
import { Metadata, TypeRegistry } from '@polkadot/types';
import { compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEV_ENDOWMENT } from '../../../chain/runtime/genesis.js';
import { RuntimeCallError } from '../../../chain/runtime/interface.js';
import { TotalIssuance } from '../../../chain/runtime/pallets/balances.js';
import { BlockHash } from '../../../chain/runtime/pallets/system.js';
import { call, sign, type TestChain, testChain, transfer } from './helpers.js';

let c: TestChain;
beforeAll(async () => {
  c = await testChain();
});

const api = (method: string, data: Uint8Array | number[] = []) =>
  c.runtime.call(c.view, method, Uint8Array.from(data), c.next());

function decodeApiOutput(registry: TypeRegistry, apiName: string, method: string, bytes: Uint8Array) {
  const md = new Metadata(registry, c.runtime.metadata(15)).asV15;
  const m = md.apis.find((a) => a.name.eq(apiName))!.methods.find((x) => x.name.eq(method))!;
  const def = registry.lookup.getTypeDef(m.output);
  return registry.createType(def.lookupName ?? def.type, bytes);
}

describe('metadata', () => {
  it.each([14, 15, 16])('V%i decodes with @polkadot/types and builds calls', (version) => {
    const bytes = c.runtime.metadata(version);
    expect(u8aToHex(bytes.slice(0, 5))).toBe(`0x6d657461${version.toString(16).padStart(2, '0')}`);
    const registry = new TypeRegistry();
    const metadata = new Metadata(registry, bytes);
    expect(metadata.version).toBe(version);
    registry.setMetadata(metadata);
    const tx = registry.createType('Call', {
      callIndex: [5, 0],
      args: { dest: { Id: c.bob.address }, value: 123 },
    });
    expect(tx.section).toBe('balances');
    expect(tx.method).toBe('transferAllowDeath');
    expect(registry.createType('Call', tx.toU8a()).toHex()).toBe(tx.toHex());
    // The same bytes as the runtime's own encoder.
    expect(
      u8aToHex(
        c.runtime.encodeCall({
          tag: 'Balances',
          value: {
            tag: 'transfer_allow_death',
            value: { dest: { tag: 'Id', value: c.bob.publicKey }, value: 123n },
          },
        }),
      ),
    ).toBe(tx.toHex());
  });

  it('names the load-bearing types by their Substrate paths', () => {
    const md = new Metadata(new TypeRegistry(), c.runtime.metadata(15)).asV15;
    const paths = md.lookup.types.map((t) => t.type.path.map((p) => p.toString()).join('::'));
    for (const p of [
      'sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic',
      'frame_system::EventRecord',
      'sp_core::crypto::AccountId32',
      'sp_runtime::generic::era::Era',
      'sp_runtime::multiaddress::MultiAddress',
      'primitive_types::H256',
      'sp_runtime::DispatchError',
    ]) {
      expect(paths, p).toContain(p);
    }
    const era = md.lookup.types.find((t) => t.type.path.join('::') === 'sp_runtime::generic::era::Era')!;
    expect(era.type.def.asVariant.variants).toHaveLength(256);
    const ue = md.lookup.types.find(
      (t) => t.type.path.join('::') === 'sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic',
    )!;
    expect(ue.type.params.map((p) => p.name.toString())).toEqual(['Address', 'Call', 'Signature', 'Extra']);
    expect(md.extrinsic.signedExtensions.map((e) => e.identifier.toString())).toEqual([
      'CheckNonZeroSender',
      'CheckSpecVersion',
      'CheckTxVersion',
      'CheckGenesis',
      'CheckMortality',
      'CheckNonce',
      'CheckWeight',
      'ChargeTransactionPayment',
      'CheckMetadataHash',
    ]);
    // Outer enums: variant index = pallet index.
    const callEnum = md.lookup.getSiType(md.outerEnums.callType).def.asVariant.variants;
    for (const v of callEnum) {
      expect(md.pallets.find((p) => p.name.eq(v.name))!.index.toNumber()).toBe(v.index.toNumber());
    }
    const apis = md.apis.map((a) => `${a.name}`);
    expect(apis).toEqual(
      expect.arrayContaining([
        'Core',
        'Metadata',
        'TaggedTransactionQueue',
        'AccountNonceApi',
        'TransactionPaymentApi',
      ]),
    );
  });

  it('reports constants clients read', () => {
    const consts = c.registry.metadata.pallets;
    const value = (pallet: string, name: string) => {
      const p = consts.find((x) => x.name.eq(pallet))!;
      const k = p.constants.find((x) => x.name.eq(name))!;
      return c.registry.createType(c.registry.lookup.getTypeDef(k.type).type, k.value.toU8a(true));
    };
    expect(value('Timestamp', 'MinimumPeriod').toString()).toBe('500');
    expect(value('System', 'SS58Prefix').toString()).toBe('42');
    expect(value('Balances', 'ExistentialDeposit').toString()).toBe('500');
    expect(value('System', 'BlockHashCount').toString()).toBe('2400');
  });
});

describe('runtime APIs', () => {
  it('Core_version matches the runtime version and lists its APIs by blake2_64', () => {
    const v = c.registry.createType('RuntimeVersion', api('Core_version'));
    expect(v.specName.toString()).toBe(c.runtime.version.specName);
    expect(v.specVersion.toNumber()).toBe(c.runtime.version.specVersion);
    const ids = v.apis.map(([id, ver]) => [id.toHex(), ver.toNumber()]);
    expect(ids).toContainEqual([blake2AsHex('Metadata', 64), 2]);
    expect(ids).toContainEqual([blake2AsHex('Core', 64), 5]);
  });

  it('serves metadata versions and Option<OpaqueMetadata>', () => {
    expect(c.registry.createType('Vec<u32>', api('Metadata_metadata_versions')).toJSON()).toEqual([
      14, 15, 16,
    ]);
    for (const version of [14, 15, 16]) {
      const at = api('Metadata_metadata_at_version', [version, 0, 0, 0]);
      const bytes = c.runtime.metadata(version);
      expect(u8aToHex(at)).toBe(u8aToHex(u8aConcat([1], compactToU8a(bytes.length), bytes)));
    }
    expect(u8aToHex(api('Metadata_metadata_at_version', [17, 0, 0, 0]))).toBe('0x00');
    expect(u8aToHex(api('Metadata_metadata_at_version', [13, 0, 0, 0]))).toBe('0x00');
    // `Metadata_metadata` (and so state_getMetadata) stays V14, as Substrate's.
    const m14 = c.runtime.metadata(14);
    expect(u8aToHex(api('Metadata_metadata'))).toBe(u8aToHex(u8aConcat(compactToU8a(m14.length), m14)));
  });

  it('answers account nonce, fee queries and validate_transaction', () => {
    expect(
      c.registry.createType('u32', api('AccountNonceApi_account_nonce', c.alice.publicKey)).toNumber(),
    ).toBe(0);
    const xt = sign(c, c.alice, transfer(c, c.bob, 1_000_000_000n), { nonce: 0 });
    const len = c.registry.createType('u32', xt.length).toU8a();
    const info = decodeApiOutput(
      c.registry,
      'TransactionPaymentApi',
      'query_info',
      api('TransactionPaymentApi_query_info', u8aConcat(xt, len)),
    ) as any;
    expect(BigInt(info.partialFee.toString())).toBe(c.runtime.queryInfo(c.view, xt, c.next()).partialFee);
    const details = decodeApiOutput(
      c.registry,
      'TransactionPaymentApi',
      'query_fee_details',
      api('TransactionPaymentApi_query_fee_details', u8aConcat(xt, len)),
    ) as any;
    const inc = details.inclusionFee.unwrap();
    expect(
      BigInt(inc.baseFee.toString()) +
        BigInt(inc.lenFee.toString()) +
        BigInt(inc.adjustedWeightFee.toString()),
    ).toBe(BigInt(info.partialFee.toString()));

    const ok = api('TaggedTransactionQueue_validate_transaction', u8aConcat([2], xt, c.hashes[0]!));
    expect(ok[0]).toBe(0);
    const validity = decodeApiOutput(c.registry, 'TaggedTransactionQueue', 'validate_transaction', ok) as any;
    expect(validity.isOk).toBe(true);
    expect(validity.asOk.provides.length).toBe(1);
    const bad = xt.slice();
    bad[40] = (bad[40]! + 1) % 256;
    expect(
      u8aToHex(api('TaggedTransactionQueue_validate_transaction', u8aConcat([2], bad, c.hashes[0]!))),
    ).toBe('0x010004');
  });

  it('throws RuntimeCallError for unknown methods and malformed input', () => {
    expect(() => api('Nope_nothing')).toThrow(RuntimeCallError);
    expect(() => api('AccountNonceApi_account_nonce', [1, 2, 3])).toThrow(RuntimeCallError);
    expect(() => api('TaggedTransactionQueue_validate_transaction', [2, 0xff])).toThrow(RuntimeCallError);
  });
});

describe('genesis', () => {
  it('holds :code, the BlockHash(0) placeholder, funded dev accounts and the sudo key', () => {
    const genesis = c.runtime.genesisStorage({ dev: true, blockTimeMs: 1000 });
    expect(genesis.get('0x3a636f6465')).toBeDefined();
    expect(u8aToHex(BlockHash.get({ get: (k) => genesis.get(k), keys: () => [] }, 0))).toBe(
      `0x${'45'.repeat(32)}`,
    );
    expect(TotalIssuance.get({ get: (k) => genesis.get(k), keys: () => [] })).toBe(6n * DEV_ENDOWMENT);
    const sudo = c.registry.createType('AccountId', c.alice.publicKey);
    expect(sudo.toString()).toBe(c.alice.address);
    const empty = c.runtime.genesisStorage({ dev: false, blockTimeMs: 1000 });
    expect(TotalIssuance.get({ get: (k) => empty.get(k), keys: () => [] })).toBe(0n);
  });

  it('accepts sudo only from Alice on a dev chain', () => {
    const remark = call(c, 'System', 'remark', { remark: '0x' });
    const v = c.runtime.validateTransaction(
      c.view,
      sign(c, c.alice, call(c, 'Sudo', 'sudo', { call: remark }), { nonce: 0 }),
      c.next(),
    );
    expect(v.ok).toBe(true);
  });
});
