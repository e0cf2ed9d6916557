import { ConfigError } from './config.error';
import { loadConfig } from './hindsight.config';
import { describeStoreUrl, parseStoreUrl } from './store-url';

describe('parseStoreUrl', () => {
  it.each([
    ['sqlite:./data/hindsight.db', { engine: 'sqlite', target: './data/hindsight.db' }],
    ['sqlite:/var/lib/hindsight.db', { engine: 'sqlite', target: '/var/lib/hindsight.db' }],
    ['sqlite:///var/lib/hindsight.db', { engine: 'sqlite', target: '/var/lib/hindsight.db' }],
    ['sqlite::memory:', { engine: 'sqlite', target: ':memory:' }],
    ['postgres://user:secret@db:5432/hindsight', { engine: 'postgres', target: 'postgres://user:secret@db:5432/hindsight' }],
    ['postgresql://db/hindsight', { engine: 'postgres', target: 'postgresql://db/hindsight' }],
  ])('%s names %j', (url, location) => {
    expect(parseStoreUrl(url)).toEqual(location);
    expect(loadConfig({ HINDSIGHT_STORE: url }).store).toBe(url);
  });

  it.each([
    ['sqlite:', /has no file path/],
    ['mysql://db/hindsight', /must start with sqlite: or postgres:\/\//],
    ['postgres://', /must start with sqlite: or postgres:\/\//],
    ['hindsight.db', /must start with sqlite: or postgres:\/\//],
  ])('%s is refused, by the parser and by the configuration alike', (url, message) => {
    expect(() => parseStoreUrl(url)).toThrow(ConfigError);
    expect(() => parseStoreUrl(url)).toThrow(message);
    expect(() => loadConfig({ HINDSIGHT_STORE: url })).toThrow(/HINDSIGHT_STORE \(store\): store must be sqlite:PATH or postgres/);
  });

  it('never quotes the password of a URL it refuses', () => {
    expect(() => parseStoreUrl('mysql://user:s3cret@db/hindsight')).toThrow('store URL "mysql://user:***@db/hindsight" must start with');
  });
});

describe('describeStoreUrl', () => {
  it.each([
    ['postgres://user:secret@db:5432/hindsight', 'postgres://user:***@db:5432/hindsight'],
    ['postgres://db/hindsight', 'postgres://db/hindsight'],
    ['sqlite:./data/hindsight.db', 'sqlite:./data/hindsight.db'],
  ])('%s is logged as %s', (url, described) => {
    expect(describeStoreUrl(url)).toBe(described);
  });
});
