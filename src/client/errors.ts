/** The server answered something that is not the JSON the reference promises. */
export class VoxcallClientError extends Error {
  readonly status: number;
  /** The start of the body as received (at most 1 KiB), for diagnosis. */
  readonly bodyText: string;

  constructor(message: string, status: number, bodyText: string) {
    super(message);
    this.name = 'VoxcallClientError';
    this.status = status;
    this.bodyText = bodyText.slice(0, 1024);
  }
}
