import type { ChainConnection } from '../connection.js';
import type { TxOptions, TxResult, TxSigner } from '../types.js';
import { txCall } from './pallet.js';
import { submitExtrinsic } from './submit-extrinsic.js';

export interface BurnedRegisterParameters extends TxOptions {
  /** Pays the burn. */
  coldkey: TxSigner;
  netuid: number;
  /** SS58 hotkey to register. */
  hotkey: string;
}

/**
 * `SubtensorModule.burned_register`: registers `hotkey` on the subnet, burning the current `Burn`.
 * @example await burnedRegister(connection, { coldkey, netuid: 1, hotkey: hot.address });
 */
export async function burnedRegister(
  connection: ChainConnection,
  { coldkey, netuid, hotkey, ...options }: BurnedRegisterParameters,
): Promise<TxResult> {
  const tx = txCall(connection.live(), 'subtensorModule', 'burnedRegister')(netuid, hotkey);
  return submitExtrinsic(connection, {
    call: 'SubtensorModule.burned_register',
    tx,
    signer: coldkey,
    ...options,
  });
}
