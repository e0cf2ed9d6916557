import { isLoopbackHost, unauthenticatedHostProblem } from './loopback-host.rule';

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['0000::0001', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.1', false],
    ['192.168.1.20', false],
    ['128.0.0.1', false],
    ['1.127.0.0', false],
    ['::2', false],
    ['::ffff:10.0.0.1', false],
    ['::ffff:0.0.0.0', false],
    ['fe80::1', false],
    ['', false],
    ['LOCALHOST.example', false],
    ['127.0.0.1.nip.io', false],
  ])('%j → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});

describe('unauthenticatedHostProblem', () => {
  it.each([
    ['127.0.0.1', false, false],
    ['::1', false, false],
    ['0.0.0.0', true, false],
    ['10.0.0.1', true, false],
    ['0.0.0.0', false, true],
    ['::', false, true],
    ['10.0.0.1', false, true],
  ])('host %s with a key configured: %s → refused: %s', (host, keyConfigured, refused) => {
    expect(unauthenticatedHostProblem(host, keyConfigured) !== undefined).toBe(refused);
  });

  it('names the host and the settings that would allow it', () => {
    expect(unauthenticatedHostProblem('0.0.0.0', false)).toBe(
      'HINDSIGHT_HOST 0.0.0.0 is not loopback and no key is configured (HINDSIGHT_JWT_SECRET or HINDSIGHT_JWKS_URL): ' +
        'without a key, ingest and gRPC are served unauthenticated, on 127.0.0.1, ::1 or localhost only',
    );
  });
});
