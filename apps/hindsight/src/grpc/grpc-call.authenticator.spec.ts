import { Metadata } from '@grpc/grpc-js';
import { AuthError, type Principal, type TokenVerifier } from '@app/auth';
import { GrpcCallAuthenticator } from './grpc-call.authenticator';

const VOICE: Principal = { kind: 'service', service: 'voice', scopes: ['history:read'] };

/** Valid for the token "good" only. */
const verifier: TokenVerifier = {
  verify: (token) => (token === 'good' ? Promise.resolve(VOICE) : Promise.reject(new AuthError('UNAUTHENTICATED', 'bad token'))),
};

const metadataOf = (...values: string[]) => {
  const metadata = new Metadata();
  for (const value of values) metadata.add('authorization', value);
  return metadata;
};

describe('GrpcCallAuthenticator', () => {
  it('verifies the bearer token of the authorization metadata', async () => {
    await expect(new GrpcCallAuthenticator(verifier).authenticate(metadataOf('Bearer good'))).resolves.toBe(VOICE);
  });

  it.each([
    ['no authorization metadata', [], /no bearer token/],
    ['two authorization entries', ['Bearer good', 'Bearer good'], /more than one authorization/],
    ['another scheme', ['Basic Z29vZA=='], /scheme must be Bearer/],
    ['a bad token', ['Bearer bad'], /bad token/],
  ])('refuses %s as UNAUTHENTICATED', async (_name, values, reason) => {
    await expect(new GrpcCallAuthenticator(verifier).authenticate(metadataOf(...values))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(reason),
    });
  });

  it('takes the warm-up pass during the warm-up only, for history of every workspace', async () => {
    const authenticator = new GrpcCallAuthenticator(verifier);
    const authorization = authenticator.beginWarmUp();
    expect(authorization).toMatch(/^Bearer [A-Za-z0-9_-]{43}$/);
    await expect(authenticator.authenticate(metadataOf(authorization))).resolves.toEqual({
      kind: 'service',
      service: 'hindsight-warm-up',
      scopes: ['history:read'],
    });
    await expect(authenticator.authenticate(metadataOf(`${authorization}x`))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(authenticator.authenticate(metadataOf(authorization.slice(0, -1)))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    authenticator.endWarmUp();
    await expect(authenticator.authenticate(metadataOf(authorization))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('draws a new pass for every warm-up', () => {
    const authenticator = new GrpcCallAuthenticator(verifier);
    expect(authenticator.beginWarmUp()).not.toBe(authenticator.beginWarmUp());
  });
});
