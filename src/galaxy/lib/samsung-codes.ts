/**
 * Plain-words hints for the Galaxy Store codes we know (PROTOCOL §2.5), by code. docs/errors.md
 * has the same table for readers.
 */
const HINTS: Readonly<Record<string, string>> = Object.freeze({
  '8014':
    'contentUpdate no longer takes a binaryList (since July 2026): register binaries with the v2 binary API (POST /seller/v2/content/binary); samsung-auth publish does.',
  '4104': 'No content: the app has no draft to add a binary to. Open one first with contentUpdate (samsung-auth publish does), or check the content id.',
  '3201': 'The app is not in a state that allows this (no draft being registered or updated: it may be in review, rejected or live only). Check "samsung-auth status".',
  '4105': 'The draft is not ready to submit: add a binary (and the listing fields Samsung requires) first.',
  '4129': 'The draft is not ready to submit: some required information or binary is missing.',
  '7001': 'The upload carried no file: the multipart part must be named "file".',
  '7002': 'Unknown upload session: it expired (24 h) or was spent by a failed upload. Create a new one for each attempt.',
  '3001': 'Too few screenshots: an app listing needs 4 to 8.',
  '3103': 'A staged rollout rate may only go up; it cannot be lowered (or repeated).',
  '3104': 'The staged rollout rate must be higher than the current one and at most 100.',
  '3105': "A country's rollout rate cannot be above the default rate.",
  '3203': 'A staged rollout rate may only go up; it cannot be lowered.',
  '3204': "A country's rollout rate cannot be above the default rate.",
  '3207': 'Add rollout binaries (PUT /seller/v2/content/stagedRolloutBinary) before enabling a staged rollout.',
  '106': 'The app is not linked to in-app purchases (IAP): link it in Seller Portal first, or check the package name.',
  '5021': 'This binary (fileKey) is already in use: upload the file again to get a new fileKey.',
});

/** The hint for a known Galaxy Store code, else `undefined`. */
export function hintForSamsungCode(code: string): string | undefined {
  return HINTS[code];
}

/** Every code with a hint, for docs and tests. */
export const KNOWN_SAMSUNG_CODES: readonly string[] = Object.freeze(Object.keys(HINTS));
