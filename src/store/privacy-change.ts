// A modify of a binding, decided the same way on both backends: the binding as it will be, and
// the party numbers that must not be bound on its X by another binding.

import type { Binding } from '../domain/privacy.js';
import type { BindingChange } from './privacy-repo.js';

export type Changed = { next: Binding; newParties: string[] } | { refused: 'ended' | 'same_parties' };

export function applyChange(cur: Binding, change: BindingChange, now: number): Changed {
  if (cur.state !== 'active' || (cur.expiresAt !== undefined && cur.expiresAt <= now)) return { refused: 'ended' };
  const next: Binding = { ...cur, updatedAt: now };
  if (change.a !== undefined) next.a = change.a;
  if (change.b !== undefined && cur.kind === 'AXB') next.b = change.b;
  if (change.expiresAt === null) delete next.expiresAt;
  else if (change.expiresAt !== undefined) next.expiresAt = change.expiresAt;
  if (change.record !== undefined) next.record = change.record;
  if (change.maxDuration !== undefined) next.maxDuration = change.maxDuration;
  if (change.displayType !== undefined) next.displayType = change.displayType;
  if (change.userData !== undefined) next.userData = change.userData;
  if (next.kind === 'AXB' && next.a === next.b) return { refused: 'same_parties' };
  const newParties = [next.a, next.b].filter((n): n is string => n !== undefined && n !== cur.a && n !== cur.b);
  return { next, newParties };
}
