/**
 * A typed client for Galaxy Store Developer APIs (PROTOCOL §2.4, §2.5): a generic {@link callGalaxyApi}
 * that attaches `Authorization`, `service-account-id` and (for POST/PUT/PATCH) `content-type`,
 * and typed helpers for a few APIs. With a token manager as the token source, a refused token is
 * replaced once and the call retried once.
 */
import { SamsungAuthError } from '../errors.js';
import { parseRetryAfter } from '../http/retry.js';
import {
  checkHeaderValue,
  readGalaxyJson,
  sendGalaxyRequest,
  unexpectedShape,
  type GalaxyConnection,
} from './lib/send-galaxy-request.js';

/** Something that lends an access token for the length of one call (e.g. {@link GalaxyTokenManager}). */
export interface AccessTokenSource {
  withAccessToken<T>(fn: (accessToken: string) => Promise<T>): Promise<T>;
}

/** HTTP methods the Galaxy Store APIs use. */
export type GalaxyMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One Galaxy Store API call: method, path, query and body. */
export interface GalaxyCall {
  method: GalaxyMethod;
  /** Path from the base URL, e.g. `/seller/contentList`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body for POST/PUT/PATCH. */
  body?: unknown;
  /** Leave out `service-account-id` (only the GSS `contentMetric` API allows it, seed 003). */
  omitServiceAccountId?: boolean;
}

/** A Galaxy Store answer: status, parsed JSON, and `location` on `303 See Other`. */
export interface GalaxyCallResult<T = unknown> {
  status: number;
  /** Parsed JSON body; `undefined` when the body was empty. */
  data: T | undefined;
  /** Set on `303 See Other`: where to poll (not followed automatically by `call`). */
  location?: string;
  /** `Retry-After` of a `303 See Other`, in seconds, when sent. */
  retryAfterSeconds?: number;
}

/** Options of {@link callGalaxyApi}: the call, the credentials and the connection. */
export interface CallGalaxyApiOptions extends GalaxyConnection, GalaxyCall {
  serviceAccountId: string;
  accessToken: string;
}

/**
 * One authenticated Galaxy Store call.
 *
 * @throws {@link GalaxyApiError} for error statuses; `UPSTREAM_*` for network problems and
 *   non-JSON answers; `GALAXY_INVALID_INPUT` for bad input (before any network call).
 * @example
 * ```ts
 * const { status, data } = await callGalaxyApi({ serviceAccountId, accessToken, method: 'GET', path: '/seller/contentList' });
 * console.log(status, data);
 * ```
 */
