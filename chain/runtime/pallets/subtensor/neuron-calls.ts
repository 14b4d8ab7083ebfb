/** SubtensorModule: Serving and registration calls (neurons and networks). Indices and arguments as in subtensor. */
import { dbWeight } from '../../config.js';
import { type CallDef, ensureSigned } from '../../pallet.js';
import { bytes, u8, u64 } from '../../scale/ty.js';
import { accountId, endpointArgs, f, netuid, serveWeight } from './call-args.js';
import { burnedRegister, registerNetwork } from './registration.js';
import { serveAxon, servePrometheus } from './serving.js';
import { subtensorCallValidators as validators } from './validation.js';

export const subtensorNeuronCalls: Record<string, CallDef> = {
  serve_axon: {
    index: 4,
    args: {
      ...endpointArgs,
      protocol: f(u8, 'u8'),
      placeholder1: f(u8, 'u8'),
      placeholder2: f(u8, 'u8'),
    },
    docs: [" Publishes the caller's (hotkey) axon endpoint on a subnet."],
    weight: serveWeight,
    paysFee: false,
    dispatch: (ctx, origin, a) => {
      serveAxon(ctx, ensureSigned(origin), a);
      return undefined;
    },
    validate: validators.serve_axon,
  },
  serve_prometheus: {
    index: 5,
    args: endpointArgs,
    docs: [" Publishes the caller's (hotkey) prometheus endpoint on a subnet."],
    weight: serveWeight,
    paysFee: false,
    dispatch: (ctx, origin, a) => {
      servePrometheus(ctx, ensureSigned(origin), a);
      return undefined;
    },
    validate: validators.serve_prometheus,
  },
  register: {
    index: 6,
    args: {
      netuid,
      block_number: f(u64, 'u64'),
      nonce: f(u64, 'u64'),
      work: f(bytes, 'Vec<u8>'),
      hotkey: accountId,
      coldkey: accountId,
    },
    docs: [
      ' Registers a hotkey on a subnet, exactly as `burned_register` (the proof-of-work fields are ignored).',
    ],
    weight: () => 100_000_000n + dbWeight(30, 24),
    dispatch: (ctx, origin, a: { netuid: number; hotkey: Uint8Array }) => {
      burnedRegister(ctx, ensureSigned(origin), a.netuid, a.hotkey);
      return undefined;
    },
  },
  burned_register: {
    index: 7,
    args: { netuid, hotkey: accountId },
    docs: [' Registers a hotkey on a subnet for the caller (coldkey), burning the registration price.'],
    weight: () => 100_000_000n + dbWeight(30, 24),
    dispatch: (ctx, origin, a: { netuid: number; hotkey: Uint8Array }) => {
      burnedRegister(ctx, ensureSigned(origin), a.netuid, a.hotkey);
      return undefined;
    },
  },
  register_network: {
    index: 59,
    args: { hotkey: accountId },
    docs: [' Creates a subnet owned by the caller (coldkey), locking the network registration cost.'],
    weight: () => 150_000_000n + dbWeight(40, 40),
    dispatch: (ctx, origin, a: { hotkey: Uint8Array }) => {
      registerNetwork(ctx, ensureSigned(origin), a.hotkey);
      return undefined;
    },
  },
};
