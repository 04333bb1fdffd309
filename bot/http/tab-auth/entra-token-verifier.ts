import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';

/** Who a verified tab token names: the same pair chat activities carry. */
export interface TabIdentity {
  tenantId: string;
  aadObjectId: string;
  name: string;
}

export interface TokenVerifierOptions {
  /** Entra ID's OpenID configuration (tests serve their own). */
  openIdConfigurationUrl: string;
  /** The SSO app registration's client id: the one audience form accepted (v2 tokens). */
  clientId: string;
  /** The exposed delegated scope that must be in `scp`. */
  scope: string;
  isTenantAllowed(tenantId: string): boolean;
}

/** Why a token was refused; logged as a reason code, never with the token. */
export class TokenRejected extends Error {
  constructor(readonly reason: string) {
    super(`tab token rejected: ${reason}`);
  }
}

interface OpenIdConfiguration {
  issuer: string;
  jwks_uri: string;
}

/**
 * Verifies the bearer tokens the tab sends with jose against the keys Entra ID publishes: the
 * signature (RS256 only, so `alg: none` and HMAC tricks fail), expiry, the one audience, the
 * issuer of the token's own tenant, the tenant allow-list and the exposed scope.
 */
export function entraTokenVerifier(options: TokenVerifierOptions) {
  let discovery: Promise<{ issuerTemplate: string; keys: ReturnType<typeof createRemoteJWKSet> }> | undefined;
  const discover = () => {
    discovery ??= (async () => {
      const response = await fetch(options.openIdConfigurationUrl);
      if (!response.ok) throw new Error(`OpenID configuration answered ${response.status}`);
      const document = (await response.json()) as OpenIdConfiguration;
      return { issuerTemplate: document.issuer, keys: createRemoteJWKSet(new URL(document.jwks_uri)) };
    })();
    // A failed discovery is tried again on the next request rather than cached for ever.
    discovery.catch(() => {
      discovery = undefined;
    });
    return discovery;
  };

  return async function verify(token: string): Promise<TabIdentity> {
    const { issuerTemplate, keys } = await discover();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256'],
        audience: options.clientId,
        requiredClaims: ['exp', 'iss', 'tid', 'oid'],
      }));
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new TokenRejected(error.code);
      throw error;
    }
    const tenantId = String(payload.tid).toLowerCase();
    // Multi-tenant discovery names the issuer with a placeholder; the token must come from its own tenant.
    const expectedIssuer = issuerTemplate.replace('{tenantid}', tenantId);
    if (payload.iss !== expectedIssuer) throw new TokenRejected('ERR_WRONG_ISSUER');
    if (!options.isTenantAllowed(tenantId)) throw new TokenRejected('ERR_TENANT_NOT_ALLOWED');
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(options.scope)) throw new TokenRejected('ERR_MISSING_SCOPE');
    return {
      tenantId,
      aadObjectId: String(payload.oid).toLowerCase(),
      name: typeof payload.name === 'string' ? payload.name : '',
    };
  };
}

export type TokenVerifier = ReturnType<typeof entraTokenVerifier>;
