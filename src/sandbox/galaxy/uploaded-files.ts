/**
 * Upload sessions and uploaded files of the sandbox's upload host (PROTOCOL §2.5, §3): sessions
 * valid for a configurable time (24 h by default) and spent by a failed upload; file names unique
 * across uploads; each fileKey usable for one binary.
 */
import { randomBytes } from 'node:crypto';

export interface UploadedFile {
  fileKey: string;
  fileName: string;
  fileSize: number;
  serviceAccountId: string;
  /** Set once a binary uses it. */
  binarySeq?: string;
}

interface Session {
  serviceAccountId: string;
  expiresAt: number;
}

export class UploadedFiles {
  readonly #sessions = new Map<string, Session>();
  readonly #files = new Map<string, UploadedFile>();
  readonly #names = new Set<string>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(ttlMs = 24 * 3600 * 1000, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  newSession(serviceAccountId: string): string {
    const id = randomBytes(18).toString('base64url');
    this.#sessions.set(id, { serviceAccountId, expiresAt: this.#now() + this.#ttlMs });
    if (this.#sessions.size > 10_000) this.#sessions.delete(this.#sessions.keys().next().value as string);
    return id;
  }

  /** True when the session exists, is this account's and has not expired. */
  sessionValid(id: string, serviceAccountId: string): boolean {
    const s = this.#sessions.get(id);
    return s !== undefined && s.serviceAccountId === serviceAccountId && s.expiresAt > this.#now();
  }

  /** A failed upload spends its session. */
  spend(id: string): void {
    this.#sessions.delete(id);
  }

  nameTaken(fileName: string): boolean {
    return this.#names.has(fileName);
  }

  /** Records a finished upload (the session is used up) and answers its fileKey. */
  store(sessionId: string, file: Omit<UploadedFile, 'fileKey'>): UploadedFile {
    this.#sessions.delete(sessionId);
    const record = { ...file, fileKey: randomBytes(12).toString('hex') };
    this.#files.set(record.fileKey, record);
    this.#names.add(file.fileName);
    return record;
  }

  file(fileKey: string, serviceAccountId: string): UploadedFile | undefined {
    const f = this.#files.get(fileKey);
    return f && f.serviceAccountId === serviceAccountId ? f : undefined;
  }

  /** Uploads received since start. */
  get count(): number {
    return this.#files.size;
  }
}
