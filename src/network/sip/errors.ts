// The one error malformed SIP input raises: the transport counts and drops it, nothing else throws.

export class SipParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SipParseError';
  }
}
