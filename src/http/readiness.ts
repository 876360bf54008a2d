// Whether this instance should get traffic: every dependency it needs answers (database, state store),
// and it is not shutting down. Shared by /readyz on the public and on the management listener.

export type ReadinessCheck = () => Promise<void>;

export interface ReadinessReport {
  readonly ready: boolean;
  readonly status: 'ok' | 'unavailable' | 'draining';
  readonly checks: Readonly<Record<string, 'ok' | 'failed'>>;
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
  /** From now on, not ready: a load balancer stops sending new requests before the listener closes. */
  startDraining(): void;
  readonly draining: boolean;
}

const CHECK_TIMEOUT_MS = 2000;

export function createReadiness(checks: Readonly<Record<string, ReadinessCheck>>): Readiness {
  let draining = false;
  return {
    async check() {
      const results = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await probe(check)] as const));
      const healthy = results.every(([, result]) => result === 'ok');
      const status = draining ? 'draining' : healthy ? 'ok' : 'unavailable';
      return { ready: status === 'ok', status, checks: Object.fromEntries(results) };
    },
    startDraining() {
      draining = true;
    },
    get draining() {
      return draining;
    },
  };
}

async function probe(check: ReadinessCheck): Promise<'ok' | 'failed'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}
