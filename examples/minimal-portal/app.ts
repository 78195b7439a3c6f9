import express from 'express';
import { createSessionMiddleware, requiresAuth, samsungAuth, securityHeaders } from 'samsung-auth-kit/express';

/** An Express app with "Sign in with Samsung Account" and one protected page. */
export function createApp(env: NodeJS.ProcessEnv = process.env): express.Express {
  const baseUrl = env.BASE_URL ?? 'http://localhost:3000';
  const app = express();
  app.use(securityHeaders({ baseUrl, accountUrl: env.SAMSUNG_ACCOUNT_URL ?? 'https://account.samsung.com' }));
  app.use(createSessionMiddleware({ secrets: [env.SESSION_SECRET!], baseUrl }));
  app.use(
    samsungAuth({
      clientId: env.SAMSUNG_CLIENT_ID!,
      clientSecret: env.SAMSUNG_CLIENT_SECRET!,
      aliasId: env.SAMSUNG_ALIAS_ID!,
      accountUrl: env.SAMSUNG_ACCOUNT_URL, // default https://account.samsung.com
      tokenUrl: env.SAMSUNG_TOKEN_URL, // default https://us-auth2.samsungosp.com/auth/oauth2/token
      redirectUri: `${baseUrl}/auth/callback`,
      signOutUrl: `${baseUrl}/`,
    }),
  );
  app.get('/', (req, res) => {
    res.send(req.samsungAuth!.isAuthenticated ? '<a href="/account">Your account</a>' : '<a href="/auth/login">Sign in with Samsung Account</a>');
  });
  app.get('/account', requiresAuth(), (req, res) => {
    res.send(`Hello ${req.samsungAuth!.user!.id}`);
  });
  return app;
}
