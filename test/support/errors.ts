/** Returns what `run` throws (or rejects with), so tests assert on the error's class and `code`, not its text. */
export function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, and it returned normally');
}

/** Async variant of captureError. */
export async function captureRejection(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, and it resolved');
}
