/** Miner software version (reported in `info`, the metrics info gauge and `serve_axon`). */
export const MINER_VERSION = '0.1.0';

/** Bittensor's `version_as_int`: major·100 + minor·10 + patch (what `serve_axon` carries). */
export function versionAsInt(version: string = MINER_VERSION): number {
  const [major = 0, minor = 0, patch = 0] = version.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  return major * 100 + minor * 10 + patch;
}
