/**
 * The Samsung Account profile (PROTOCOL §1.5): `GET {api host}/v2/profile/user/user/{userId}`,
 * answered in XML (`UserVO`), read with a maintained XML parser. A child that appears once may be
 * a single element or a list: both are read alike; unknown elements are ignored. The profile is
 * personal data: kept server-side, shown only to its owner, never logged.
 */
import { XMLParser } from 'fast-xml-parser';
import { SamsungAuthError } from '../errors.js';
import { describeTarget, httpRequest, type FetchLike } from '../http/request.js';
import type { CircuitBreaker } from '../http/circuit-breaker.js';

/** What the portal and `onSignIn` get of a Samsung profile; every field but `id` may be missing. */
export interface SamsungProfile {
  id: string;
  /** `userBaseVO/userName`. */
  name?: string;
  givenName?: string;
  familyName?: string;
  /** The first login id of type `003` (an email). */
  email?: string;
  /** `userBaseVO/countryCode` (likely ISO alpha-3, e.g. `KOR`). */
  countryCode?: string;
  photoUrl?: string;
}

export interface FetchProfileInput {
  /** Origin of the API host, e.g. `https://api.samsungosp.com`. */
  apiOrigin: string;
  userId: string;
  accessToken: string;
  clientId: string;
  timeoutMs: number;
  fetch?: FetchLike;
  breaker?: CircuitBreaker;
}

const MAX_PROFILE_BYTES = 64 * 1024;
const parser = new XMLParser({
  ignoreAttributes: true,
  // Values stay strings (a user id or a phone number is not a number).
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'userIdentificationVO',
});

/**
 * Fetches and parses the signed-in user's profile.
 *
 * @throws {@link SamsungAuthError} `PROFILE_UNAVAILABLE` when Samsung refuses or answers
 *   something that is not a `UserVO`; `UPSTREAM_*` for network problems.
 * @example
 * ```ts
 * const profile = await fetchProfile({ apiOrigin: 'https://api.samsungosp.com', userId: 'y0zpz1a2b3', accessToken: 'AT', clientId: 'id', timeoutMs: 5000 });
 * console.log(profile.name, profile.email);
 * ```
 */
export async function fetchProfile(input: FetchProfileInput): Promise<SamsungProfile> {
  const url = `${input.apiOrigin}/v2/profile/user/user/${encodeURIComponent(input.userId)}`;
  const res = await httpRequest({
    method: 'GET',
    url,
    headers: {
      authorization: `Bearer ${input.accessToken}`,
      'x-osp-appId': input.clientId,
      'x-osp-userId': input.userId,
      accept: 'text/xml, application/xml',
    },
    timeoutMs: input.timeoutMs,
    maxBodyBytes: MAX_PROFILE_BYTES,
    ...(input.fetch ? { fetch: input.fetch } : {}),
    ...(input.breaker ? { breaker: input.breaker } : {}),
  });
  const target = describeTarget('GET', url);
  if (res.status === 401 || res.status === 403) throw unavailable(`${target} refused the access token (HTTP ${res.status}).`, 401);
  if (res.status !== 200) throw unavailable(`${target} answered HTTP ${res.status}.`, 502);
  return parseProfile(res.text, input.userId);
}

/**
 * Reads a `UserVO` document.
 *
 * @example
 * ```ts
 * parseProfile('<UserVO><userID>u1</userID><userBaseVO><userName>Alex Kim</userName></userBaseVO></UserVO>', 'u1');
 * // { id: 'u1', name: 'Alex Kim' }
 * ```
 */
export function parseProfile(xml: string, expectedUserId: string): SamsungProfile {
  // No document types: an entity declaration is how XML bombs and external entities get in.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw unavailable('The profile carried a document type declaration; it was not read.', 502);
  let doc: unknown;
  try {
    doc = parser.parse(xml, true);
  } catch {
    throw unavailable('The profile was not well-formed XML.', 502);
  }
  const vo = record(record(doc).UserVO);
  const id = text(vo.userID);
  if (!id) throw unavailable('The profile answer is not a UserVO with a userID.', 502);
  if (id !== expectedUserId) throw unavailable('The profile answer is for another user.', 502);
  const base = record(vo.userBaseVO);
  const individual = record(base.userBaseIndividualVO);
  const ids = Array.isArray(vo.userIdentificationVO) ? vo.userIdentificationVO.map(record) : [];
  const email = ids.find((i) => text(i.loginIDTypeCode) === '003');
  const profile: SamsungProfile = { id };
  const put = (key: Exclude<keyof SamsungProfile, 'id'>, value: string | undefined) => {
    if (value) profile[key] = value.slice(0, 320);
  };
  put('name', text(base.userName));
  put('givenName', text(individual.givenName));
  put('familyName', text(individual.familyName));
  put('email', text(email?.loginID));
  put('countryCode', text(base.countryCode));
  put('photoUrl', /^https:\/\//.test(text(base.photographImageFileURLText) ?? '') ? text(base.photographImageFileURLText) : undefined);
  return profile;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function unavailable(message: string, status: number): SamsungAuthError {
  return new SamsungAuthError('PROFILE_UNAVAILABLE', message, { status, hint: 'The user is signed in with the id alone; the profile can be fetched again later.' });
}
