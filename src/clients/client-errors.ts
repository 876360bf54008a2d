import { AppError } from '../core/app-error.js';

export const ClientErrorCode = {
  exists: 'client_exists',
  invalid: 'invalid_client_input',
} as const;

export class ClientExistsError extends AppError {
  constructor(clientId: string) {
    super(ClientErrorCode.exists, `a client with the id ${clientId} already exists`, { status: 409 });
  }
}

export function invalidClientInput(message: string): AppError {
  return new AppError(ClientErrorCode.invalid, message, { userMessage: message });
}
