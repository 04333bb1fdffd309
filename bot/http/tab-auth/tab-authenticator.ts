import type { TabConfig } from '../../config';
import { entraTokenVerifier, type TabIdentity, TokenRejected } from './entra-token-verifier';

/** Turns a request's Authorization header into who is asking, or throws TokenRejected. */
export type TabAuthenticator = (authorization: string | undefined) => Promise<TabIdentity>;

/**
 * Production: a bearer token from Entra ID, verified. Local mode (never with an app id, see
 * bot/config.ts): everyone is the configured local user, and the page says so in a banner.
 */
export function tabAuthenticator(
  config: TabConfig,
  isTenantAllowed: (tenantId: string) => boolean,
): TabAuthenticator {
  if (config.localMode) {
    const local: TabIdentity = {
      tenantId: config.localTenantId,
      aadObjectId: config.localUserId,
      name: 'Lokaal',
    };
    return async () => local;
  }
  const clientId = config.clientId;
  if (!clientId) {
    return async () => {
      throw new TokenRejected('ERR_SSO_NOT_CONFIGURED');
    };
  }
  const verify = entraTokenVerifier({
    openIdConfigurationUrl: config.openIdConfigurationUrl,
    clientId,
    scope: config.scope,
    isTenantAllowed,
  });
  return async (authorization) => {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization ?? '');
    if (!match?.[1]) throw new TokenRejected('ERR_NO_BEARER_TOKEN');
    return verify(match[1]);
  };
}
