#!/usr/bin/env node
/** `expertnet-validator`: not implemented yet (see the validator issue). */
process.stderr.write('expertnet-validator: not yet implemented\n');
process.exit(1);
