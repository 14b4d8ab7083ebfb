import { compactFromU8aLim } from '@polkadot/util';

/**
 * Public test vectors for the Substrate trie, with their provenance. Strings are UTF-8 bytes.
 */

/** blake2_256(0x00): sp-trie's empty root, also in the Polkadot spec. */
export const EMPTY_ROOT = '0x03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314';

/**
 * Substrate `sp-state-machine` (`basic.rs`/`ext.rs` `commit_should_work`, `StateVersion::default()`)
 * and gossamer's port (`TestOverlayedStorageRootWorks`, V1) — all values < 33 bytes, so V0 = V1.
 */
export const SUBSTRATE_STATE_ROOTS: { entries: [string, string][]; root: string }[] = [
  {
    entries: [
      ['doe', 'reindeer'],
      ['dog', 'puppy'],
      ['dogglesworth', 'cat'],
    ],
    root: '0x39245109cef3758c2eed2ccba8d9b370a917850af3824bc8348d505df2c298fa',
  },
  {
    entries: [
      ['doe', 'reindeer'],
      ['dog', 'puppy'],
      ['dogglesworth', 'cat'],
      ['doug2', 'yes'],
    ],
    root: '0x5c0a4e35cb967de785e1cb8743e6f24b6ff6d45155317f2078f6eb3fc4ff3e3d',
  },
];

/** gossamer `pkg/trie` `Test_Version_Root`: a 39-byte value makes V0 and V1 roots differ. */
export const VERSIONED_ROOTS = {
  entries: [
    ['key1', 'value1'],
    ['key2', 'value2'],
    ['key3', 'verylargevaluewithmorethan32byteslength'],
  ] as [string, string][],
  v0: '0x71052d48704658a8435fb9cbc7ef69c75dad2f64001cb30bfa010f7d609e2657',
  v1: '0x6a4a732757263bf2bc4e03a341e3f8ea635f78996ec06a6a965d5097a2911c29',
};

/**
 * W3F Polkadot Host conformance suite (`w3f/polkadot-tests`, fixtures/host-api: HostApiInputs.jl /
 * HostApiOutputs.jl). V0 roots: `ext_default_child_storage_root_version_1` after two sets,
 * `ext_trie_blake2_256_root_version_1` over three pairs and `ext_trie_blake2_256_ordered_root_version_1`.
 */
export const HOST_API_TWO_PAIR_ROOTS: { entries: [string, string][]; root: string }[] = [
  {
    entries: [
      ['static', 'Inverse'],
      ['even-keeled', 'Future-proofed'],
    ],
    root: '0xe04eb753bc044436c6624b2062f7ad2be3bf19c62ed6f10aa2d7ee2586828cd5',
  },
  {
    entries: [
      ['function', 'Horizontal'],
      ['Face to face', 'Expanded'],
    ],
    root: '0xe563e5520daa936c3629783df1390428bf1a57bf2ea2e30d26efe54bd225e706',
  },
  {
    entries: [
      ['Integrated', 'portal'],
      ['budgetary management', 'pricing structure'],
    ],
    root: '0x10577651a2a8b02fa35d6aaed6e9cdceb26db2bf76746b4135401dd9fa4661d5',
  },
  {
    entries: [
      ['non-based', 'Monitored'],
      ['non-volatile', 'emulation'],
    ],
    root: '0x532931bf9fab64b045404c3ef1f6098c239a57120dc6a868c387aff2460d0353',
  },
  {
    entries: [
      ['productivity', 'secondary'],
      ['Total', 'Visionary'],
    ],
    root: '0x0150b3380992a8ac69f31a7d78de314e021b5d2d5db8e2128deda8b37fedcfde',
  },
  {
    entries: [
      ['Exclusive', 'next generation'],
      ['concept', 'approach'],
    ],
    root: '0xf4dd4421a4830b4d5f4bfb3894b747d07a25c5436c9db4147dda7f7b1cc4ae20',
  },
  {
    entries: [
      ['disintermediate', 'Grass-roots'],
      ['policy', 'function'],
    ],
    root: '0x9c4268aac75479a264b4b293c828bf3f23823326c173ed87ca63130e406ae5ec',
  },
  {
    entries: [
      ['contingency', 'value-added'],
      ['context-sensitive', 'Configurable'],
    ],
    root: '0x803205f7b32b7aadcf4955a2f934a065060da645a45c817f26c90025f8e4a978',
  },
  {
    entries: [
      ['human-resource', 'Reactive'],
      ['hardware', 'Automated'],
    ],
    root: '0x41d7e4e8d2198d42c00a753db0f11dde0d2288ce0d148a83e9e774eafbf17584',
  },
  {
    entries: [
      ['Optional', 'secondary'],
      ['object-oriented', 'toolset'],
    ],
    root: '0x3b71375a64a94627d03b257d2d2538474ac0263c0a5e6872d848ce6889092e15',
  },
];

