/** "Now", injected. Nothing in the signing core reads the system clock; the edges default to this. */

/** A source of the current time. */
export type Clock = () => Date;

/** The system clock. */
export const systemClock: Clock = () => new Date();

/**
 * A clock shifted by `offsetMs`, e.g. after a service answered `RequestTimeTooSkewed`.
 * @example const serverClock = offsetClock(systemClock, serverDate.getTime() - Date.now());
 */
export function offsetClock(base: Clock, offsetMs: number): Clock {
  return () => new Date(base().getTime() + offsetMs);
}
