/** A setting with a value voxcall cannot use: its message names the variable (printed without a stack). */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
