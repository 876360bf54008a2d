import { AppError, isAppError } from '../core/app-error.js';

const error = (code: string, status: number, message: string) => new AppError(code, message, { status, userMessage: message });

export const ClientErrors = {
  notFound: () => error('client_not_found', 404, 'Your organization has no such client.'),
  invalid: (message: string) => error('invalid_client_input', 400, message),
  /** The registry's own validation (redirect URIs, grants), said to an administrator. */
  from: (cause: unknown) => (isAppError(cause) ? error(cause.code, cause.status, capitalize(cause.userMessage ?? cause.message)) : cause),
};

/** A sentence: a capital first letter, unless the text starts with an address or a name (http://evil.example stays as it is). */
function capitalize(text: string): string {
  const literal = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^[a-z0-9_-]+[:.=]/.test(text);
  return `${literal ? text : `${text.charAt(0).toUpperCase()}${text.slice(1)}`}${text.endsWith('.') ? '' : '.'}`;
}
