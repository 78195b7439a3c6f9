/**
 * A real sign-in over loopback HTTP, as a browser makes it: GET /auth/login at the portal, the
 * sandbox's signInGate page, the approval POST, then the portal's callback (which exchanges the
 * code at the sandbox's token endpoint). Each hop is timed, so the sandbox's share is known.
 */
export interface SignInTiming {
  /** Wall time of the whole sign-in, ms. */
  totalMs: number;
  /** Time in the two sandbox hops the browser makes (gate page, approval), ms. */
  sandboxHopsMs: number;
  /** The session cookie (`name=value`). */
  cookie: string;
}

/**
 * `upperCaseResponseType`: for passport-oauth2, which always sends `response_type=code` where
 * Samsung (and the sandbox) want `CODE`: the browser's hop is corrected, the app is not touched.
 */
export async function signIn(portalUrl: string, userId: string, options: { upperCaseResponseType?: boolean } = {}): Promise<SignInTiming> {
  const started = performance.now();
  const login = await fetch(`${portalUrl}/auth/login`, { redirect: 'manual' });
  await login.arrayBuffer();
  if (login.status !== 302) throw new Error(`login answered ${login.status}`);
  const anonymous = cookieOf(login);
  let gateUrl = login.headers.get('location')!;
  if (options.upperCaseResponseType) gateUrl = gateUrl.replace('response_type=code', 'response_type=CODE');

  const sandboxStarted = performance.now();
  const gate = await fetch(gateUrl);
  const html = await gate.text();
  if (gate.status !== 200) throw new Error(`signInGate answered ${gate.status}`);
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  const request = /name="request" value="([^"]*)"/.exec(html)?.[1];
  if (!action || !request) throw new Error('signInGate page without its form');
  const decision = await fetch(new URL(action, gateUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request, userId, decision: 'approve' }).toString(),
    redirect: 'manual',
  });
  await decision.arrayBuffer();
  if (decision.status !== 303) throw new Error(`approval answered ${decision.status}`);
  const sandboxHopsMs = performance.now() - sandboxStarted;

  const callback = await fetch(decision.headers.get('location')!, { headers: { cookie: anonymous }, redirect: 'manual' });
  const body = await callback.text();
  if (callback.status !== 303) throw new Error(`callback answered ${callback.status}: ${body.slice(0, 200)}`);
  return { totalMs: performance.now() - started, sandboxHopsMs, cookie: cookieOf(callback) };
}

function cookieOf(res: Response): string {
  const set = res.headers.getSetCookie()[0];
  if (!set) throw new Error(`no session cookie from ${res.url}`);
  return set.split(';')[0]!;
}

/** Runs `count` sign-ins, `parallel` at a time; resolves with every timing and the wall time. */
export async function signInMany(portalUrl: string, userId: string, count: number, parallel: number): Promise<{ timings: SignInTiming[]; wallMs: number }> {
  const timings: SignInTiming[] = [];
  let started = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (started < count) {
        started++;
        timings.push(await signIn(portalUrl, userId));
      }
    }),
  );
  return { timings, wallMs: performance.now() - t0 };
}
