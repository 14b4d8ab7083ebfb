/**
 * Reference data for the timelock tests, each with where it comes from. Nothing here was produced by
 * the code under test.
 */

/** Quicknet pulses, as subtensor's pallets/drand/src/tests.rs (`DRAND_PULSE`, round 1000) and
 * pallets/commitments/src/tests.rs (round 2000) carry them; drand serves them at `/public/<round>`. */
export const QUICKNET_PULSES = [
  {
    round: 1000n,
    signature:
      'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39',
    randomness: 'fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd',
  },
  {
    round: 2000n,
    signature:
      'b6cb8f482a0b15d45936a4c4ea08e98a087e71787caee3f4d07a8a9843b1bc5423c6b3c22f446488b3137eaca799c77e',
  },
] as const;

/**
 * Ciphertexts made by tle itself: `tle(sha256(round), message, sk, quicknetPk, 'bls12_381')` of
 * `@ideallabs/timelock_wasm_wrapper` 0.2.0-dev (tle's own wasm build, from before tle switched V/W to
 * fixed arrays, i.e. with the `Vec<u8>` header subtensor's pinned tle rev 5416406 has), encrypted to
 * quicknet's public key; the quicknet signatures above open them.
 */
export const TLE_VECTORS = [
  {
    name: 'text to round 1000',
    round: 1000n,
    plaintext: 'expertnet timelock vector: tle wasm -> ours',
    ciphertext:
      'add595dbd456c2715eb4feefe6b846edf0f234553813069085b1f5b8fec1eb76fd5d1e54ec11fa740970f783aa8e17ea0f12ee2e393bf2' +
      '9797619b2bd17edb4859f23b1ae61b5f917decac0c20dbd073d0f2bbe3f3115160af1b90e6b12936ea200000000000000009f4f1eabaf1' +
      '1ee2be5257ef8fd5a33520db44a583baf553af53ef9705d4f145200000000000000074dc6e9c7ec6058b6bbfac51a963a4f5d5874ea132' +
      '6a72d5b07bf03bddaff48657000000000000003b00000000000000eafc0f989ede1381873674e852bc53bf9cad183bde4e824569b90eb5' +
      '42633b6e0f96069526d3b09abd4e54838bc62d2272b00db20b5cc244630a2e0c00000000000000a58b094e876528496cfcedfa08000000' +
      '000000004145535f47434d5f',
  },
  {
    name: 'WeightsTlockPayload (SCALE by @polkadot/types) to round 2000',
    round: 2000n,
    // hotkey = Alice, uids [0, 1, 7, 255], values [65535, 0, 1234, 30000], version_key 843000
    plaintext:
      '80d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d10000001000700ff0010ffff0000d2043075f8dc0c0000000000',
    ciphertext:
      '89de8dcc58f22fbd97e0910abc442d14cbccb77f725ae0f541354f587db9673278b85bd4ea90008e46e5bf70921e142908f682df843b38' +
      '2df72536b32c393e4fef316bb1dae98bb708d7b511402b5e2d4c0ac2c00e7aaca19525a670245d348e2000000000000000b2eef071bd5d' +
      '63e51a38d787e3390e84f1a84140c564e3ac0a525ff10e3921eb2000000000000000cea8683ea9461708d72b2677cedf93cc9063d39122' +
      '52907b524c39c654afbe8567000000000000004b00000000000000b4c6f1b2a6ad5f994574a1a9dbc37c4eb69e3fc848c6e1c7790d1e1d' +
      '892d8e0928e9f66b4f827750bf4d72809fe3911ba04f998b361f1f5c5e46b9d316866ffe7ea24042b77c057d5754620c00000000000000' +
      'f4d9e25993f3be5733746bac08000000000000004145535f47434d5f',
  },
] as const;

/**
 * A commit the Bittensor SDK made on finney: the `commit` argument of a real
 * `SubtensorModule.commit_timelocked_mechanism_weights` extrinsic (call 0x0776, netuid 7, mecid 0,
 * reveal_round 32340463, commit_reveal_version 4) from finney block 9101269, as quoted in a public
 * signing-payload test. Quicknet's signature of round 32340463 is in no reference we have, so it is
 * checked for layout only (every field where the chain's decoder expects it, U a G2 point).
 */
export const FINNEY_COMMIT = {
  revealRound: 32340463n,
  ciphertext:
    'add79c4f91c9b56920e48e41d7de2bb50289966534371c16faa5a023d0052165283424fbb6f6b4121516acb75f50f2181301bd76c3df06e4' +
    '0409b293b2e4e6d4c5d29dfaf57239e2d21ec7a65f1fdd00905d91dee6baebc895c9deb76849c8cf2000000000000000ce281554cf945e' +
    'ba34e9159487c3fe6854f039ebfb99c23e56075b6782187c402000000000000000c6650336df21d47c5cbd05e202b072c38c7d9c7ff7da' +
    'd2ff9811ebddb41b3e7067000000000000004b0000000000000045f7265fea37fb03a04611dac062e06e03585ba9c05a17784e6a34efb1' +
    'a7f787b4b9e5c5dd615c1746f01a2806db82524a93f616fe8981c62ab4ec28fe9839b75d0608593f6f72aceaaca10c00000000000000f6' +
    'e30fc8e613b20200bf45fe08000000000000004145535f47434d5f',
} as const;

export function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'hex'));
}
