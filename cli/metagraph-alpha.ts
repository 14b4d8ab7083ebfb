/**
 * The alpha side of `expertnet metagraph` (dynamic TAO): the subnet's pool, price and emission in alpha
 * and in TAO at the pool price, as token holders read them on mainnet. Amounts are rao (of TAO or of
 * alpha, as named); a TAO value is the alpha amount × the price, truncated.
 */
import { alphaToTao, type ChainClient, type SubnetPool } from '../shared/chain/index.js';

export interface MetagraphPool {
  /** Rao of TAO per alpha (`SwapRuntimeApi.current_alpha_price`, else SubnetTAO / SubnetAlphaIn). */
  priceRao: bigint;
  /** TAO per alpha. */
  price: number;
  priceSource: SubnetPool['source'];
  /** False on a chain without dynamic TAO: 1 alpha = 1 TAO, reserves 0. */
  dynamic: boolean;
  /** SubnetMovingPrice, TAO per alpha. */
  movingPrice: number;
  /** Reserves: TAO in the pool, alpha in the pool, alpha outside it (rao). */
  taoIn: bigint;
  alphaIn: bigint;
  alphaOut: bigint;
  /** What one block emits (the last block's SubnetTaoInEmission / SubnetAlphaInEmission / SubnetAlphaOutEmission). */
  perBlock: {
    /** Alpha to the subnet's owner, miners and validators. */
    alpha: bigint;
    /** Its TAO value at the pool price. */
    tao: bigint;
    /** TAO injected into the pool. */
    taoIn: bigint;
    /** Alpha injected into the pool beside it. */
    alphaIn: bigint;
  };
  /** One epoch (tempo + 1 blocks) of `perBlock.alpha`, and its TAO value. */
  perEpoch: { alpha: bigint; tao: bigint };
}

/** The pool as the report shows it; undefined when the client cannot read pools (a test double). */
export async function readMetagraphPool(
  chain: ChainClient,
  netuid: number,
  tempo: number,
): Promise<MetagraphPool | undefined> {
  if (chain.subnetPool === undefined) return undefined;
  const pool = await chain.subnetPool(netuid);
  const epochAlpha = pool.alphaOutEmission * BigInt(tempo + 1);
  return {
    priceRao: pool.priceRao,
    price: Number(pool.priceRao) / 1e9,
    priceSource: pool.source,
    dynamic: pool.dynamic,
    movingPrice: pool.movingPrice,
    taoIn: pool.taoIn,
    alphaIn: pool.alphaIn,
    alphaOut: pool.alphaOut,
    perBlock: {
      alpha: pool.alphaOutEmission,
      tao: alphaToTao(pool.alphaOutEmission, pool.priceRao),
      taoIn: pool.taoInEmission,
      alphaIn: pool.alphaInEmission,
    },
    perEpoch: { alpha: epochAlpha, tao: alphaToTao(epochAlpha, pool.priceRao) },
  };
}

/** TAO value (rao) of an alpha amount at the pool price; the amount itself without a pool (1:1). */
export function taoValue(alpha: bigint, pool: MetagraphPool | undefined): bigint {
  return pool === undefined ? alpha : alphaToTao(alpha, pool.priceRao);
}

/** The table's pool line. `fmt` formats rao with 4 decimals. */
export function poolLine(pool: MetagraphPool | undefined, fmt: (rao: bigint) => string): string {
  if (pool === undefined) return 'alpha: not read';
  const price = `alpha price ${pool.price.toFixed(6)} τ/α (${pool.priceSource}), moving ${pool.movingPrice.toFixed(6)}`;
  const reserves = `pool ${fmt(pool.taoIn)} τ / ${fmt(pool.alphaIn)} α in / ${fmt(pool.alphaOut)} α out`;
  const block =
    `emission per block ${fmt(pool.perBlock.alpha)} α (${fmt(pool.perBlock.tao)} τ)` +
    ` + pool ${fmt(pool.perBlock.taoIn)} τ, ${fmt(pool.perBlock.alphaIn)} α`;
  const epoch = `per epoch ${fmt(pool.perEpoch.alpha)} α (${fmt(pool.perEpoch.tao)} τ)`;
  return `${price}; ${reserves}; ${block}; ${epoch}`;
}
