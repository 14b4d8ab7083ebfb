/**
 * SubtensorModule (pallet index 7): the subset of subtensor's pallet a subnet needs: networks, burned
 * registration, serving, stake, weights with commit-reveal, and the per-block coinbase running Yuma
 * epochs. Call indices, argument names/types, events, errors and storage match subtensor. Calls live in
 * one file per group (weights, stake, neurons) so each area changes on its own.
 */
import type { PalletDef } from '../../pallet.js';
import { subtensorApis } from './apis.js';
import { blockStep } from './coinbase.js';
import { subtensorConstants } from './constants.js';
import { subtensorErrorDefs } from './errors.js';
import { subtensorEvents } from './events.js';
import { subtensorNeuronCalls } from './neuron-calls.js';
import { subtensorStakeCalls } from './stake-calls.js';
import { subtensorStorage } from './storage.js';
import { subtensorTimelockCalls } from './timelock-calls.js';
import { PALLET, PALLET_INDEX } from './types.js';
import { subtensorWeightCalls } from './weight-calls.js';

export const subtensorPallet: PalletDef = {
  name: PALLET,
  index: PALLET_INDEX,
  crate: 'pallet_subtensor',
  docs: [' SubtensorModule: subnets, neurons, stake, weights and Yuma epochs.'],
  calls: {
    ...subtensorWeightCalls,
    ...subtensorTimelockCalls,
    ...subtensorStakeCalls,
    ...subtensorNeuronCalls,
  },
  events: subtensorEvents,
  errors: subtensorErrorDefs,
  storage: subtensorStorage,
  constants: subtensorConstants,
  onInitialize: blockStep,
  apis: subtensorApis,
};
