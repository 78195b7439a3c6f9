/**
 * When a change's answer is lost (timeout, reset, 5xx, garbage), the change may or may not have
 * been made. Never repeat it blindly: read the state back first; repeat once only when the state
 * shows it was not made; when the state cannot be read, stop with `GALAXY_AMBIGUOUS_OUTCOME`.
 */
import { SamsungAuthError } from '../../errors.js';
import type { ContentInfo } from '../api/content-types.js';
import { isTransientFailure } from '../lib/run-operation.js';

/** True when a failure leaves it unknown whether the call took effect. */
export function isLostAnswer(err: unknown): boolean {
  return isTransientFailure(err) || (err instanceof SamsungAuthError && err.code === 'UPSTREAM_INVALID_RESPONSE');
}

export function ambiguous(step: string, cause: unknown): SamsungAuthError {
  return new SamsungAuthError('GALAXY_AMBIGUOUS_OUTCOME', `${step}: the answer was lost and the app's state could not be read back, so it is unknown whether it took effect.`, {
    status: 502,
    hint: 'Look with "samsung-auth apps show --content-id ID" before doing anything else; running the same publish again is safe (it finds binaries it added before).',
    cause,
  });
}

/**
 * Runs `act`; if its answer is lost, reads the state and resolves to `'found'` when `done(state)`
 * says it took effect, else runs `act` once more (the state showed it had not).
 */
export async function resolvingLostAnswer<T>(
  step: string,
  act: () => Promise<T>,
  read: () => Promise<ContentInfo>,
  done: (info: ContentInfo) => boolean,
  say: (text: string) => void,
): Promise<T | 'found'> {
  try {
    return await act();
  } catch (err) {
    if (!isLostAnswer(err)) throw err;
    say(`${step}: the answer was lost; reading contentInfo to see whether it took effect`);
    let info: ContentInfo;
    try {
      info = await read();
    } catch (readErr) {
      throw ambiguous(step, readErr);
    }
    if (done(info)) {
      say(`${step}: it took effect (seen in contentInfo)`);
      return 'found';
    }
    say(`${step}: it did not take effect; trying once more`);
    try {
      return await act();
    } catch (again) {
      throw isLostAnswer(again) ? ambiguous(step, again) : again;
    }
  }
}
