import { ValidateBy, type ValidationOptions } from 'class-validator';
import { ConfigError } from './config.error';

/** The embedded store: `npm start` works with nothing set. */
export const DEFAULT_STORE_URL = 'sqlite:./data/hindsight.db';

/** The database a store URL names: a SQLite file, or a PostgreSQL connection string. */
export interface StoreLocation {
  readonly engine: 'sqlite' | 'postgres';
  readonly target: string;
}

const SQLITE_URL = /^sqlite:(.+)$/;
const POSTGRES_URL = /^postgres(ql)?:\/\/.+$/;

/** The location `url` names, or undefined when it names none. */
function locateStore(url: string): StoreLocation | undefined {
  const sqlite = SQLITE_URL.exec(url);
  // `sqlite:///abs/path` is accepted as well as `sqlite:/abs/path`.
  if (sqlite) return { engine: 'sqlite', target: sqlite[1].replace(/^\/\/(?=\/)/, '') };
  if (POSTGRES_URL.test(url)) return { engine: 'postgres', target: url };
  return undefined;
}

/** `sqlite:PATH` (a file; `sqlite::memory:` for tests) or `postgres://…` / `postgresql://…`. */
export function parseStoreUrl(url: string): StoreLocation {
  const location = locateStore(url);
  if (location) return location;
  throw new ConfigError([
    url.startsWith('sqlite:')
      ? `store URL "${url}" has no file path (e.g. ${DEFAULT_STORE_URL})`
      : `store URL "${describeStoreUrl(url)}" must start with sqlite: or postgres://`,
  ]);
}

/** A redacted form of the URL, safe for logs. */
export function describeStoreUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** The configuration's check of a store URL: the parser's own, so what start-up accepts every adapter opens. */
export function IsStoreUrl(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isStoreUrl', validator: { validate: (value: unknown) => typeof value === 'string' && locateStore(value) !== undefined } },
    validationOptions,
  );
}
