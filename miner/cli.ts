#!/usr/bin/env node
/** `expertnet-miner`: not implemented yet (see the miner issue). */
process.stderr.write('expertnet-miner: not yet implemented\n');
process.exit(1);
