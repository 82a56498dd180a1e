/**
 * @module store/guarded
 * Every store's Redis calls go through `guarded`: a connection problem becomes a typed
 * StoreUnavailableError, so the responder hears "not recorded" and a webhook sender gets a 503.
 */
import { StoreUnavailableError } from '../errors.js';

/** Runs a Redis call; a connection problem becomes a typed StoreUnavailableError. */
export async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (
      /Connection|connect|Stream isn't writeable|ETIMEDOUT|ECONNREFUSED|Command timed out|enableOfflineQueue|max retries per request|LOADING/i.test(
        message,
      )
    ) {
      throw new StoreUnavailableError(error);
    }
    throw error;
  }
}
