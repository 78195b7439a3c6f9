import express from 'express';
import passport from 'passport';
import { createSessionMiddleware, isSamsungAuthError } from 'samsung-auth-kit/express';
import { SamsungStrategy, type SamsungPassportProfile } from 'samsung-auth-kit/passport';

/** An Express app that already uses Passport, adding "Sign in with Samsung Account". */
export function createApp(env: NodeJS.ProcessEnv = process.env): express.Express {
  const baseUrl = env.BASE_URL ?? 'http://localhost:3000';
  const auth = new passport.Passport();
  auth.use(
    new SamsungStrategy(
      {
        clientId: env.SAMSUNG_CLIENT_ID!,
        clientSecret: env.SAMSUNG_CLIENT_SECRET!,
        aliasId: env.SAMSUNG_ALIAS_ID!,
        accountUrl: env.SAMSUNG_ACCOUNT_URL, // default https://account.samsung.com
        tokenUrl: env.SAMSUNG_TOKEN_URL, // default https://us-auth2.samsungosp.com/auth/oauth2/token
        apiUrl: env.SAMSUNG_API_URL, // default https://api.samsungosp.com
        redirectUri: `${baseUrl}/auth/samsung/callback`,
        signOutUrl: `${baseUrl}/`,
      },
      (_accessToken: string, _refreshToken: string | undefined, profile: SamsungPassportProfile, done: (err: unknown, user?: unknown) => void) => {
        done(null, { id: profile.id, displayName: profile.displayName, email: profile.emails[0]?.value });
      },
    ),
  );
  auth.serializeUser((user, done) => done(null, user));
  auth.deserializeUser((user: Express.User, done) => done(null, user));

  const app = express();
  app.use(createSessionMiddleware({ secrets: [env.SESSION_SECRET!], baseUrl }));
  app.use(auth.session());
  app.get('/auth/samsung', auth.authenticate('samsung'));
  app.get('/auth/samsung/callback', auth.authenticate('samsung', { failureRedirect: '/?failed=1' }), (_req, res) => res.redirect('/me'));
  app.get('/me', (req, res) => {
    if (!req.user) return res.status(401).json({ error: 'sign in at /auth/samsung' });
    res.json(req.user);
  });
  // Samsung failing (a 5xx from the token call, say): an answer with the code, never a stack trace.
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const code = isSamsungAuthError(err) ? err.code : 'INTERNAL';
    res.status(isSamsungAuthError(err) ? err.status : 500).json({ error: code });
  });
  return app;
}
