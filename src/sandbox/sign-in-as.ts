/**
 * Signs a demo user in to an app through the sandbox, the way a browser would (login redirect,
 * signInGate, decision, callback), with `fetch` and a small cookie jar: what an integrator's
 * tests need to reach a protected route without Samsung and without a browser.
 */
import { SamsungAuthError } from '../errors.js';

/** Options of {@link Sandbox.signIn}. */
export interface SandboxSignInOptions {
  /** The app's base URL, e.g. `http://127.0.0.1:3000`; its redirect URI must be registered with the sandbox. */
  appUrl: string;
  /** The demo user to sign in as; default the first of `sandbox.demoUsers`. */
  userId?: string;
  /** The app's login route; default `/auth/login`. */
  loginPath?: string;
  /** Passed to the login route as `returnTo`. */
  returnTo?: string;
}

/** A signed-in session, as a test uses it. */
export interface SandboxSignIn {
  /** The `cookie` request header that carries the signed-in session. */
  readonly cookie: string;
  /** The Samsung user id signed in. */
  readonly userId: string;
  /** Where the app sent the browser after the callback (its `Location`, e.g. `/account`). */
  readonly location: string;
}

/** @internal The walk itself; `sandboxUrl` bounds where it may go. */
export async function signInThroughSandbox(sandboxUrl: string, defaultUserId: string, options: SandboxSignInOptions): Promise<SandboxSignIn> {
  const appUrl = options.appUrl.replace(/\/+$/, '');
  const userId = options.userId ?? defaultUserId;
  const jar = new Map<string, string>();
  const login = new URL(options.loginPath ?? '/auth/login', `${appUrl}/`);
  if (options.returnTo !== undefined) login.searchParams.set('returnTo', options.returnTo);

  const started = await hop(login, jar, 'the login route');
  expect(started, 302, 'the login route', 'Mount samsungAuth() and createSessionMiddleware() in the app.');
  const gateUrl = new URL(started.headers.get('location') ?? '', login);
  if (gateUrl.origin !== new URL(sandboxUrl).origin) {
    throw failure(`the login route redirected to ${gateUrl.origin}, not to the sandbox`, 'Point accountUrl (SAMSUNG_ACCOUNT_URL) at sandbox.accountUrl.');
  }
  const gate = await fetch(gateUrl, { redirect: 'manual' });
  const page = await gate.text();
  const request = /name="request" value="([^"]+)"/.exec(page)?.[1];
  if (gate.status !== 200 || !request) {
    throw failure(`signInGate answered HTTP ${gate.status}`, 'Register the app\'s redirect URI with the sandbox (startSandbox({ redirectUris }) or sandbox.registerRedirectUri()).');
  }
  const decision = await fetch(new URL(`${gateUrl.pathname}/decision`, gateUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request, userId, decision: 'approve' }).toString(),
  });
  await decision.body?.cancel();
  if (decision.status !== 303) throw failure(`the sandbox refused demo user "${userId}" (HTTP ${decision.status})`, 'Use an id from sandbox.demoUsers.');
  const callback = await hop(new URL(decision.headers.get('location') ?? ''), jar, 'the callback');
  expect(callback, 303, 'the callback', 'Check that tokenUrl (SAMSUNG_TOKEN_URL) and the client id and secret are the sandbox\'s.');
  return Object.freeze({
    cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
    userId,
    location: callback.headers.get('location') ?? '',
  });
}

/** One request to the app with the jar's cookies, keeping the cookies it sets. */
async function hop(url: URL, jar: Map<string, string>, what: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'manual', headers: jar.size > 0 ? { cookie: [...jar].map(([n, v]) => `${n}=${v}`).join('; ') } : {} });
  } catch (err) {
    throw failure(`${what} at ${url.origin} could not be reached`, 'Start the app before signing in.', err);
  }
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';', 1)[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  await res.body?.cancel();
  return res;
}

function expect(res: Response, status: number, what: string, hint: string): void {
  if (res.status !== status) throw failure(`${what} answered HTTP ${res.status}, expected ${status}`, hint);
}

function failure(message: string, hint: string, cause?: unknown): SamsungAuthError {
  return new SamsungAuthError('INTERNAL', `sandbox.signIn: ${message}.`, { hint, cause });
}
