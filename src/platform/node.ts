// Starts this process's role (VOXCALL_ROLE, docs/cluster.md): a platform with the call engine
// (all, api) or a dispatcher node.

import { startDispatcherNode, type DispatcherNode } from './dispatcher-node.js';
import { startPlatform, type Platform, type PlatformOptions } from './platform.js';

export type VoxcallNode = Platform | DispatcherNode;

/** Whether the node runs calls (roles all and api): it has an engine, a network, the call APIs. */
export function runsCalls(node: VoxcallNode): node is Platform {
  return node.node.role !== 'dispatcher';
}

export function startNode(opts: PlatformOptions): Promise<VoxcallNode> {
  return opts.config.node.role === 'dispatcher' ? startDispatcherNode(opts) : startPlatform(opts);
}
