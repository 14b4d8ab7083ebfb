/** An in-process dev chain (instant seal, free RPC port, no metrics) with unmodified @polkadot/api on it. */
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { ISubmittableResult } from '@polkadot/types/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { type NodeHandle, startNode } from '../../chain/node/node.js';
import { silentLogger } from '../../shared/logger.js';

export interface DevNodeWithApi {
  node: NodeHandle;
  api: ApiPromise;
  /** Disconnects the API, then stops the node. */
  close(): Promise<void>;
}

export async function startDevNodeWithApi(): Promise<DevNodeWithApi> {
  await cryptoWaitReady();
  const node = await startNode({
    instantSeal: true,
    rpcPort: 0,
    prometheusPort: null,
    logger: silentLogger(),
  });
  try {
    const api = await ApiPromise.create({
      provider: new WsProvider(node.rpcUrl),
      noInitWarn: true,
      throwOnConnect: true,
    });
    return {
      node,
      api,
      close: async () => {
        await api.disconnect();
        await node.close();
      },
    };
  } catch (err) {
    await node.close();
    throw err;
  }
}

/** Sends, waits for inclusion and returns the events, or the decoded module error name. */
export async function sendAndDescribe(
  api: ApiPromise,
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
): Promise<{ error: string | undefined; events: string[] }> {
  const result = await new Promise<ISubmittableResult>((resolve, reject) => {
    tx.signAndSend(signer, (r) => {
      if (r.status.isInBlock || r.status.isFinalized) resolve(r);
      if (r.isError) reject(new Error(r.status.type));
    }).catch(reject);
  });
  const failed = result.dispatchError;
  const error = failed?.isModule ? api.registry.findMetaError(failed.asModule) : undefined;
  return {
    error: error ? `${error.section}.${error.name}` : failed?.type,
    events: result.events.map(({ event }) => `${event.section}.${event.method}`),
  };
}
