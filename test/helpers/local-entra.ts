import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export const TAB_CLIENT_ID = '11111111-2222-4333-8444-555555555555';
export const TAB_SCOPE = 'access_as_user';

/**
 * Entra ID's discovery and signing keys, served on this machine: an OpenID configuration and a
 * JWKS the bot fetches over real HTTP, and a signer for tokens as Entra would issue them.
 */
export class LocalEntra {
  private constructor(
    private readonly server: Server,
    private readonly privateKey: PrivateKey,
    readonly openIdConfigurationUrl: string,
  ) {}

  static async start(): Promise<LocalEntra> {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key-1', use: 'sig', alg: 'RS256' };
    let base = '';
    const server = createServer((req, res) => {
      if (req.url === '/common/v2.0/.well-known/openid-configuration') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
            jwks_uri: `${base}/common/discovery/v2.0/keys`,
          }),
        );
      } else if (req.url === '/common/discovery/v2.0/keys') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [jwk] }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new LocalEntra(server, privateKey, `${base}/common/v2.0/.well-known/openid-configuration`);
  }

  /** The environment that points the bot's tab API at this issuer. */
  env(): Record<string, string> {
    return {
      TAB_CLIENT_ID,
      TAB_SSO_SCOPE: TAB_SCOPE,
      ENTRA_OPENID_CONFIGURATION_URL: this.openIdConfigurationUrl,
    };
  }

  /** A v2 access token for the tab, as Entra issues it; `claims` and `expiresIn` override. */
  async token(
    who: { tenantId: string; aadObjectId: string; name?: string },
    claims: JWTPayload = {},
    expiresIn: string | number = '1h',
  ): Promise<string> {
    return new SignJWT({
      tid: who.tenantId,
      oid: who.aadObjectId,
      name: who.name ?? 'Test',
      scp: TAB_SCOPE,
      ver: '2.0',
      iss: `https://login.microsoftonline.com/${who.tenantId}/v2.0`,
      aud: TAB_CLIENT_ID,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(this.privateKey);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
