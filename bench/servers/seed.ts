/**
 * Signed-in sessions put straight into a store (row 9: 100,000 of them would take minutes of real
 * sign-ins): each shaped like the session a real sign-in leaves (user, tokens, origins, profile,
 * CSRF token, cookie), under a fresh id.
 */
import { randomBytes } from 'node:crypto';
import type session from 'express-session';

export async function seedSessions(store: session.Store, count: number): Promise<{ seeded: number }> {
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const data = {
      cookie: { originalMaxAge: 1_800_000, expires: new Date(now + 1_800_000).toISOString(), httpOnly: true, path: '/', sameSite: 'lax', secure: false },
      cookieRenewedAt: now,
      samsungAuth: {
        user: {
          id: `seed-user-${i}`,
          signedInAt: now,
          accessToken: randomBytes(24).toString('base64url'),
          accessTokenIssuedAt: now,
          accessTokenExpiresAt: now + 3_600_000,
          authOrigin: 'http://127.0.0.1:1',
          apiOrigin: 'http://127.0.0.1:1',
          profile: { name: `Seed User ${i}`, givenName: 'Seed', familyName: `User ${i}`, email: `seed${i}@example.com`, country: 'KR' },
        },
        csrf: randomBytes(24).toString('base64url'),
      },
    } as unknown as session.SessionData;
    await new Promise<void>((resolve, reject) => store.set(randomBytes(24).toString('base64url'), data, (err?: unknown) => (err ? reject(err as Error) : resolve())));
  }
  return { seeded: count };
}