export const HOST_API_TRIE_ROOTS: { entries: [string, string][]; root: string }[] = [
  {
    entries: [
      ['static', 'Inverse'],
      ['even-keeled', 'Future-proofed'],
      ['static', 'even-keeled'],
    ],
    root: '0x1192e3ed48d28fba2eeae885fa367c535eca6a149eafad982265586902783d4f',
  },
  {
    entries: [
      ['function', 'Horizontal'],
      ['Face to face', 'Expanded'],
      ['function', 'Face to face'],
    ],
    root: '0x92aafcf31cc2012d7467fa96b47caa389762ef02e97c27c30484a7ffd4b3780e',
  },
  {
    entries: [
      ['Integrated', 'portal'],
      ['budgetary management', 'pricing structure'],
      ['Integrated', 'budgetary management'],
    ],
    root: '0xcbb9ff2393a9c8ce46f3592532f4c181339eedf979836e5d45b318633030a79e',
  },
  {
    entries: [
      ['non-based', 'Monitored'],
      ['non-volatile', 'emulation'],
      ['non-based', 'non-volatile'],
    ],
    root: '0x0ef6df228337099e666d402089c65e4c1d793ae0076dee4730baeb58404b0e16',
  },
  {
    entries: [
      ['productivity', 'secondary'],
      ['Total', 'Visionary'],
      ['productivity', 'Total'],
    ],
    root: '0x7ab4224ead96acf2282852d7bdfa71aac9c135ecb718024ff7fe15b19d4ab227',
  },
  {
    entries: [
      ['Exclusive', 'next generation'],
      ['concept', 'approach'],
      ['Exclusive', 'concept'],
    ],
    root: '0xad2c33c6536d547f60a5947588e9bc953804a29b219a5692b7ed0e921d34c588',
  },
  {
    entries: [
      ['disintermediate', 'Grass-roots'],
      ['policy', 'function'],
      ['disintermediate', 'policy'],
    ],
    root: '0xc1029b1ceb237b33f1d1e99c82e8d00c687342ae373474d3d7f0ed0f3f278cd6',
  },
  {
    entries: [
      ['contingency', 'value-added'],
      ['context-sensitive', 'Configurable'],
      ['contingency', 'context-sensitive'],
    ],
    root: '0xcff475bc0c4aa0344ce0e0966415123ac4ef541122b1365be0884a3713c020cd',
  },
  {
    entries: [
      ['human-resource', 'Reactive'],
      ['hardware', 'Automated'],
      ['human-resource', 'hardware'],
    ],
    root: '0xb21b406c9f9c96bb84e2d890ec6d0212e5422f9098777f090cd9a90e510cf92c',
  },
  {
    entries: [
      ['Optional', 'secondary'],
      ['object-oriented', 'toolset'],
      ['Optional', 'object-oriented'],
    ],
    root: '0xf81f2b3e8d50e95b706066afa4a9b07dfddeb89d1c3e8c4eb054d33a3de3b9bf',
  },
];

export const HOST_API_ORDERED_ROOTS: { values: string[]; root: string }[] = [
  {
    values: ['static', 'even-keeled', 'Future-proofed'],
    root: '0xd847b86d0219a384d11458e829e9f4f4cce7e3cc2e6dcd0e8a6ad6f12c64a737',
  },
  {
    values: ['Inverse', 'Face to face', 'Expanded'],
    root: '0xea32273c604a609a83979acc5dc5c19d91112967c5690d660684118fac03d087',
  },
  {
    values: ['even-keeled', 'budgetary management', 'pricing structure'],
    root: '0x72b6aa1f07895b3276e215b192335b982268922f4e2973b3bab13102766a597c',
  },
  {
    values: ['Future-proofed', 'non-volatile', 'emulation'],
    root: '0x40f7e12565410189f5026d2d2c187fd60aa47cf943ae935cbda49e3b03fc1893',
  },
  {
    values: ['function', 'Total', 'Visionary'],
    root: '0xf0b164f7a50de01338d0f0a8dae9e3806b72359e1b3bc9b38b1140172d1952a0',
  },
  {
    values: ['Horizontal', 'concept', 'approach'],
    root: '0x922c3f9be4104e40daf22e249014ee0acd3e78870644cc131ce3107f6785e6c8',
  },
  {
    values: ['Face to face', 'policy', 'function'],
    root: '0x652a6f8ecb5cf7f8ba6ba9390ba2bc2978d173c537954af52fcf6a1c72989cbf',
  },
  {
    values: ['Expanded', 'context-sensitive', 'Configurable'],
    root: '0x319fc284ac8e2d626ddec7b2e05948177ee2d8b3bb43820608e3faeab7c6e2b2',
  },
  {
    values: ['Integrated', 'hardware', 'Automated'],
    root: '0xaebac639ed629d66bdaae654454518b85274cf613e6100d1aa5c86996763ca11',
  },
  {
    values: ['portal', 'object-oriented', 'toolset'],
    root: '0xfd61ef3767be4899488dc3331726f3b9abaae1fc08532327631ece6198686e25',
  },
];

