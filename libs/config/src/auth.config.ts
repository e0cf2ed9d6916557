import { plainToInstance } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsUrl, MinLength, ValidateIf, validateSync } from 'class-validator';
import { toFieldErrors } from '@app/validation';

const withJwks = (config: AuthConfig) => config.jwksUrl !== undefined;
const LOOPBACK_URL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * How bearer tokens are verified (`HINDSIGHT_JWT_*`, `HINDSIGHT_JWKS_URL`): an HS256 shared secret, or the
 * JWKS of an identity provider (RS256/ES256). Neither: no key is configured, and `serve` then serves
 * ingest and gRPC unauthenticated on loopback only, and agent tokens with its development key.
 */
export class AuthConfig {
  /** HS256 secret shared with whoever mints the tokens; 32 characters at least (256 bits, RFC 7518 §3.2). */
  @IsOptional()
  @MinLength(32, { message: 'jwtSecret must be at least 32 characters long (HS256 needs a 256-bit key)' })
  jwtSecret?: string;

  /** An identity provider's JSON Web Key Set; https, or http on a loopback host only. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'jwksUrl must be an http(s) URL' })
  jwksUrl?: string;

  /** Required with a JWKS: a provider signs tokens for many audiences and issuers, only ours are accepted. */
  @ValidateIf((config: AuthConfig) => withJwks(config) || config.jwtIssuer !== undefined)
  @IsNotEmpty({ message: 'jwtIssuer is required with HINDSIGHT_JWKS_URL' })
  jwtIssuer?: string;

  @ValidateIf((config: AuthConfig) => withJwks(config) || config.jwtAudience !== undefined)
  @IsNotEmpty({ message: 'jwtAudience is required with HINDSIGHT_JWKS_URL' })
  jwtAudience?: string;

  /** Where `serve` keeps its development key; by default next to the SQLite store, else ./data. */
  @IsOptional()
  @IsNotEmpty()
  dataDirectory?: string;

  // The secret never reaches a log or an error: whoever prints the configuration gets it redacted.
  toJSON(): Record<string, unknown> {
    return { ...Object.fromEntries(Object.entries(this)), jwtSecret: this.jwtSecret === undefined ? undefined : '***' };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): Record<string, unknown> {
    return this.toJSON();
  }
}

/** Environment variable behind each setting. */
export const AUTH_CONFIG_ENVIRONMENT: Record<keyof Omit<AuthConfig, 'toJSON'>, string> = {
  jwtSecret: 'HINDSIGHT_JWT_SECRET',
  jwksUrl: 'HINDSIGHT_JWKS_URL',
  jwtIssuer: 'HINDSIGHT_JWT_ISSUER',
  jwtAudience: 'HINDSIGHT_JWT_AUDIENCE',
  dataDirectory: 'HINDSIGHT_DATA_DIR',
};

/** Whether a key is configured: then every ingest and gRPC call needs a service token, on any host. */
export function hasConfiguredKey(config: AuthConfig): boolean {
  return config.jwtSecret !== undefined || config.jwksUrl !== undefined;
}

/** The auth settings from the environment, and what is wrong with them (each problem names its variable). */
export function readAuthConfig(environment: NodeJS.ProcessEnv): { config: AuthConfig; problems: string[] } {
  const raw: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(AUTH_CONFIG_ENVIRONMENT)) {
    const value = environment[variable];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AuthConfig, raw);
  const problems = toFieldErrors(validateSync(config)).map(
    ({ field, message }) =>
      `${AUTH_CONFIG_ENVIRONMENT[field as keyof typeof AUTH_CONFIG_ENVIRONMENT] ?? field} (${field}): ${field} ${message}`,
  );
  // Two sources of truth would make "which key signed this?" a question; one is configured, or none.
  if (config.jwtSecret !== undefined && config.jwksUrl !== undefined)
    problems.push('HINDSIGHT_JWT_SECRET and HINDSIGHT_JWKS_URL: configure one of them, not both');
  if (config.jwksUrl !== undefined && problems.length === 0 && !isSafeJwksUrl(config.jwksUrl))
    problems.push('HINDSIGHT_JWKS_URL (jwksUrl): jwksUrl must be https (http only on a loopback host): the keys decide who is trusted');
  return { config, problems };
}

function isSafeJwksUrl(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || LOOPBACK_URL_HOSTS.has(parsed.hostname);
}
