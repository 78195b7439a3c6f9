/**
 * The error bodies Galaxy Store's gateway answers with (seed 003), in one place so every route
 * answers the same words.
 */
import type { Response } from 'express';

export type GalaxyErrorAnswer = { status: number; code: string; message: string };

export const INVALID_TOKEN: GalaxyErrorAnswer = { status: 401, code: 'AUTH_REQUIRE', message: 'Invalid accessToken' };
export const UNKNOWN_ACCOUNT: GalaxyErrorAnswer = {
  status: 401,
  code: 'AUTH_REQUIRE',
  message: 'Not found service account by serviceAccountId',
};

/** Sends `{code, message, from: "asgw"}` with the answer's status. */
export function sendGalaxyError(res: Response, answer: GalaxyErrorAnswer): void {
  res.status(answer.status).json({ code: answer.code, message: answer.message, from: 'asgw' });
}
