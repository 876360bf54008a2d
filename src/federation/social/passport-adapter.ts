// Passport inside Koa, and only here: a strategy runs on a plain request object; its redirect is caught
// instead of written to a response; its state store is the sign-in flow we already keep.
import { Authenticator } from 'passport';
import type { Strategy } from 'passport';

import { FederationError } from '../federation-errors.js';
import type { SsoFlow } from '../sso-flows.js';
import type { SocialCallback, SocialProfile, SocialProvider, SocialProviderName } from './social-provider.js';

/** What a strategy sees of the request, and our flow riding along for the state store. */
interface PassportRequest {
  query: Record<string, string>;
  body: Record<string, string> | undefined;
  headers: Record<string, string>;
  flow: SsoFlow;
  keepVerifier?: (verifier: string) => Promise<void>;
}

/** A passport profile, as the strategies we use shape it. */
export interface PassportProfile {
  readonly id: string;
  readonly displayName?: string;
  readonly emails?: readonly { readonly value: string; readonly verified?: boolean | string }[];
  readonly userPrincipalName?: string;
}

type Verify = (accessToken: string, refreshToken: string, profile: PassportProfile, done: (error: null, user: SocialProfile) => void) => void;

/** The strategies' typings are Express-shaped; this is the part of them used here. */
export type StrategyConstructor = new (options: Record<string, unknown>, verify: Verify) => Strategy;

/** A strategy whose profile becomes ours; the provider's tokens are not kept. */
export function strategyFor(constructor: unknown, options: Record<string, unknown>, toProfile: (profile: PassportProfile) => SocialProfile): Strategy {
  const strategy = new (constructor as StrategyConstructor)({ ...options, state: true, pkce: true, store: flowStateStore },
    (_accessToken, _refreshToken, profile, done) => done(null, toProfile(profile)));
  // passport-oauth2's client puts the provider's access token in the profile URL's query by default, where
  // proxies and logs keep it (RFC 6750 5.3 says not to); the Authorization header instead, for every provider.
  (strategy as unknown as { _oauth2?: { useAuthorizationHeaderforGET(use: boolean): void } })._oauth2?.useAuthorizationHeaderforGET(true);
  return strategy;
}

type StoreCallback = (error: Error | null, state?: string | boolean) => void;
type VerifyCallback = (error: Error | null, ok?: string | boolean, state?: unknown) => void;

/** passport-oauth2's state store, backed by the sign-in flow: its state, and the PKCE verifier it makes. */
export const flowStateStore = {
  store(req: PassportRequest, verifier: string | undefined, _state: unknown, _meta: unknown, callback: StoreCallback) {
    (verifier && req.keepVerifier ? req.keepVerifier(verifier) : Promise.resolve())
      .then(() => callback(null, req.flow.state), (error: Error) => callback(error));
  },
  verify(req: PassportRequest, provided: string, _meta: unknown, callback: VerifyCallback) {
    // The flow was found by this very state and bound to this browser before passport runs.
    callback(null, provided === req.flow.state ? req.flow.codeVerifier : false);
  },
};

type Outcome = { redirect: string } | { profile: SocialProfile };

function run(strategy: Strategy, name: string, req: PassportRequest): Promise<Outcome> {
  const authenticator = new Authenticator();
  authenticator.use(name, strategy);
  return new Promise((resolve, reject) => {
    const res = {
      statusCode: 200,
      setHeader(header: string, value: string) {
        if (header.toLowerCase() === 'location') {
          resolve({ redirect: value });
        }
      },
      end() {},
    };
    const done = (error: unknown, user: SocialProfile | false, info?: { message?: string }) => {
      if ((error as { name?: string } | undefined)?.name === 'AuthorizationError') {
        // The provider answered the authorization with an error of its own (not a refusal by the user).
        reject(new FederationError('denied', `${name} answered with an error`, { cause: error, detail: (error as Error).message }));
      } else if (error) {
        reject(error instanceof FederationError ? error : new FederationError('invalid_response', `${name} sign-in failed`, { cause: error }));
      } else if (!user) {
        reject(new FederationError('denied', `${name} refused the sign-in`, { detail: info?.message }));
      } else {
        resolve({ profile: user });
      }
    };
    const middleware = authenticator.authenticate(name, { session: false }, done) as (req: unknown, res: unknown, next: (error?: unknown) => void) => void;
    middleware(req, res, (error) => reject(new FederationError('invalid_response', `${name} sign-in failed`, { cause: error })));
  });
}

export async function passportRedirect(strategy: Strategy, name: string, flow: SsoFlow, keepVerifier: (verifier: string) => Promise<void>): Promise<string> {
  const outcome = await run(strategy, name, { query: {}, body: undefined, headers: {}, flow, keepVerifier });
  if (!('redirect' in outcome)) {
    throw new FederationError('invalid_response', `${name} did not redirect`);
  }
  return outcome.redirect;
}

export async function passportProfile(strategy: Strategy, name: string, callback: SocialCallback, flow: SsoFlow): Promise<SocialProfile> {
  const outcome = await run(strategy, name, { query: { ...callback.query }, body: callback.body ? { ...callback.body } : undefined, headers: {}, flow });
  if (!('profile' in outcome)) {
    throw new FederationError('invalid_response', `${name} answered without a profile`);
  }
  return outcome.profile;
}

/** A provider whose protocol a passport strategy speaks. */
export function passportProvider(name: SocialProviderName, label: string, strategy: Strategy): SocialProvider {
  return {
    name,
    label,
    formPost: false,
    authorizationUrl: (flow, _callbackUrl, keepVerifier) => passportRedirect(strategy, name, flow, keepVerifier),
    profile: (callback, flow) => passportProfile(strategy, name, callback, flow),
  };
}
