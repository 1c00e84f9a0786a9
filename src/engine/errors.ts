/** The tool could not do its job because of what it was asked (bad arguments, root or config): exit 2, one line. */
export class UsageError extends Error {
  override name = 'UsageError';
}
