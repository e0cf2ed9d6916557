import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, link, lstat, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseStoreUrl } from '@app/config';
import type { DevelopmentKey, DevelopmentKeyStore } from './development-key.store';

export const DEVELOPMENT_KEY_FILE = 'hindsight-development.key';
/** Where the development key goes when the store says nothing (PostgreSQL, an in-memory SQLite). */
export const DEFAULT_DATA_DIRECTORY = './data';
const KEY_BYTES = 32;

/**
 * The directory of the development key: HINDSIGHT_DATA_DIR when set; else the SQLite store's directory
 * (the key lives and is deleted with the data it guards); else ./data.
 */
export function developmentKeyDirectory(store: string, dataDirectory?: string): string {
  if (dataDirectory !== undefined) return resolve(dataDirectory);
  const location = parseStoreUrl(store);
  if (location.engine === 'sqlite' && location.target !== ':memory:') return resolve(dirname(location.target));
  return resolve(DEFAULT_DATA_DIRECTORY);
}

/** The development key in a file only its owner can read (0600): base64url text, one line. */
export class FileDevelopmentKeyStore implements DevelopmentKeyStore {
  private readonly path: string;

  constructor(private readonly directory: string) {
    this.path = join(directory, DEVELOPMENT_KEY_FILE);
  }

  async loadOrCreate(): Promise<DevelopmentKey> {
    const existing = await this.read();
    if (existing !== undefined) return existing;
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const secret = randomBytes(KEY_BYTES);
    // Written whole under another name, then linked into place: a reader never sees half a key, and of
    // two processes starting at once one creates it and the other finds it (link fails with EEXIST).
    const temporary = join(this.directory, `.${DEVELOPMENT_KEY_FILE}.${randomUUID()}`);
    await writeFile(temporary, `${secret.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      await chmod(temporary, 0o600);
      await link(temporary, this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw this.failure('cannot be created', error);
      return (await this.read())!;
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
    return { secret, location: this.path, created: true };
  }

  private async read(): Promise<DevelopmentKey | undefined> {
    let mode: number;
    try {
      const stat = await lstat(this.path);
      if (!stat.isFile()) throw this.failure('is not a regular file');
      mode = stat.mode;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error instanceof DevelopmentKeyError ? error : this.failure('cannot be read', error);
    }
    // Like ssh with a private key: a key others can read signs tokens for anyone.
    if ((mode & 0o077) !== 0) {
      throw this.failure(`can be read by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); chmod 600 it, or delete it`);
    }
    const text = (
      await readFile(this.path, 'utf8').catch((error: unknown) => Promise.reject(this.failure('cannot be read', error)))
    ).trim();
    const secret = Buffer.from(text, 'base64url');
    if (!/^[A-Za-z0-9_-]+$/.test(text) || secret.byteLength < KEY_BYTES) {
      throw this.failure(`is not a development key (${KEY_BYTES} bytes, base64url); delete it and a new one is created`);
    }
    return { secret, location: this.path, created: false };
  }

  private failure(problem: string, cause?: unknown): DevelopmentKeyError {
    const reason = cause instanceof Error ? `: ${(cause as NodeJS.ErrnoException).code ?? cause.message}` : '';
    return new DevelopmentKeyError(`the development key ${this.path} ${problem}${reason}`, { cause });
  }
}

export class DevelopmentKeyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DevelopmentKeyError';
  }
}
