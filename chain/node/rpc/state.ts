/**
 * `state_*`: storage reads at any stored block, keys, proofs, runtime calls, metadata and version, and the
 * storage / runtime-version subscriptions.
 */
import type { Hex } from '../../runtime/interface.js';
import { blake2_256, toHex } from '../bytes.js';
import type { BlockRecord } from '../chain.js';
import {
  bytesParam,
  callContext,
  hexListParam,
  hexParam,
  jsonSafeVersion,
  type RpcContext,
  readState,
  runtimeCall,
  stateBlockParam,
} from './context.js';
import { invalidParams, RpcError, STATE_INVALID_COUNT } from './errors.js';
import { RpcModule, requireParam } from './module.js';

/** Substrate's `STORAGE_KEYS_PAGED_MAX_COUNT`. */
const KEYS_PAGED_MAX = 1000;
/** Longest block range `state_queryStorage` walks. */
const QUERY_STORAGE_MAX_BLOCKS = 10_000;
const STATE_INVALID_BLOCK_RANGE = 4001;

type Change = [Hex, Hex | null];

export function stateRpc(ctx: RpcContext): RpcModule {
  const { chain, runtime } = ctx;
  const valueAt = (block: BlockRecord, key: Hex) => chain.state.get(key, block.number);
  const metadataVersion = runtime.metadataVersions.includes(14)
    ? 14
    : Math.max(...runtime.metadataVersions.filter((v) => v <= 15));

  const changesAt = (number: number, keys: readonly Hex[], all: boolean): Change[] => {
    const out: Change[] = [];
    for (const key of keys) {
      const value = chain.state.get(key, number);
      const before = number === 0 ? undefined : chain.state.get(key, number - 1);
      if (!all && sameValue(value, before)) continue;
      out.push([key, value === undefined ? null : toHex(value)]);
    }
    return out;
  };

  return new RpcModule()
    .method('state_getMetadata', async (params) => {
      await stateBlockParam(ctx, params[0]);
      await runtime.prepareMetadata?.();
      return toHex(runtime.metadata(metadataVersion));
    })
    .method(['state_getRuntimeVersion', 'chain_getRuntimeVersion'], async (params) => {
      await stateBlockParam(ctx, params[0]);
      return jsonSafeVersion(ctx);
    })
    .method(['state_getStorage', 'state_getStorageAt'], async (params) => {
      const key = hexParam(requireParam(params, 0, 'key'), 'key');
      const block = await stateBlockParam(ctx, params[1]);
      const value = readState(ctx, block, () => valueAt(block, key));
      return value === undefined ? null : toHex(value);
    })
    .method(['state_getStorageHash', 'state_getStorageHashAt'], async (params) => {
      const key = hexParam(requireParam(params, 0, 'key'), 'key');
      const block = await stateBlockParam(ctx, params[1]);
      const value = readState(ctx, block, () => valueAt(block, key));
      return value === undefined ? null : toHex(blake2_256(value));
    })
    .method(['state_getStorageSize', 'state_getStorageSizeAt'], async (params) => {
      const key = hexParam(requireParam(params, 0, 'key'), 'key');
      const block = await stateBlockParam(ctx, params[1]);
      return readState(ctx, block, () => valueAt(block, key)?.length ?? null);
    })
    .method('state_getKeys', async (params) => {
      const prefix = hexParam(requireParam(params, 0, 'prefix'), 'prefix');
      const block = await stateBlockParam(ctx, params[1]);
      return readState(ctx, block, () => chain.state.keys(block.number, prefix));
    })
    .method(['state_getKeysPaged', 'state_getKeysPagedAt'], async (params) => {
      const prefix = params[0] === null || params[0] === undefined ? '0x' : hexParam(params[0], 'prefix');
      const count = params[1];
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        throw invalidParams('count: expected a non-negative integer');
      }
      if (count > KEYS_PAGED_MAX) {
        throw new RpcError(
          STATE_INVALID_COUNT,
          `count exceeds maximum value. value: ${count}, max: ${KEYS_PAGED_MAX}`,
        );
      }
      const startKey =
        params[2] === null || params[2] === undefined ? undefined : hexParam(params[2], 'startKey');
      const block = await stateBlockParam(ctx, params[3]);
      return readState(ctx, block, () => chain.state.keys(block.number, prefix as Hex, startKey, count));
    })
    .method('state_queryStorageAt', async (params) => {
      const keys = hexListParam(requireParam(params, 0, 'keys'), 'keys');
      const block = await stateBlockParam(ctx, params[1]);
      return [
        { block: block.hashHex, changes: readState(ctx, block, () => changesAt(block.number, keys, true)) },
      ];
    })
    .method('state_queryStorage', async (params) => {
      const keys = hexListParam(requireParam(params, 0, 'keys'), 'keys');
      const from = await stateBlockParam(ctx, requireParam(params, 1, 'fromBlock'));
      const to = await stateBlockParam(ctx, params[2]);
      if (from.number > to.number || to.number - from.number >= QUERY_STORAGE_MAX_BLOCKS) {
        throw new RpcError(
          STATE_INVALID_BLOCK_RANGE,
          `Cannot resolve a block range ['${from.hashHex}' ... '${to.hashHex}]`,
        );
      }
      const out: Array<{ block: Hex; changes: Change[] }> = [];
      const hashes = await chain.blockHashes(from.number, to.number);
      readState(ctx, from, () =>
        hashes.forEach((hash, i) => {
          const changes = changesAt(from.number + i, keys, i === 0);
          if (changes.length > 0 || i === 0) out.push({ block: hash, changes });
        }),
      );
      return out;
    })
    .method(['state_call', 'state_callAt'], async (params) => {
      const method = requireParam(params, 0, 'method');
      if (typeof method !== 'string') throw invalidParams('method: expected a runtime API function name');
      const data = bytesParam(params[1], 'data');
      await stateBlockParam(ctx, params[2]);
      // A lazy runtime builds its metadata in the background from start-up: wait for it here.
      if (method.startsWith('Metadata_')) await runtime.prepareMetadata?.();
      // Resolved again after the wait: the block's state may have been pruned meanwhile.
      const block = await stateBlockParam(ctx, params[2]);
      const result = readState(ctx, block, () =>
        runtimeCall(() => runtime.call(chain.stateAt(block), method, data, callContext(block))),
      );
      return toHex(result);
    })
    .method('state_getReadProof', async (params) => {
      const keys = hexListParam(requireParam(params, 0, 'keys'), 'keys');
      const block = await stateBlockParam(ctx, params[1]);
      const proof = readState(ctx, block, () => runtimeCall(() => chain.readProof(block, keys)));
      return { at: block.hashHex, proof: proof.map(toHex) };
    })
    .subscription(['state_subscribeRuntimeVersion', 'chain_subscribeRuntimeVersion'], {
      notification: 'state_runtimeVersion',
      unsubscribe: ['state_unsubscribeRuntimeVersion', 'chain_unsubscribeRuntimeVersion'],
      subscribe: (_params, sink) => {
        sink.send(jsonSafeVersion(ctx));
        return chain.onImport((block) => {
          if (block.codeChanged) sink.send(jsonSafeVersion(ctx));
        });
      },
    })
    .subscription(['state_subscribeStorage'], {
      notification: 'state_storage',
      unsubscribe: ['state_unsubscribeStorage'],
      subscribe: (params, sink) => {
        const raw = params[0];
        const keys = raw === undefined || raw === null ? undefined : hexListParam(raw, 'keys');
        if (keys !== undefined && keys.length > 0) {
          const best = chain.best;
          sink.send({ block: best.hashHex, changes: changesAt(best.number, keys, true) });
          const watched = new Set(keys);
          return chain.onImport((block) => {
            const touched = block.changes.filter(([k]) => watched.has(k)).map(([k]) => k);
            if (touched.length === 0) return;
            const changes = changesAt(block.number, [...new Set(touched)], false);
            // Never an empty change set: polkadot-js would read the key as gone.
            if (changes.length > 0) sink.send({ block: block.hashHex, changes });
          });
        }
        return chain.onImport((block) => {
          const changes = changesAt(block.number, [...new Set(block.changes.map(([k]) => k))], false);
          if (changes.length > 0) sink.send({ block: block.hashHex, changes });
        });
      },
    });
}

function sameValue(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
