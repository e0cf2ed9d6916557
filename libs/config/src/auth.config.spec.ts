import { inspect } from 'node:util';
import { hasConfiguredKey, readAuthConfig } from './auth.config';
import { ConfigError } from './config.error';
import { loadConfig } from './hindsight.config';

const SECRET = 's'.repeat(32);

describe('auth settings', () => {
  it('configure no key by default: serve then serves loopback only', () => {
    const config = loadConfig({});
    expect(config.auth).toMatchObject({ jwtSecret: undefined, jwksUrl: undefined });
    expect(hasConfiguredKey(config.auth)).toBe(false);
  });

  it.each([
    [{ HINDSIGHT_JWT_SECRET: SECRET }, { jwtSecret: SECRET }],
    [
      { HINDSIGHT_JWT_SECRET: SECRET, HINDSIGHT_JWT_ISSUER: 'idp', HINDSIGHT_JWT_AUDIENCE: 'hindsight' },
      { jwtIssuer: 'idp', jwtAudience: 'hindsight' },
    ],
    [
      {
        HINDSIGHT_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
        HINDSIGHT_JWT_ISSUER: 'https://idp.example',
        HINDSIGHT_JWT_AUDIENCE: 'hindsight',
      },
      { jwksUrl: 'https://idp.example/.well-known/jwks.json' },
    ],
    [
      { HINDSIGHT_JWKS_URL: 'http://127.0.0.1:8080/jwks', HINDSIGHT_JWT_ISSUER: 'i', HINDSIGHT_JWT_AUDIENCE: 'a' },
      { jwksUrl: 'http://127.0.0.1:8080/jwks' },
    ],
    [{ HINDSIGHT_DATA_DIR: '/var/lib/hindsight' }, { dataDirectory: '/var/lib/hindsight' }],
  ])('read %j', (environment, expected) => {
    const config = loadConfig(environment);
    expect(config.auth).toMatchObject(expected);
    expect(hasConfiguredKey(config.auth)).toBe('HINDSIGHT_JWT_SECRET' in environment || 'HINDSIGHT_JWKS_URL' in environment);
  });

  it.each([
    [
      { HINDSIGHT_JWT_SECRET: 'short' },
      'HINDSIGHT_JWT_SECRET (jwtSecret): jwtSecret must be at least 32 characters long (HS256 needs a 256-bit key)',
    ],
    [
      { HINDSIGHT_JWKS_URL: 'not a url', HINDSIGHT_JWT_ISSUER: 'i', HINDSIGHT_JWT_AUDIENCE: 'a' },
      'HINDSIGHT_JWKS_URL (jwksUrl): jwksUrl must be an http(s) URL',
    ],
    [
      { HINDSIGHT_JWKS_URL: 'ftp://idp/jwks', HINDSIGHT_JWT_ISSUER: 'i', HINDSIGHT_JWT_AUDIENCE: 'a' },
      'HINDSIGHT_JWKS_URL (jwksUrl): jwksUrl must be an http(s) URL',
    ],
    [
      { HINDSIGHT_JWKS_URL: 'http://idp.example/jwks', HINDSIGHT_JWT_ISSUER: 'i', HINDSIGHT_JWT_AUDIENCE: 'a' },
      'HINDSIGHT_JWKS_URL (jwksUrl): jwksUrl must be https (http only on a loopback host): the keys decide who is trusted',
    ],
    [
      { HINDSIGHT_JWKS_URL: 'https://idp/jwks', HINDSIGHT_JWT_AUDIENCE: 'a' },
      'HINDSIGHT_JWT_ISSUER (jwtIssuer): jwtIssuer is required with HINDSIGHT_JWKS_URL',
    ],
    [
      { HINDSIGHT_JWKS_URL: 'https://idp/jwks', HINDSIGHT_JWT_ISSUER: 'i' },
      'HINDSIGHT_JWT_AUDIENCE (jwtAudience): jwtAudience is required with HINDSIGHT_JWKS_URL',
    ],
    [
      { HINDSIGHT_JWT_SECRET: SECRET, HINDSIGHT_JWKS_URL: 'https://idp/jwks', HINDSIGHT_JWT_ISSUER: 'i', HINDSIGHT_JWT_AUDIENCE: 'a' },
      'HINDSIGHT_JWT_SECRET and HINDSIGHT_JWKS_URL: configure one of them, not both',
    ],
  ])('refuse %j, naming the variable', (environment, problem) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(expect.objectContaining({ problems: [problem] }));
  });

  it('never show the secret, not even in a refusal', () => {
    const secret = 'not-for-your-eyes-but-long-enough-000';
    const config = loadConfig({ HINDSIGHT_JWT_SECRET: secret });
    expect(JSON.stringify(config)).not.toContain(secret);
    expect(inspect(config, { depth: 5 })).not.toContain(secret);
    expect(() => loadConfig({ HINDSIGHT_JWT_SECRET: 'tiny-secret' })).toThrow(
      expect.not.objectContaining({ message: expect.stringContaining('tiny-secret') }),
    );
    expect(readAuthConfig({ HINDSIGHT_JWT_SECRET: 'tiny-secret' }).problems.join()).not.toContain('tiny-secret');
  });
});
