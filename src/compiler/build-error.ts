/**
 * A build that cannot go on, for a reason the operator can fix (a missing folder, an output folder
 * that is not ours, a full disk): one line to print, no stack trace. The last good build is kept.
 */
export class BuildError extends Error {
  override name = "BuildError";
}

/** The one line for a failed build: the message of a `BuildError` or of a file-system error, else the stack. */
export function describeBuildFailure(e: unknown): string {
  if (e instanceof BuildError) return e.message;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code && e instanceof Error) return e.message;
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
