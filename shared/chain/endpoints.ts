/**
 * Where to reach subtensor, named as Bittensor does (`--subtensor.network`), or an explicit
 * `--subtensor.chain_endpoint` that wins over the network name.
 */
import { ChainClientError } from './errors.js';

export const NETWORK_ENDPOINTS = {
  local: 'ws://127.0.0.1:9944',
  test: 'wss://test.finney.opentensor.ai:443',
  finney: 'wss://entrypoint-finney.opentensor.ai:443',
} as const;

export type NetworkName = keyof typeof NETWORK_ENDPOINTS;
export const NETWORK_NAMES = Object.keys(NETWORK_ENDPOINTS) as NetworkName[];

export function isNetworkName(value: string): value is NetworkName {
  return Object.hasOwn(NETWORK_ENDPOINTS, value);
}

/** The WebSocket URL for a network name or explicit endpoint (the endpoint wins when both are set). */
export function resolveEndpoint(options: { network?: string; chainEndpoint?: string }): string {
  const raw = options.chainEndpoint ?? (options.network === undefined ? 'local' : options.network);
  const endpoint = isNetworkName(raw) ? NETWORK_ENDPOINTS[raw] : raw;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ChainClientError(
      { code: 'BAD_ENDPOINT', endpoint },
      `not a network name or ws(s):// URL: ${raw}`,
      {
        metaMessages: [`Networks: ${NETWORK_NAMES.join(', ')}.`],
      },
    );
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new ChainClientError(
      { code: 'BAD_ENDPOINT', endpoint },
      `chain endpoint must be ws:// or wss://: ${raw}`,
    );
  }
  return endpoint;
}
