/** The time, passed in wherever an expiry is checked, so that tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const epochSeconds = (clock: Clock) => Math.floor(clock.now().getTime() / 1000);
