/**
 * The shapes of the Content Publish API (PROTOCOL §2.5). Numbers that Samsung sends as strings
 * stay strings here (`contentId`, `binarySeq`, `versionCode`, `fileSize`, Y/N flags...); unknown
 * fields are kept as they came.
 */

/** One entry of `GET /seller/contentList` (no paging, no package name). */
export interface ContentSummary {
  contentName: string;
  contentId: string;
  contentStatus: string;
  standardPrice: string;
  paid: string;
  modifyDate: string;
  [field: string]: unknown;
}

/** One binary of a content record's `binaryList`. */
export interface ContentBinary {
  binarySeq: string;
  fileName?: string;
  fileSize?: string;
  versionCode?: string;
  versionName?: string;
  packageName?: string;
  /** `"Y"` or `"N"`. */
  gms?: string;
  apiminSdkVersion?: string;
  binarySeqForDeviceInfo?: string;
  [field: string]: unknown;
}

/** One record of `GET /seller/contentInfo`: the live app or its draft. */
export interface ContentRecord {
  contentId: string;
  contentStatus: string;
  /** `SALE` (live) or `REGISTRATION` (draft); older answers lack it. */
  appStatus?: string;
  appTitle?: string;
  defaultLanguageCode?: string;
  /** `"Y"` or `"N"`. */
  paid?: string;
  /** `"01"` auto after review, `"02"` on a date, `"03"` manual. */
  publicationType?: string;
  newFeature?: string;
  binaryList: ContentBinary[];
  [field: string]: unknown;
}

/** contentInfo with the live record and the draft told apart. */
export interface ContentInfo {
  contentId: string;
  /** The record on sale (`FOR_SALE`, `appStatus` `SALE`), if any. */
  live?: ContentRecord;
  /** The draft or the version in review (`REGISTERING`, `UPDATING`, `UNDER_REVIEW`...), if any. */
  draft?: ContentRecord;
  /** Every record as Samsung sent it. */
  records: ContentRecord[];
}

/**
 * Fields contentUpdate may change. `binaryList` is not one of them (refused since July 2026 with
 * 8014: binaries go through the v2 binary API), nor are `contentStatus`, `appStatus`,
 * `applicationType`, `category` or any field contentInfo returns that is not listed here. For
 * `addLanguage`, `screenshots` and `sellCountryList`: omitted or `null` keeps what is there, `[]`
 * removes everything.
 */
export interface ContentUpdateFields {
  defaultLanguageCode?: string;
  paid?: string;
  publicationType?: string;
  startPublicationDate?: string;
  appTitle?: string;
  shortDescription?: string;
  longDescription?: string;
  /** Release notes; at most 4000 UTF-8 bytes. */
  newFeature?: string;
  standardPrice?: string;
  ageLimit?: string;
  chinaAgeLimit?: string;
  iconKey?: string;
  heroImageKey?: string;
  screenshots?: { screenshotKey: string; reuseYn: string }[] | null;
  addLanguage?: unknown[] | null;
  sellCountryList?: unknown[] | null;
  supportedLanguages?: string[];
  customerSupportEmail?: string;
  customerSupportWebsite?: string;
  privatePolicyURL?: string;
  youTubeURL?: string;
  usExportLaws?: boolean;
  autoAddCountry?: boolean;
  reviewComment?: string;
}

/** Every field name of {@link ContentUpdateFields}: what contentUpdate may carry besides `contentId`. */
export const WRITABLE_CONTENT_FIELDS: readonly string[] = Object.freeze([
  'defaultLanguageCode', 'paid', 'publicationType', 'startPublicationDate', 'appTitle', 'shortDescription',
  'longDescription', 'newFeature', 'standardPrice', 'ageLimit', 'chinaAgeLimit', 'iconKey', 'heroImageKey',
  'screenshots', 'addLanguage', 'sellCountryList', 'supportedLanguages', 'customerSupportEmail',
  'customerSupportWebsite', 'privatePolicyURL', 'youTubeURL', 'usExportLaws', 'autoAddCountry', 'reviewComment',
]);

/** Text limits of contentUpdate, in UTF-8 bytes. */
export const CONTENT_TEXT_LIMITS: Readonly<Record<string, number>> = Object.freeze({ appTitle: 100, longDescription: 4000, newFeature: 4000 });

/** What contentUpdate answered. */
export interface ContentUpdateResult {
  contentId: string;
  contentStatus?: string;
}

/** The status values contentStatusUpdate accepts. */
export type ContentStatusChange = 'FOR_SALE' | 'SUSPENDED' | 'TERMINATED';
