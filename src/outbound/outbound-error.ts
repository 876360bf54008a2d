// Why an outbound request did not get an answer. Tenants see only that the server could not reach the
// address; the reason and the detail are for the log.
export type OutboundFailure = 'refused_address' | 'unreachable' | 'timeout' | 'too_large' | 'too_many_redirects' | 'bad_url';

export class OutboundError extends Error {
  override readonly name = 'OutboundError';

  constructor(readonly reason: OutboundFailure, detail: string, options?: { cause?: unknown }) {
    super(detail, options);
  }
}

/** The OutboundError behind an error that a library (openid-client, ...) may have wrapped. */
export function outboundFailureIn(error: unknown): OutboundError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof OutboundError) {
      return current;
    }
  }
  return undefined;
}
