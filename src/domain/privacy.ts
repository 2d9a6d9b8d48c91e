// Privacy numbers (AXB, AX; docs/privacy-numbers.md): an app's number pools of X numbers, and the
// bindings that put two parties (AXB) or one (AX) behind an X, so that neither sees the other's
// real number. Times are milliseconds since the Unix epoch (UTC).

/** A pool of X numbers of one app; its id is the vsp push's numberPoolNo. */
export interface NumberPool {
  poolId: string;
  appKey: string;
  name?: string;
  createdAt: number;
}

/** One X number of a pool: a display number of the same app. */
export interface PoolNumber {
  number: string;
  poolId: string;
  appKey: string;
  /** City / area code (digits, e.g. `755`): what a binding may ask its X by. */
  areaCode?: string;
  addedAt: number;
}

export type BindingKind = 'AXB' | 'AX';

/** active: routes calls; unbound: deleted by the app; expired: its expiry passed (swept). */
export type BindingState = 'active' | 'unbound' | 'expired';

/** What the callee sees (vsp callDisplayType): 1 the X number, 2 the caller's real number. */
export type DisplayType = 1 | 2;

export interface Binding {
  /** The vsp push's subscriptionId. */
  subscriptionId: string;
  appKey: string;
  poolId: string;
  kind: BindingKind;
  x: string;
  a: string;
  /** AXB only: AX has no B (the app names the callee per call). */
  b?: string;
  state: BindingState;
  /** Absent: never expires. */
  expiresAt?: number;
  record: boolean;
  /** Minutes a call of the binding may last; 0 = no limit. */
  maxDuration: number;
  displayType: DisplayType;
  userData?: string;
  /** The app's own id of the bind request (idempotency). */
  requestId?: string;
  createdAt: number;
  updatedAt: number;
  endedAt?: number;
}

/**
 * vsp secretCallType of a privacy call (docs/privacy-numbers.md): 10 A calls B through X, 11 B
 * calls A through X, 20 another number calls A through an AX X, 21 A calls out through its AX X.
 */
export type SecretCallType = 10 | 11 | 20 | 21;

/** What a call's record keeps of its binding: what the vsp pushes report (serviceType 200). */
export interface PrivacyFacts {
  kind: BindingKind;
  poolId: string;
  subscriptionId: string;
  x: string;
  a: string;
  /** AXB: the binding's B; AX: the callee of this call (the app named it), once known. */
  b?: string;
  /** 0: a call to X the binding rule refused (a third party): no binding is the caller's, `a` is empty. */
  secretCallType: SecretCallType | 0;
  displayType: DisplayType;
  userData?: string;
  /** A refused third party's number (secretCallType 0): the vsp caller. */
  caller?: string;
}
