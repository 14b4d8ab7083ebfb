/**
 * The set of JSON-RPC methods a node serves (after jsonrpsee's `RpcModule`): plain methods and
 * subscriptions (subscribe name(s), unsubscribe name(s), notification method). Transport-agnostic.
 */
import { invalidParams } from './errors.js';

export type Params = readonly unknown[];

/** What a call may do with its caller's connection (a `Session`): end one of its subscriptions. */
export interface ConnectionHandle {
  unsubscribe(notification: string, id: unknown): boolean;
}

export interface CallContext {
  protocol: 'ws' | 'http';
  /** The caller's connection: methods that act on one of its subscriptions (chainHead_v1_*) look it up here. */
  session?: ConnectionHandle;
  /** Runs `fn` once this call's response is on the wire (notifications it causes must come after it). */
  afterResponse?(fn: () => void): void;
}

export type MethodHandler = (params: Params, ctx: CallContext) => unknown;

/** Where a subscription sends its items; items sent before the subscribe response are held until then. */
export interface SubscriptionSink {
  /** The subscription id the client gets. */
  readonly id: string;
  send(result: unknown): void;
  /** Ends the subscription from the server side (e.g. a watched transaction was finalized). */
  end(): void;
}

export interface SubscriptionDefinition {
  /** Notification method name, e.g. `chain_newHead`. */
  notification: string;
  unsubscribe: readonly string[];
  /** Validates params (throw `RpcError`) and starts; returns what stops it. */
  subscribe(params: Params, sink: SubscriptionSink, ctx: CallContext): (() => void) | Promise<() => void>;
}

export class RpcModule {
  readonly methods = new Map<string, MethodHandler>();
  readonly subscriptions = new Map<string, SubscriptionDefinition>();
  readonly unsubscribes = new Map<string, string>();

  method(names: string | readonly string[], handler: MethodHandler): this {
    for (const name of typeof names === 'string' ? [names] : names) this.methods.set(name, handler);
    return this;
  }

  subscription(names: readonly string[], definition: SubscriptionDefinition): this {
    for (const name of names) this.subscriptions.set(name, definition);
    for (const name of definition.unsubscribe) this.unsubscribes.set(name, definition.notification);
    return this;
  }

  merge(other: RpcModule): this {
    for (const [k, v] of other.methods) this.methods.set(k, v);
    for (const [k, v] of other.subscriptions) this.subscriptions.set(k, v);
    for (const [k, v] of other.unsubscribes) this.unsubscribes.set(k, v);
    return this;
  }

  /** All method names, sorted (what `rpc_methods` lists). */
  names(): string[] {
    return [...this.methods.keys(), ...this.subscriptions.keys(), ...this.unsubscribes.keys()].sort();
  }
}

/** Param helpers: each throws -32602 with a description when the client sent something else. */
export function param(params: Params, index: number): unknown {
  return params[index] ?? undefined;
}

export function requireParam(params: Params, index: number, what: string): unknown {
  const value = params[index];
  if (value === undefined || value === null) throw invalidParams(`missing parameter ${index} (${what})`);
  return value;
}
