#!/usr/bin/env node
/** `expertnet-chain`: placeholder until the dev chain lands. */
process.stderr.write('expertnet-chain: not yet implemented\n');
process.exit(1);
