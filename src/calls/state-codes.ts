// The hangup reasons (reference 7.1) voxcall produces, with the stateDesc sent beside them.
// stateDesc is String(1-28) in reference 4.4, so every description fits in 28 characters.

export const STATE = {
  normal: 0,
  internalError: 8000,
  notConnected: 8001,
  ringTimeout: 8003,
  hungUpWhileRinging: 8004,
  ttsFailed: 8005,
  voiceFileMissing: 8006,
  collectFailed: 8008,
  callerHungUpBeforeAnswer: 8009,
  maxDuration: 8010,
  releasedByCustomer: 8017,
  serviceException: 8020,
} as const;

/** Disconnection points (reference 7.3) used beside the failure table of network/outcomes.ts. */
export const POINT = {
  normal: 0,
  noDigits: 100,
  voiceFileMissing: 524,
  callerHungUpBeforeForward: 530,
  /** 518: the far side failed the call; the leg's Q.850 cause says how (a network drop). */
  remoteFailed: 518,
  callerHungUpWhileRemoteRinging: 552,
  callerHungUpBeforeRemoteRinging: 553,
  internalError: 8000,
  ttsFailed: 8005,
  maxDuration: 8010,
  releasedByCustomer: 8017,
} as const;

const DESC: Record<number, string> = {
  0: 'The user releases the call.',
  8000: 'Internal error.',
  8001: 'User not connected.',
  8003: 'User ringing timed out.',
  8004: 'User hung up while ringing.',
  8005: 'TTS conversion failed.',
  8006: 'Voice file does not exist.',
  8008: 'Digit collection failed.',
  8009: 'Caller hung up before answer',
  8010: 'Max call duration reached.',
  8017: 'Released by the customer.',
  8020: 'Service exception.',
  8100: 'Callee number does not exist',
  8101: 'Callee did not answer.',
  8102: 'Callee is busy.',
  8103: 'Callee is unreachable.',
  8104: 'Callee is powered off.',
  8105: 'Callee hung up or suspended.',
};

export function stateDesc(stateCode: number): string {
  return DESC[stateCode] ?? `Hangup reason ${stateCode}.`;
}

export const STATE_DESCRIPTIONS: Readonly<Record<number, string>> = DESC;
