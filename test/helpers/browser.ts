/**
 * A tiny browser for HTTP tests: a cookie jar, manual redirects (each hop recorded), form posts.
 * Cookies are kept per host name (ports share cookies, as in browsers).
 */
export interface Hop {
  url: string;
  status: number;
  location: string | undefined;
  headers: Headers;
  body: string;
}

export class TestBrowser {
  readonly jar = new Map<string, Map<string, string>>();
  /** Every response seen, in order. */
  readonly history: Hop[] = [];

  cookies(url: string): Map<string, string> {
    const host = new URL(url).hostname;
    let cookies = this.jar.get(host);
    if (!cookies) {
      cookies = new Map();
      this.jar.set(host, cookies);
    }
    return cookies;
  }

  cookieHeader(url: string): string {
    return [...this.cookies(url)].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** One request, no redirect following. */
  async request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Hop> {
    const headers: Record<string, string> = { accept: 'text/html', ...init.headers };
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    const res = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' });
    for (const set of res.headers.getSetCookie()) this.#store(url, set);
    const hop: Hop = {
      url,
      status: res.status,
      location: res.headers.get('location') ?? undefined,
      headers: res.headers,
      body: await res.text(),
    };
    this.history.push(hop);
    return hop;
  }

  get(url: string, headers: Record<string, string> = {}): Promise<Hop> {
    return this.request(url, { headers });
  }

  post(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Hop> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** Follows redirects from `first` (GET after every 301/302/303), up to `max` hops. */
  async follow(first: Hop, max = 10): Promise<Hop[]> {
    const hops = [first];
    let hop = first;
    while (hop.status >= 300 && hop.status < 400 && hop.location && hops.length <= max) {
      hop = await this.get(new URL(hop.location, hop.url).toString());
      hops.push(hop);
    }
    return hops;
  }

  #store(url: string, setCookie: string): void {
    const [pair, ...attrs] = setCookie.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const expired = attrs.some((a) => /^\s*expires=/i.test(a) && new Date(a.split('=')[1]!).getTime() < Date.now()) ||
      attrs.some((a) => /^\s*max-age=\s*0/i.test(a));
    if (expired || value === '') this.cookies(url).delete(name);
    else this.cookies(url).set(name, value);
  }
}

/** The value of a hidden input in an HTML form (first match). */
export function hiddenField(html: string, name: string): string | undefined {
  const re = new RegExp(`name="${name}" value="([^"]*)"`);
  return re.exec(html)?.[1];
}

/** The action of the first form whose body contains `marker`. */
export function formAction(html: string, marker: string): string | undefined {
  for (const m of html.matchAll(/<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/g)) {
    if (m[2]!.includes(marker)) return m[1]!.replace(/&amp;/g, '&');
  }
  return undefined;
}
