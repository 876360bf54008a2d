// While the state store or the database is away, oidc-provider's endpoints answer 503
// temporarily_unavailable (an OAuth error a client may retry), not 500 server_error.
import { errors, type Adapter, type FindAccount } from 'oidc-provider';

import { isUnavailable } from '../core/unavailable-error.js';

export class ProviderUnavailable extends errors.TemporarilyUnavailable {
  constructor(cause: unknown) {
    super('the service is unavailable for a moment; try again in a few seconds', { cause });
    this.status = 503;
    this.statusCode = 503;
    this.expose = true;
    // An authorization request is answered at the client's redirect URI, as RFC 6749 4.1.2.1 allows.
    this.allow_redirect = true;
  }
}

function rethrow(error: unknown): never {
  throw isUnavailable(error) ? new ProviderUnavailable(error) : error;
}

const METHODS = ['upsert', 'find', 'findByUserCode', 'findByUid', 'consume', 'destroy', 'revokeByGrantId'] as const;

export function guardAdapters(factory: (model: string) => Adapter): (model: string) => Adapter {
  return (model) => {
    const adapter = factory(model);
    const guarded = {} as Record<(typeof METHODS)[number], unknown>;
    for (const method of METHODS) {
      const call = adapter[method] as (...args: unknown[]) => Promise<unknown>;
      guarded[method] = (...args: unknown[]) => call.apply(adapter, args).catch(rethrow);
    }
    return guarded as unknown as Adapter;
  };
}

export function guardFindAccount(findAccount: FindAccount): FindAccount {
  return async (...args) => {
    try {
      const account = await findAccount(...args);
      if (!account) {
        return account;
      }
      return { ...account, claims: (...claimArgs) => Promise.resolve(account.claims(...claimArgs)).catch(rethrow) };
    } catch (error) {
      return rethrow(error);
    }
  };
}
