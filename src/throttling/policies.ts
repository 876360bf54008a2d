// How hard each form pushes back. Numbers follow OWASP's guidance: a person who mistypes never notices;
// a guesser gets a handful of tries an hour from one network.
import type { ThrottlePolicy } from './attempt-throttle.js';

const MINUTE = 60;
const HOUR = 3600;

export const SIGN_IN_POLICY: ThrottlePolicy = {
  consecutive: { max: 10, windowSeconds: HOUR, blockSeconds: 15 * MINUTE },
  delay: { after: 3, maxSeconds: 30 },
  perSubject: { max: 50, windowSeconds: HOUR, blockSeconds: 15 * MINUTE },
  perIp: { max: 100, windowSeconds: HOUR, blockSeconds: HOUR },
};

/** The 6-digit code of a login verification (each verification also dies after 5 wrong codes). */
export const VERIFICATION_CODE_POLICY: ThrottlePolicy = {
  consecutive: { max: 10, windowSeconds: HOUR, blockSeconds: 15 * MINUTE },
  delay: { after: 3, maxSeconds: 30 },
  perSubject: { max: 20, windowSeconds: HOUR, blockSeconds: HOUR },
  perIp: { max: 100, windowSeconds: HOUR, blockSeconds: HOUR },
};

/** 'Forgot password?' requests: every request counts, found account or not. */
export const PASSWORD_RESET_REQUEST_POLICY: ThrottlePolicy = {
  consecutive: { max: 5, windowSeconds: HOUR, blockSeconds: HOUR },
  delay: { after: 2, maxSeconds: 60 },
  perSubject: { max: 10, windowSeconds: HOUR, blockSeconds: HOUR },
  perIp: { max: 30, windowSeconds: HOUR, blockSeconds: HOUR },
};

/** Links that do not work (unknown, used or expired) on the reset and activation pages, per IP. */
export const LINK_POLICY: ThrottlePolicy = {
  consecutive: { max: 20, windowSeconds: HOUR, blockSeconds: HOUR },
  delay: { after: 10, maxSeconds: 30 },
  perSubject: { max: 1000, windowSeconds: HOUR, blockSeconds: HOUR },
  perIp: { max: 40, windowSeconds: HOUR, blockSeconds: HOUR },
};

/** Wrong user codes at /device (the device authorization grant), per address: the address is the subject too. */
export const DEVICE_CODE_POLICY: ThrottlePolicy = {
  consecutive: { max: 10, windowSeconds: HOUR, blockSeconds: 15 * MINUTE },
  delay: { after: 5, maxSeconds: 10 },
  perSubject: { max: 30, windowSeconds: HOUR, blockSeconds: HOUR },
  perIp: { max: 30, windowSeconds: HOUR, blockSeconds: HOUR },
};
