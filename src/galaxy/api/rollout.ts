/**
 * Staged rollout (PROTOCOL §2.5): the rate (default and per country, alpha-3 codes) and the
 * binaries it applies to. A rate may only go up; DISABLE_ROLLOUT gives the version to everyone.
 */
import type { OperationRunner } from '../lib/run-operation.js';
import { asText, checkContentId, invalidInput, v2Data } from './input-checks.js';

/** `SALE` for the live version, `REGISTRATION` for the draft. */
export type RolloutAppStatus = 'SALE' | 'REGISTRATION';

/** A staged rollout's rates. */
export interface RolloutRate {
  /** The default rate in percent, when a rollout is on. */
  rolloutRate?: number;
  countries: { countryCode: string; rolloutRate: number }[];
  [field: string]: unknown;
}

/** One binary of a staged rollout (`seq` is a number in this answer). */
export interface RolloutBinary {
  seq: number;
  versionCode?: string;
  versionName?: string;
  fileName?: string;
  fileSize?: string;
  rolloutStatus?: string;
  appStatus?: string;
  [field: string]: unknown;
}

/** What to set: a rate (1..100) and country rates not above it. */
export interface RolloutChange {
  rolloutRate?: number;
  countries?: { countryCode: string; rolloutRate: number }[];
}

const percent = (v: unknown, what: string): number => {
  if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 100) throw invalidInput(`${what} is a whole number from 1 to 100.`);
  return v as number;
};

function checkAppStatus(v: unknown): RolloutAppStatus {
  if (v !== 'SALE' && v !== 'REGISTRATION') throw invalidInput('appStatus is SALE or REGISTRATION.');
  return v;
}

/** Staged rollout calls, bound to one client. */
export class RolloutApi {
  readonly #ops: OperationRunner;

  constructor(ops: OperationRunner) {
    this.#ops = ops;
  }

  /** `GET /seller/v2/content/stagedRolloutRate`. */
  async getRate(contentId: string, appStatus: RolloutAppStatus = 'SALE'): Promise<RolloutRate> {
    const res = await this.#ops.run('getRolloutRate', { query: { contentId: checkContentId(contentId), appStatus: checkAppStatus(appStatus) } });
    const data = v2Data(res, '/seller/v2/content/stagedRolloutRate');
    const countries = Array.isArray(data.countries) ? (data.countries as { countryCode: string; rolloutRate: unknown }[]) : [];
    const rate = Number(data.rolloutRate);
    return {
      ...data,
      ...(Number.isFinite(rate) && data.rolloutRate !== undefined && data.rolloutRate !== null ? { rolloutRate: rate } : { rolloutRate: undefined }),
      countries: countries.map((c) => ({ countryCode: String(c.countryCode), rolloutRate: Number(c.rolloutRate) })),
    };
  }

  /** `PUT /seller/v2/content/stagedRolloutRate` `ENABLE_ROLLOUT`: set (raise) the rates. */
  async setRate(contentId: string, change: RolloutChange, appStatus: RolloutAppStatus = 'SALE'): Promise<void> {
    const countries = change.countries?.map((c) => {
      if (typeof c.countryCode !== 'string' || !/^[A-Z]{3}$/.test(c.countryCode)) throw invalidInput('A country code is ISO alpha-3, e.g. KOR.');
      return { countryCode: c.countryCode, rolloutRate: percent(c.rolloutRate, `The rate of ${c.countryCode}`) };
    });
    const body = {
      contentId: checkContentId(contentId),
      function: 'ENABLE_ROLLOUT',
      appStatus: checkAppStatus(appStatus),
      ...(change.rolloutRate !== undefined ? { rolloutRate: percent(change.rolloutRate, 'The rollout rate') } : {}),
      ...(countries ? { countries } : {}),
    };
    await this.#ops.run('setRolloutRate', { body });
  }

  /** `PUT /seller/v2/content/stagedRolloutRate` `DISABLE_ROLLOUT`: everyone gets the version. */
  async complete(contentId: string, appStatus: RolloutAppStatus = 'SALE'): Promise<void> {
    await this.#ops.run('setRolloutRate', { body: { contentId: checkContentId(contentId), function: 'DISABLE_ROLLOUT', appStatus: checkAppStatus(appStatus) } });
  }

  /** `GET /seller/v2/content/stagedRolloutBinary`. */
  async binaries(contentId: string): Promise<RolloutBinary[]> {
    const res = await this.#ops.run('getRolloutBinaries', { query: { contentId: checkContentId(contentId) } });
    const list = v2Data(res, '/seller/v2/content/stagedRolloutBinary').binaries;
    return Array.isArray(list) ? (list as RolloutBinary[]).map((b) => ({ ...b, seq: Number(b.seq), fileSize: asText(b.fileSize), versionCode: asText(b.versionCode) })) : [];
  }

  /** `PUT /seller/v2/content/stagedRolloutBinary` `ADD` or `REMOVE`. */
  async setBinary(contentId: string, action: 'ADD' | 'REMOVE', binarySeq: string): Promise<void> {
    if (action !== 'ADD' && action !== 'REMOVE') throw invalidInput('The action is ADD or REMOVE.');
    if (!/^\d{1,20}$/.test(String(binarySeq))) throw invalidInput('binarySeq is a string of digits.');
    await this.#ops.run('setRolloutBinary', { body: { contentId: checkContentId(contentId), function: action, binarySeq: String(binarySeq) } });
  }
}
