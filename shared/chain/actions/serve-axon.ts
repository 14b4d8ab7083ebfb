import { ipToInt } from '../axon.js';
import type { ChainConnection } from '../connection.js';
import { ChainClientError } from '../errors.js';
import type { ServeAxonParams, TxOptions, TxResult, TxSigner } from '../types.js';
import { txCall } from './pallet.js';
import { submitExtrinsic } from './submit-extrinsic.js';

export interface ServeAxonParameters extends ServeAxonParams, TxOptions {
  /** The registered hotkey that serves. */
  hotkey: TxSigner;
}

/**
 * `SubtensorModule.serve_axon`: publishes where the hotkey's axon listens.
 * @example await serveAxon(connection, { hotkey, netuid: 1, version: 100, ip: '10.0.0.2', port: 8091, protocol: 4 });
 */
export async function serveAxon(
  connection: ChainConnection,
  parameters: ServeAxonParameters,
): Promise<TxResult> {
  const { hotkey, netuid, version, ip, port, protocol, placeholder1, placeholder2, ...options } = parameters;
  const { value, ipType } = ipToInt(ip);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ChainClientError(
      { code: 'BAD_INPUT', field: 'port', value: String(port) },
      'port must be 1-65535',
    );
  }
  const tx = txCall(connection.live(), 'subtensorModule', 'serveAxon')(
    netuid,
    version,
    value,
    port,
    ipType,
    protocol,
    placeholder1 ?? 0,
    placeholder2 ?? 0,
  );
  return submitExtrinsic(connection, { call: 'SubtensorModule.serve_axon', tx, signer: hotkey, ...options });
}
