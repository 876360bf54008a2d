import { AppError } from '../core/app-error.js';

const error = (code: string, status: number, message: string) => new AppError(code, message, { status, userMessage: message, expose: true });

export const DomainErrors = {
  invalid: (domain: string) => error('invalid_domain', 400, `${domain.slice(0, 100)} is not a domain name, like example.com.`),
  notFound: (domain: string) => error('domain_not_found', 404, `Your organization has not claimed ${domain.slice(0, 100)}.`),
  recordMissing: (name: string, found: number) => error('domain_not_proven', 409,
    `The TXT record at ${name} is not there yet${found > 0 ? ' (other TXT records are)' : ''}. DNS changes can take a while: try again later.`),
  dnsUnavailable: () => error('dns_unavailable', 503, 'DNS could not be asked just now. Try again in a moment.'),
};
