// `npm start`: the whole platform on one machine: SQLite in VOXCALL_DATA_DIR, the simulated network
// (or a SIP trunk with VOXCALL_NETWORK=sip). VOXCALL_ROLE=api or dispatcher starts one part of it,
// as a node sharing the store with others (docs/cluster.md).

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from './config.js';
import { TEST_PREFIX } from './network/simulated/rules.js';
import type { Platform } from './platform/platform.js';
import { runsCalls, startNode, type VoxcallNode } from './platform/node.js';
import { describeStore } from './store/open.js';
import { dataDirTaken, startFailure } from './platform/start-errors.js';
import { drainTimeoutMs } from './platform/drain.js';
import { readServerFile, SERVER_FILE } from './platform/server-file.js';

/** A start the user can fix by a setting ends with one line naming it, not a stack trace. */
function refuse(line: string): never {
  process.stderr.write(`voxcall: ${line}\n`);
  process.exit(1);
}

let config: Config | undefined;
let platform: VoxcallNode;
let drainMs: number;
try {
  config = loadConfig();
  drainMs = drainTimeoutMs();
  const taken = dataDirTaken(config.dataDir, config.node.role);
  if (taken) refuse(taken);
  platform = await startNode({ config });
} catch (err) {
  const line = startFailure(err, config);
  if (line === undefined) throw err;
  refuse(line);
}

/** The simulated world's speed and test callees, or the SIP trunk and how it answered. */
function networkLines(c: Config, p: Platform): string[] {
  if (c.network.kind === 'sip') {
    const h = p.network.health();
    return [`  network:          SIP trunk ${c.network.sip.trunk}, listening on ${c.network.sip.listen.address}:${c.network.sip.listen.port} (${h.state}${h.detail ? `: ${h.detail}` : ''})`];
  }
  return [`  network:          simulated, speed x${c.networkSpeed}`, `  test callees:     ${TEST_PREFIX}01 .. ${TEST_PREFIX}09 (README lists what each does)`];
}

/** The call side's lines: network, management API, demo app, recovered calls. */
function callLines(c: Config, p: Platform): string[] {
  const { demo } = p;
  return [
    ...networkLines(c, p),
    `  console:          ${p.url}/console/ (sign in with the admin token)`,
    `  management API:   ${p.url}/v1 (docs: ${p.url}/docs)`,
    `    admin token:    ${c.adminToken ? '(the one in VOXCALL_ADMIN_TOKEN)' : p.adminToken}`,
    '  demo app (every capability, recording on):',
    `    app key:        ${demo.appKey}`,
    `    app secret:     ${c.demo.appSecret ? "(the one in VOXCALL_DEMO_APP_SECRET)" : demo.appSecret}`,
    `    display numbers ${demo.displayNumbers.join(', ')}`,
    p.recovered ? `  recovered ${p.recovered} call(s) a previous run left in progress` : '',
  ];
}

/** A dispatcher's lines: what it serves instead. */
function dispatcherLines(c: Config, p: VoxcallNode): string[] {
  return [
    `  serves:           ${p.url}/health and ${p.url}/metrics only (push delivery; no call or management API)`,
    `    admin token:    ${c.adminToken ? '(the one in VOXCALL_ADMIN_TOKEN)' : p.adminToken} (for /metrics)`,
  ];
}

// SIGTERM (an orchestrator, systemd, a deploy) drains: /ready answers 503 at once, new calls are
// refused, calls in progress get VOXCALL_DRAIN_TIMEOUT_S to end. SIGINT (Ctrl-C) closes at once,
// ending the calls in progress by the network. A second signal while either runs exits at once:
// the calls left are ended by another node's sweep or by this node's restart (docs/cluster.md).
let stopping = false;
const finish = (stop: Promise<void>) =>
  stop.then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
// Exiting at once still takes this node's server.json with it (a second SIGTERM may come from the
// same stop: npm passes the signal on and may send it again): the CLI must not find a dead server.
const exitNow = () => {
  const mine = readServerFile(config.dataDir);
  if (mine?.pid === process.pid) rmSync(join(config.dataDir, SERVER_FILE), { force: true });
  process.exit(1);
};
process.on('SIGTERM', () => {
  if (stopping) exitNow();
  stopping = true;
  void finish(platform.drain(drainMs));
});
process.on('SIGINT', () => {
  if (stopping) exitNow();
  stopping = true;
  void finish(platform.close());
});

// The banner is for the person who ran `npm start`; it goes to stdout, never into the logs. It is
// written after the signal handlers are in place: whoever reads it may stop the server at once, and
// a SIGTERM before Node has a listener kills the process outright, leaving server.json behind.
process.stdout.write(
  [
    '',
    `voxcall is listening on ${platform.url}`,
    `  node:             ${config.node.id}, role ${config.node.role}${config.node.stable ? '' : ' (id generated for this run: set VOXCALL_NODE_ID to keep one)'}`,
    `  data:             ${config.dataDir}`,
    `  store:            ${describeStore(config)}`,
    ...(runsCalls(platform) ? callLines(config, platform) : dispatcherLines(config, platform)),
    '',
  ].filter((l, i, all) => l !== '' || i === 0 || i === all.length - 1).join('\n') + '\n',
);

