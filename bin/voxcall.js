#!/usr/bin/env node
// The `voxcall` command of the package: runs the TypeScript CLI through tsx (a dependency), so
// there is no build step between a checkout and a working command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
