// Holds the running oidc-provider instance and builds a new one when the signing keys change
// (a rotation or retirement by the CLI on any instance), so no restart is needed.
import type Provider from 'oidc-provider';

import type { Logger } from '../core/logger.js';
import type { KeyRing, PrivateJwks } from '../keys/key-ring.js';

export interface ProviderHost {
  current(): Provider;
  /** Rebuilds the provider if the keys changed since it was built; says whether it did. */
  refresh(): Promise<boolean>;
  /** Checks for key changes every `intervalSeconds` until stop(). */
  watch(intervalSeconds: number): void;
  stop(): void;
}

export async function createProviderHost(deps: {
  keys: KeyRing;
  build: (jwks: PrivateJwks) => Provider;
  logger: Logger;
}): Promise<ProviderHost> {
  let version = await deps.keys.version();
  let provider = deps.build(await deps.keys.activeJwks());
  let timer: NodeJS.Timeout | undefined;
  let refreshing: Promise<boolean> | undefined;

  const refreshOnce = async () => {
    const latest = await deps.keys.version();
    if (latest === version) {
      return false;
    }
    provider = deps.build(await deps.keys.activeJwks());
    version = latest;
    deps.logger.info({ kids: latest.split(',') }, 'signing keys changed: provider rebuilt');
    return true;
  };

  const host: ProviderHost = {
    current: () => provider,
    refresh() {
      refreshing ??= refreshOnce().finally(() => {
        refreshing = undefined;
      });
      return refreshing;
    },
    watch(intervalSeconds) {
      timer = setInterval(() => {
        host.refresh().catch((error: unknown) => deps.logger.warn({ err: error }, 'could not check the signing keys'));
      }, intervalSeconds * 1000);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
  return host;
}
