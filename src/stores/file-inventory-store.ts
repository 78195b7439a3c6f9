/**
 * The embedded default inventory store: one JSON document under DATA_DIR, kept in memory and
 * written through atomically (temporary file + fsync + rename) on every change; changes are
 * serialised so none is lost. The audit trail keeps the most recent `maxAuditEvents`.
 */
import { readFile } from 'node:fs/promises';
import { SamsungAuthError } from '../errors.js';
import type { AuditEvent, InventoryStore, TokenRecord } from '../portal/inventory-types.js';
import { writeFileAtomic } from './atomic-file.js';

interface InventoryDocument {
  version: 1;
  keyCheck?: string;
  tokens: TokenRecord[];
  audit: AuditEvent[];
}

export interface FileInventoryStoreOptions {
  /** Most audit events kept (oldest dropped). Default 10000. */
  maxAuditEvents?: number;
}

export class FileInventoryStore implements InventoryStore {
  readonly path: string;
  #doc: InventoryDocument;
  readonly #maxAudit: number;
  #queue: Promise<void> = Promise.resolve();

  private constructor(path: string, doc: InventoryDocument, options: FileInventoryStoreOptions) {
    this.path = path;
    this.#doc = doc;
    this.#maxAudit = options.maxAuditEvents ?? 10_000;
  }

  /** Opens (or starts) the store at `path`. A file that does not parse stops start-up with a clear error. */
  static async open(path: string, options: FileInventoryStoreOptions = {}): Promise<FileInventoryStore> {
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new SamsungAuthError('TOKEN_STORE_CORRUPT', `The token inventory at ${path} cannot be read (${(err as NodeJS.ErrnoException).code}).`, {
          hint: 'Check the file permissions of DATA_DIR.',
        });
      }
    }
    const doc = text === undefined ? { version: 1 as const, tokens: [], audit: [] } : parseDocument(text, path);
    return new FileInventoryStore(path, doc, options);
  }

  async getKeyCheck(): Promise<string | undefined> {
    return this.#doc.keyCheck;
  }

  setKeyCheck(sealed: string): Promise<void> {
    return this.#change(() => {
      this.#doc.keyCheck = sealed;
    });
  }

  async tokens(accountId: string): Promise<TokenRecord[]> {
    return this.#doc.tokens.filter((t) => t.accountId === accountId).map((t) => structuredClone(t));
  }

  addCurrentToken(record: TokenRecord): Promise<void> {
    return this.#change(() => {
      for (const t of this.#doc.tokens) if (t.accountId === record.accountId) t.current = false;
      this.#doc.tokens.push(structuredClone({ ...record, current: true }));
    });
  }

  async markRevoked(accountId: string, fingerprint: string, by: string, at: string): Promise<TokenRecord | undefined> {
    let updated: TokenRecord | undefined;
    await this.#change(() => {
      const t = this.#doc.tokens.find((x) => x.accountId === accountId && x.fingerprint === fingerprint);
      if (!t) return;
      t.revokedAt ??= at;
      t.revokedBy ??= by;
      updated = structuredClone(t);
    });
    return updated;
  }

  retireCurrent(accountId: string, fingerprint: string): Promise<void> {
    return this.#change(() => {
      const t = this.#doc.tokens.find((x) => x.accountId === accountId && x.fingerprint === fingerprint);
      if (t) t.current = false;
    });
  }

  resealToken(accountId: string, fingerprint: string, sealedToken: string): Promise<void> {
    return this.#change(() => {
      const t = this.#doc.tokens.find((x) => x.accountId === accountId && x.fingerprint === fingerprint);
      if (t) t.sealedToken = sealedToken;
    });
  }

  appendAudit(event: AuditEvent): Promise<void> {
    return this.#change(() => {
      this.#doc.audit.push(structuredClone(event));
      if (this.#doc.audit.length > this.#maxAudit) this.#doc.audit.splice(0, this.#doc.audit.length - this.#maxAudit);
    });
  }

  async recentAudit(accountIds: readonly string[], limit: number): Promise<AuditEvent[]> {
    const wanted = new Set(accountIds);
    const out: AuditEvent[] = [];
    for (let i = this.#doc.audit.length - 1; i >= 0 && out.length < limit; i--) {
      const e = this.#doc.audit[i]!;
      if (wanted.has(e.accountId)) out.push(structuredClone(e));
    }
    return out;
  }

  async close(): Promise<void> {
    await this.#queue;
  }

  /**
   * Applies a change in memory and persists the whole document; resolves once it is on disk.
   * If the write fails, the in-memory change is rolled back so memory never runs ahead of disk.
   */
  #change(mutate: () => void): Promise<void> {
    const run = async () => {
      const before = JSON.stringify(this.#doc);
      mutate();
      try {
        await writeFileAtomic(this.path, JSON.stringify(this.#doc));
      } catch (err) {
        this.#doc = JSON.parse(before) as InventoryDocument;
        throw new SamsungAuthError('INTERNAL', 'The token inventory could not be saved.', { status: 503, hint: 'Check free space and permissions of DATA_DIR.', cause: err });
      }
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

function parseDocument(text: string, path: string): InventoryDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new SamsungAuthError('TOKEN_STORE_CORRUPT', `The token inventory at ${path} is not valid JSON.`, {
      hint: 'Restore it from a backup, or move it away to start an empty inventory (tokens it lists stay valid at Samsung until revoked).',
    });
  }
  const d = doc as Partial<InventoryDocument>;
  if (typeof d !== 'object' || d === null || d.version !== 1 || !Array.isArray(d.tokens) || !Array.isArray(d.audit)) {
    throw new SamsungAuthError('TOKEN_STORE_CORRUPT', `The token inventory at ${path} is not in a format this version knows.`, {
      hint: 'Restore it from a backup, or move it away to start an empty inventory.',
    });
  }
  return d as InventoryDocument;
}
