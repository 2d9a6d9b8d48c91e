// `npm start`: the whole platform on one machine: SQLite in VOXCALL_DATA_DIR, the simulated network.

import { loadConfig } from './config.js';
import { TEST_PREFIX } from './network/simulated/rules.js';
import { startPlatform } from './platform/platform.js';

const config = loadConfig();
const platform = await startPlatform({ config });
const { demo } = platform;

// The banner is for the person who ran `npm start`; it goes to stdout, never into the logs.
process.stdout.write(
  [
    '',
    `voxcall is listening on ${platform.url}`,
    `  data:             ${config.dataDir}`,
    `  network speed:    x${config.networkSpeed}`,
    `  management API:   ${platform.url}/v1 (docs: ${platform.url}/docs)`,
    `    admin token:    ${config.adminToken ? '(the one in VOXCALL_ADMIN_TOKEN)' : platform.adminToken}`,
    '  demo app (every capability, recording on):',
    `    app key:        ${demo.appKey}`,
    `    app secret:     ${config.demo.appSecret ? "(the one in VOXCALL_DEMO_APP_SECRET)" : demo.appSecret}`,
    `    display numbers ${demo.displayNumbers.join(', ')}`,
    `  test callees:     ${TEST_PREFIX}01 .. ${TEST_PREFIX}09 (README lists what each does)`,
    platform.recovered ? `  recovered ${platform.recovered} call(s) a previous run left in progress` : '',
    '',
  ].filter((l, i, all) => l !== '' || i === 0 || i === all.length - 1).join('\n') + '\n',
);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    platform.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
