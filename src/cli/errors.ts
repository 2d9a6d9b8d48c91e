// The CLI's one error: a refusal or a fault the user can act on, printed as one line.

export class CliError extends Error {
  override name = 'CliError';
}
