/** A FEEL evaluation failure: syntax, unknown variable or function, a non-JSON result, or an exceeded budget. */
export class FeelError extends Error {
  override readonly name: string = 'FeelError';
}
