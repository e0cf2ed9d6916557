import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_DATA_DIRECTORY, DEVELOPMENT_KEY_FILE, developmentKeyDirectory, FileDevelopmentKeyStore } from './development-key.file';

describe('developmentKeyDirectory', () => {
  it.each([
    ['sqlite:/var/lib/hindsight/hindsight.db', undefined, '/var/lib/hindsight'],
    ['sqlite:./data/hindsight.db', undefined, resolve('data')],
    ['sqlite:///srv/h.db', undefined, '/srv'],
    ['sqlite::memory:', undefined, resolve(DEFAULT_DATA_DIRECTORY)],
    ['postgres://hindsight@db/hindsight', undefined, resolve(DEFAULT_DATA_DIRECTORY)],
    ['postgres://hindsight@db/hindsight', '/var/lib/hindsight', '/var/lib/hindsight'],
    ['sqlite:/var/lib/hindsight/hindsight.db', '/etc/hindsight', '/etc/hindsight'],
  ])('%s with HINDSIGHT_DATA_DIR %s → %s', (store, dataDirectory, directory) => {
    expect(developmentKeyDirectory(store, dataDirectory)).toBe(directory);
  });
});

describe('FileDevelopmentKeyStore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hindsight-key-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates a 256-bit key readable by its owner only (0600), in a directory it creates, then reuses it', async () => {
    const directory = join(root, 'nested', 'data');
    const created = await new FileDevelopmentKeyStore(directory).loadOrCreate();
    const path = join(directory, DEVELOPMENT_KEY_FILE);
    expect(created).toMatchObject({ location: path, created: true });
    expect(created.secret.byteLength).toBe(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(`${Buffer.from(created.secret).toString('base64url')}\n`);
    expect(readdirSync(directory)).toEqual([DEVELOPMENT_KEY_FILE]);

    const again = await new FileDevelopmentKeyStore(directory).loadOrCreate();
    expect(again).toMatchObject({ location: path, created: false });
    expect(Buffer.from(again.secret).equals(Buffer.from(created.secret))).toBe(true);
  });

  it('gives every process starting at once the same key', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => new FileDevelopmentKeyStore(root).loadOrCreate()));
    expect(keys.filter((key) => key.created)).toHaveLength(1);
    expect(new Set(keys.map((key) => Buffer.from(key.secret).toString('hex'))).size).toBe(1);
    expect(readdirSync(root)).toEqual([DEVELOPMENT_KEY_FILE]);
  });

  it('never creates two different keys: the second store reads the first one', async () => {
    const first = await new FileDevelopmentKeyStore(root).loadOrCreate();
    const second = await new FileDevelopmentKeyStore(root).loadOrCreate();
    expect(Buffer.from(second.secret).toString('hex')).toBe(Buffer.from(first.secret).toString('hex'));
  });

  it.each([
    ['readable by its group', 0o640, /can be read by others \(mode 0640\); chmod 600 it/],
    ['readable by everyone', 0o644, /can be read by others \(mode 0644\)/],
  ])('refuses a key %s', async (_name, mode, message) => {
    await new FileDevelopmentKeyStore(root).loadOrCreate();
    chmodSync(join(root, DEVELOPMENT_KEY_FILE), mode);
    await expect(new FileDevelopmentKeyStore(root).loadOrCreate()).rejects.toThrow(message);
  });

  it.each([
    ['empty', ''],
    ['too short', `${Buffer.alloc(16, 1).toString('base64url')}\n`],
    ['not base64url', 'this is not a key at all, not even close!!\n'],
  ])('refuses a key file that is %s, and leaves it alone', async (_name, content) => {
    const path = join(root, DEVELOPMENT_KEY_FILE);
    writeFileSync(path, content, { mode: 0o600 });
    await expect(new FileDevelopmentKeyStore(root).loadOrCreate()).rejects.toThrow(/is not a development key .* delete it/);
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('refuses a directory where the key should be', async () => {
    mkdirSync(join(root, DEVELOPMENT_KEY_FILE));
    await expect(new FileDevelopmentKeyStore(root).loadOrCreate()).rejects.toThrow(/is not a regular file/);
  });
});