/**
 * A real read proof from the Polkadot genesis state (V0), from smoldot's
 * `lib/src/trie/proof_decode/tests.rs`: SCALE `Vec<Vec<u8>>` of 6 nodes, its state root, and what the
 * proof answers there.
 */
export const POLKADOT_GENESIS_PROOF = {
  proof: `0x${[
    '18d47d01542596adb05d6140c170ac479edf7cfd5aa35357590acfe5d11a804d944e500d1456fdda7b8ec7f9e5c794cd8319',
    '4f0593e4ea3505803f93804e4c6c4222b747e507008ef1def063bb0d2deeadf17ef4b10e71624d3a0cf81c80241f2c06f22e',
    'c58968fb68d432319e25e6c8faa3ad2c5ca9ee48f2e8ed158e2480ad8a68234932269846bc40240a47cfd8d8857b1d81e167',
    'bfb24c947a4cdad9e680c84590e39f8b79a2694ad2bf7e7258af686b472f38b064bbce7d08404931a430805c72f25b1b6304',
    'd16667e2766fa1a906cb081788eb4502787df7c3597412b17b806e21c5f1a24a196615b4e5b36d21280cdcc80098c1e2bce8',
    'eeaf301e9951767480424f1acd80ba074a2ce8d180bf3488a5ca91cb81fba96c8c3c1d33eacbb18160805e849d5c148ca361',
    'a55a2c9b384e17ce919e936ccb8011a4f72504e9f93db8cd80edd005a1495c70250d77f81c24c15a9919f034f7983df8e505',
    'e53a5af7b402138012a0dd90497b65312bda67ea15996578eeb3891bca8666951a326612418e3143b10480555d8043fb497c',
    '1b2a7b9e4feb59f410c1a29e28b2a628ff9c6003e080f6b9fadd95f9806e8d911b6818038eb7c8534af8e78e9920a1ab8d93',
    '9c36d3e69b0a1e5928110b80ba4d3f543957f422b40c8e74af9de00acbeba8154afca57a7f80fbbcfebb1e4a803d1b8f5cf1',
    '788b294537b8fd2d34acec4646a7627c6cd3d2039af64ff5d1976d80e7620f21cf13964f29d34ba708c3b44ea45ea11c58fb',
    'bedda29d13470bc80ca080f98aae4f83d81bf15d88019e5c303d7c19d0524e84c714e05f61517cde0b138280d518faf566fd',
    'c4d045094abe372bb3bbecd4753f76db8c41ba9fc015558bf23a80908f991126d12ce7acd55508ff1e7dffa56f742401e181',
    '4fc1469658a78c7a7f8001b0a08da0c83253d5c0cb877286c062da2f530ae424fe2545377941fd016913350580b3a780a29f',
    'ac7f7dfae21d05d9506e7da6515b7fa1ad970ff876de35f1bec2599ec002805b6772dc6a4e7604c8d0652479f95b343607c2',
    'd9138c59eeb799d85bf43b6bbf803d12becb6a4b9919ddc7c5973d04eed7696c834f90c779fc1fcf7350ccc28d6b805f33eb',
    'cf191fddcf3b3f346ec336c105c74b40a4d35dfda0c592f2bea00084e980f764c733d6e35771a9b26a1fa86b9bec59742b04',
    '6f698be6c140af1073897d3d80cd3bc8c3ce3cf8359f7371a13316f02fd22b02a3d327684a2b61f4a47e0022b880da752afa',
    'eb925d5300e45b851052c5f8a9c5aae884f15d64764edf961b8b22c880bf1fa9c7e4c94340dbafd75cbe016c980d0e5d5b4e',
    '76823fa11e61629014c34b804f54a15e5d51d02b84e8cae94c9833ae81e56b8f0b684d257f6f722ee66cadf98094833fb2dc',
    'e8c78d443cd6786e0c01d8974a4b779c178ef5e66b49e021dd7f1ae1029f0c5d795d0297be56027a4b2464e33397609280f3',
    '32ff556abf5daf0d34523df7c8cd1369bcb6adbb23a48093bf070a9711bf3480382934134aa919b59c16ff8de8d97a7fdcc2',
    '448ea327b26f44005d756d1785878081d634140b36ce031c4b6c6266e2a7c19d9a88e38fdd8ad23abd3db20e714f6980fde1',
    '7041f22f09609d79dbe38dcccefcaac139c7a10fb23bd284c1c492b004fd80d287ad1d0ade65e64d3969f4ab85a370768160',
    '31438cea0bf8c33b7b2bc6c3308d089f03e6d3c1fb15805edfd024172ea4817dffff80152833e34a852e9751cfc0f954aeb8',
    '35e1f843936ba9979853a40e439937255f806a36e0ad23fb3224fff6e6db62048463a7f27ccb92f65b4e348acd5a7aa3a068',
    '8027b6e099c11581fb2e8acf3b6b94eaed442277b9a74ce7f922f6e3bf2959867b80fd0cc2c846db6a9ed19a715d6c3cd46a',
    '48b7f409883c70b2d4c978b306de379e80ab008a78c340f5cc75d99cdb905951936686445c834719be21f7620b950dcd5c80',
    '6d86af54d5dfb1c06f3fefdd5a430861c0d19e25fad4bad07c6e70d4a679f0b880f35edc5400b6661fb1e6fba7c599c8ba89',
    '1458d14400030fa506999a1972369f80746cdaa0b7da2e9c3864971f50f12d9b4281f804d5a2dba6ebe06959b2a9fb47802e',
    'cfde11456423c87fed8068f414a5ba44ebe3ae91b06d14cc231a78d4aba68e80f655291833a49cf23d057bb15c42d377c55d',
    '50f5885329060b0aaab22283cbb1808c95fb2b62baf30718b8330ef68a527c97c1bc9960304353224d8a8ae88a79d58045c1',
    'b6d9904ae171d573bdcebaa05142d81648bdbeb16ceeddc54a0ed15d3e2b80a8ea193282fe85b6481707091c77c9218ea19d',
    'e914e75950925fe86400fb0cb080c222ceab5355eaa41da807146f2e2df7ff648c3e8bbb6d8ee23274ba724551b18008f142',
    'dc3c59bf1151c829ecefea35919e80453db5e9669f5a73899aaa5166ee804f1d21fbdc0180c4de886bf40f91dfc2202b3eb6',
    'd42548d476908041dd617bb8',
  ].join('')}` as `0x${string}`,
  root: '0x29d0d972cd27cbc511e9589fcb7a4506d5eb6a9e8df205f00472e5ab354a4e17' as `0x${string}`,
  key: '0x9c5d795d0297be56027a4b2464e3339763e6d3c1fb15805edfd024172ea4817d7081542596adb05d6140c170ac479edf7cfd5aa35357590acfe5d11a804d944e' as `0x${string}`,
  value: '0x0d1456fdda7b8ec7f9e5c794cd83194f0593e4ea',
  /** The key plus one byte: the proof shows it absent. */
  absentKey:
    '0x9c5d795d0297be56027a4b2464e3339763e6d3c1fb15805edfd024172ea4817d7081542596adb05d6140c170ac479edf7cfd5aa35357590acfe5d11a804d944e25' as `0x${string}`,
  /** A key whose path leaves the proven part of the trie: the proof cannot answer for it. */
  unprovableKey: '0x9c5d795d0297be56027a4b2464e3339763e6d3c1fb15805edfd024172ea4817d7000' as `0x${string}`,
};

/** Splits a SCALE `Vec<Vec<u8>>`. */
export function decodeProofVec(encoded: Uint8Array): Uint8Array[] {
  let [offset, count] = compactFromU8aLim(encoded);
  const items: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const [read, length] = compactFromU8aLim(encoded.subarray(offset));
    offset += read;
    items.push(encoded.subarray(offset, offset + length));
    offset += length;
  }
  return items;
}

/** Deterministic PRNG (mulberry32) so randomised tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(random: () => number, length: number, alphabet = 256): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * alphabet);
  return out;
}
