/** Reads environment variables for the config loader, collecting every problem instead of stopping at the first. */
import type { ConfigProblem } from '../errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

export class EnvReader {
  readonly problems: ConfigProblem[] = [];
  readonly warnings: string[] = [];
  readonly #env: Env;

  constructor(env: Env) {
    this.#env = env;
  }

  /** The trimmed value, or undefined when unset or empty. */
  str(name: string): string | undefined {
    const v = this.#env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  }

  /** A whole number from min to max, or the fallback (with a problem when set but wrong). */
  int(name: string, fallback: number, min: number, max: number, example: string): number {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
      this.problem({ variable: name, problem: `must be a whole number from ${min} to ${max}`, example });
      return fallback;
    }
    return n;
  }

  /** `1`/`true` or `0`/`false`; the fallback when unset. */
  flag(name: string, fallback: boolean): boolean {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    if (raw === '1' || raw === 'true') return true;
    if (raw === '0' || raw === 'false') return false;
    this.problem({ variable: name, problem: 'must be 1 or 0', example: fallback ? '1' : '0' });
    return fallback;
  }

  /** One of `choices`; the fallback when unset (with a problem when set to something else). */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    if ((choices as readonly string[]).includes(raw)) return raw as T;
    this.problem({ variable: name, problem: `must be ${choices.map((c) => `"${c}"`).join(', ')}`, example: choices[0] });
    return fallback;
  }

  problem(p: ConfigProblem): void {
    this.problems.push(p);
  }
}
