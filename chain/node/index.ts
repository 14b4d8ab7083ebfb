/** The dev chain node: `startNode` for embedding (tests, devnet), plus the pieces other tools reuse. */
export type { BlockRecord, ChainStore, ImportedBlock } from './chain.js';
export { ChainError, NodeError, TxPoolError } from './errors.js';
export {
  decodeHeader,
  encodeHeader,
  type Header,
  type HeaderJson,
  hashHeader,
  headerToJson,
} from './header.js';
export {
  DEFAULT_STATE_PRUNING,
  NODE_NAME,
  NODE_VERSION,
  type NodeHandle,
  type NodeOptions,
  parseStatePruning,
  type StatePruning,
  startNode,
} from './node.js';
export { RpcError } from './rpc/errors.js';
export type { TransactionPool, TxStatus } from './txpool.js';