export async function callGalaxyApi<T = unknown>(options: CallGalaxyApiOptions): Promise<GalaxyCallResult<T>> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${checkHeaderValue(options.accessToken, 'access token')}`,
  };
  if (!options.omitServiceAccountId) {
    headers['service-account-id'] = checkHeaderValue(options.serviceAccountId, 'service account id');
  }
  const hasBody = options.method === 'POST' || options.method === 'PUT' || options.method === 'PATCH';
  if (hasBody) headers['content-type'] = 'application/json';
  if (!hasBody && options.body !== undefined) {
    throw new SamsungAuthError('GALAXY_INVALID_INPUT', `A ${options.method} call carries no body.`, { status: 400 });
  }
  const res = await sendGalaxyRequest({
    ...options,
    headers,
    body: hasBody && options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  if (res.location !== undefined) {
    const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'));
    return { status: res.status, data: undefined, location: res.location, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  }
  return { status: res.status, data: readGalaxyJson(res) as T | undefined };
}

/** One entry of `GET /seller/contentList` [observed]; numbers may arrive as strings. */
export interface ContentListEntry {
  contentName: string;
  contentId: string;
  contentStatus: string;
  standardPrice: string | number;
  paid: string;
  modifyDate: string;
  [field: string]: unknown;
}

/** One entry of `GET /seller/contentInfo` [observed]; many more fields than typed here. */
export interface ContentInfoEntry {
  contentId: string;
  appTitle?: string;
  contentStatus?: string;
  [field: string]: unknown;
}

/** One in-app item of `GET /iap/v6/applications/{packageName}/items` (seed 003; v6 names it `id`). */
export interface IapItem {
  id: string;
  title?: string;
  [field: string]: unknown;
}

/** Options of {@link GalaxyApiClient}. */
export interface GalaxyApiClientOptions extends GalaxyConnection {
  serviceAccountId: string;
  /** A fixed access token, or a source such as a {@link GalaxyTokenManager}. */
  accessToken: string | AccessTokenSource;
}

/**
 * Galaxy Store APIs with the connection and credentials bound once.
 *
 * @example
 * ```ts
 * const manager = new GalaxyTokenManager({ serviceAccountId, privateKey });
 * const api = new GalaxyApiClient({ serviceAccountId, accessToken: manager });
 * const apps = await api.contentList();
 * ```
 */
export class GalaxyApiClient {
  readonly #options: GalaxyConnection & { serviceAccountId: string };
  readonly #tokens: AccessTokenSource;

  constructor(options: GalaxyApiClientOptions) {
    checkHeaderValue(options.serviceAccountId, 'service account id');
    const { accessToken, ...rest } = options;
    this.#options = Object.freeze({ ...rest });
    if (typeof accessToken === 'string') {
      checkHeaderValue(accessToken, 'access token');
      this.#tokens = { withAccessToken: (fn) => fn(accessToken) };
    } else {
      this.#tokens = accessToken;
    }
  }

  /** Where tokens come from (a fixed token or a source such as a token manager). */
  get tokens(): AccessTokenSource {
    return this.#tokens;
  }

  /** Any Galaxy API, authenticated. */
  call<T = unknown>(call: GalaxyCall): Promise<GalaxyCallResult<T>> {
    return this.#tokens.withAccessToken((accessToken) => callGalaxyApi<T>({ ...this.#options, ...call, accessToken }));
  }

  /** `GET /seller/contentList`: the seller's apps. Needs the `publishing` scope. */
  async contentList(): Promise<ContentListEntry[]> {
    const res = await this.call({ method: 'GET', path: '/seller/contentList' });
    return arrayOf<ContentListEntry>(res, 'contentId', '/seller/contentList');
  }

  /** `GET /seller/contentInfo?contentId=`: details of one app. Needs `publishing`. */
  async contentInfo(contentId: string): Promise<ContentInfoEntry[]> {
    const res = await this.call({ method: 'GET', path: '/seller/contentInfo', query: { contentId: checkContentId(contentId) } });
    return arrayOf<ContentInfoEntry>(res, 'contentId', '/seller/contentInfo');
  }

  /** `POST /seller/contentSubmit` `{"contentId"}` (seed 003): submit an app for review. Needs `publishing`. */
  async contentSubmit(contentId: string): Promise<void> {
    const res = await this.call({ method: 'POST', path: '/seller/contentSubmit', body: { contentId: checkContentId(contentId) } });
    if (res.location !== undefined) throw seeOther('/seller/contentSubmit');
  }

  /** `GET /iap/v6/applications/{packageName}/items?page=&size=` (seed 003). Needs `publishing`. */
  async iapItems(packageName: string, page: { page?: number; size?: number } = {}): Promise<IapItem[]> {
    if (typeof packageName !== 'string' || !/^[A-Za-z][\w]*(\.[A-Za-z0-9_]+)*$/.test(packageName) || packageName.length > 255) {
      throw new SamsungAuthError('GALAXY_INVALID_INPUT', 'The package name must look like com.example.app.', { status: 400 });
    }
    const n = (v: number | undefined, fallback: number) => {
      const x = v ?? fallback;
      if (!Number.isInteger(x) || x < 1 || x > 1000) {
        throw new SamsungAuthError('GALAXY_INVALID_INPUT', 'page and size must be whole numbers from 1 to 1000.', { status: 400 });
      }
      return x;
    };
    const path = `/iap/v6/applications/${packageName}/items`;
    const res = await this.call({ method: 'GET', path, query: { page: n(page.page, 1), size: n(page.size, 20) } });
    // v6 answers {itemList, totalCount}; older servers a bare array.
    const list = (res.data as { itemList?: unknown } | undefined)?.itemList;
    return arrayOf<IapItem>(Array.isArray(list) ? { ...res, data: list } : res, 'id', path);
  }
}

function checkContentId(contentId: string): string {
  if (typeof contentId !== 'string' || !/^\d{1,20}$/.test(contentId)) {
    throw new SamsungAuthError('GALAXY_INVALID_INPUT', 'A content id is a string of digits, e.g. "000007654321".', { status: 400 });
  }
  return contentId;
}

/** An array of objects, each with `idField` (numbers turned into strings, as Samsung mixes them). */
function arrayOf<T>(res: GalaxyCallResult, idField: string, path: string): T[] {
  if (res.location !== undefined) throw seeOther(path);
  if (!Array.isArray(res.data)) {
    throw unexpectedShape({ status: res.status, target: path, headers: new Headers(), text: '' }, 'a JSON array');
  }
  return res.data.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) {
      throw unexpectedShape({ status: res.status, target: path, headers: new Headers(), text: '' }, 'an array of objects');
    }
    const o = entry as Record<string, unknown>;
    const id = o[idField];
    return (typeof id === 'number' ? { ...o, [idField]: String(id) } : o) as T;
  });
}

function seeOther(path: string): SamsungAuthError {
  return new SamsungAuthError('UPSTREAM_REDIRECT', `${path} answered 303 See Other; poll the given location with call().`, {
    status: 502,
  });
}
