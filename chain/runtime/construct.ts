/**
 * Assembles pallet definitions into a runtime (FRAME's `construct_runtime!`): the outer RuntimeCall,
 * RuntimeEvent and RuntimeError enums (variant index = pallet index), call lookup, declared weights.
 */
import { RuntimeError } from './errors.js';
import type { CallDef, DispatchContext, PalletDef } from './pallet.js';
import type { DispatchClassName } from './scale/substrate.js';
import { type EnumValue, enumOf, lazy, type Ty, type VariantSpec } from './scale/ty.js';

export const RUNTIME_CRATE = 'expertnet_runtime';

export interface CallInfo {
  weight: bigint;
  class: DispatchClassName;
  paysFee: boolean;
}

export interface ConstructedRuntime {
  readonly pallets: readonly PalletDef[];
  readonly call: Ty<EnumValue>;
  readonly event: Ty<EnumValue>;
  readonly error: Ty<EnumValue>;
  /** Per pallet (by name): its Call / Event / Error enum types. */
  readonly palletCall: Map<string, Ty<EnumValue>>;
  readonly palletEvent: Map<string, Ty<EnumValue>>;
  readonly palletError: Map<string, Ty<EnumValue>>;
  callDef(call: EnumValue): { pallet: PalletDef; def: CallDef; args: unknown };
  infoOf(call: EnumValue): CallInfo;
}

/** A reference to the RuntimeCall type, for pallets whose calls contain calls (sudo, utility). */
export interface CallRef {
  ty: Ty<EnumValue>;
  resolve(target: Ty<EnumValue>): void;
}

export function callRef(): CallRef {
  let target: Ty<EnumValue> | undefined;
  return {
    ty: lazy(() => {
      if (!target)
        throw new RuntimeError({ code: 'DEFINITION', reason: 'RuntimeCall used before construction' });
      return target;
    }),
    resolve: (t) => {
      target = t;
    },
  };
}

const hidden = 'self::sp_api_hidden_includes_construct_runtime::hidden_include::dispatch';

export function constructRuntime(pallets: PalletDef[], ref: CallRef): ConstructedRuntime {
  const seen = new Set<number>();
  for (const p of pallets) {
    if (seen.has(p.index))
      throw new RuntimeError({ code: 'DEFINITION', reason: `duplicate pallet index ${p.index}` });
    seen.add(p.index);
  }
  const byName = new Map(pallets.map((p) => [p.name, p]));
  const palletCall = new Map<string, Ty<EnumValue>>();
  const palletEvent = new Map<string, Ty<EnumValue>>();
  const palletError = new Map<string, Ty<EnumValue>>();
  const callVariants: Record<string, VariantSpec> = {};
  const eventVariants: Record<string, VariantSpec> = {};
  const errorVariants: Record<string, VariantSpec> = {};

  for (const p of pallets) {
    const generic = { params: [{ name: 'T' }] };
    if (p.calls && Object.keys(p.calls).length > 0) {
      const variants: Record<string, VariantSpec> = {};
      for (const [name, c] of Object.entries(p.calls))
        variants[name] = { index: c.index, fields: c.args, docs: c.docs };
      const ty = enumOf(`${p.crate}::pallet::Call`, variants, {
        ...generic,
        docs: ['Contains a variant per dispatchable extrinsic that this pallet has.'],
      });
      palletCall.set(p.name, ty);
      callVariants[p.name] = {
        index: p.index,
        fields: { ty, typeName: `${hidden}::CallableCallFor<${p.name}, Runtime>` },
      };
    }
    if (p.events && Object.keys(p.events).length > 0) {
      const ty = enumOf(`${p.crate}::pallet::Event`, p.events, {
        ...generic,
        docs: ['The `Event` enum of this pallet'],
      });
      palletEvent.set(p.name, ty);
      eventVariants[p.name] = { index: p.index, fields: { ty, typeName: `${p.crate}::Event<Runtime>` } };
    }
    if (p.errors && Object.keys(p.errors).length > 0) {
      const variants: Record<string, VariantSpec> = {};
      for (const [name, e] of Object.entries(p.errors)) variants[name] = { index: e.index, docs: e.docs };
      const ty = enumOf(`${p.crate}::pallet::Error`, variants, {
        ...generic,
        docs: ['The `Error` enum of this pallet.'],
      });
      palletError.set(p.name, ty);
      errorVariants[p.name] = { index: p.index, fields: { ty, typeName: `${p.crate}::Error<Runtime>` } };
    }
  }

  const call = enumOf(`${RUNTIME_CRATE}::RuntimeCall`, callVariants);
  const event = enumOf(`${RUNTIME_CRATE}::RuntimeEvent`, eventVariants);
  const error = enumOf(`${RUNTIME_CRATE}::RuntimeError`, errorVariants);
  ref.resolve(call);

  const callDef = (c: EnumValue) => {
    const pallet = byName.get(c.tag);
    const inner = c.value as EnumValue | undefined;
    const calls = pallet?.calls;
    const def =
      inner && calls !== undefined && Object.hasOwn(calls, inner.tag) ? calls[inner.tag] : undefined;
    if (!pallet || !def || !inner) {
      throw new RuntimeError({
        code: 'BAD_INPUT',
        what: 'call',
        reason: `unknown call ${c.tag}.${inner?.tag}`,
      });
    }
    return { pallet, def, args: inner.value };
  };

  const infoCtx: Pick<DispatchContext, 'infoOf'> = { infoOf: (c) => infoOf(c) };
  function infoOf(c: EnumValue): CallInfo {
    const { def, args } = callDef(c);
    const cls = typeof def.class === 'function' ? def.class(args, infoCtx) : (def.class ?? 'Normal');
    return { weight: def.weight(args, infoCtx), class: cls, paysFee: def.paysFee ?? true };
  }

  return { pallets, call, event, error, palletCall, palletEvent, palletError, callDef, infoOf };
}
