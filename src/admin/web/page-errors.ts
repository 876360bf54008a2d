import { isAppError } from '../../core/app-error.js';

/**
 * Runs an administrator's action; a refusal they can act on (an AppError with a message for them) comes
 * back as that message, to show on the page. Anything else is a fault and goes on up.
 */
export async function attempt(action: () => Promise<void>): Promise<{ error: string; status: number } | undefined> {
  try {
    await action();
    return undefined;
  } catch (error) {
    if (isAppError(error) && error.expose) {
      return { error: error.userMessage!, status: error.status };
    }
    throw error;
  }
}
