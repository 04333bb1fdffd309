import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Bot Framework's token signing service, the part of Teams' authentication that
 * lives outside this machine: it publishes an OpenID metadata document and its signing key (with
 * Teams' endorsement) and signs tokens the way the Bot Connector does, so botbuilder's real JWT
 * check runs against it.
 */
export class BotFrameworkKeys {
  static readonly ISSUER = 'https://api.botframework.com';
  private static readonly KID = 'daadkracht-test-key';

  private constructor(
    private readonly server: Server,
    readonly metadataUrl: string,
    private readonly privateKey: KeyObject,
  ) {}

  static async start(): Promise<BotFrameworkKeys> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const server = createServer((req, res) => {
      const { port } = server.address() as AddressInfo;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/keys') {
        const key = {
          kty: 'RSA',
          use: 'sig',
          kid: BotFrameworkKeys.KID,
          n: jwk.n,
          e: jwk.e,
          endorsements: ['msteams'],
        };
        res.end(JSON.stringify({ keys: [key] }));
        return;
      }
      res.end(JSON.stringify({ issuer: BotFrameworkKeys.ISSUER, jwks_uri: `http://127.0.0.1:${port}/keys` }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const metadata = `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`;
    return new BotFrameworkKeys(
      server,
      metadata,
      createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })),
    );
  }

  /** The Authorization header the Bot Connector sends to `appId` for an activity from `serviceUrl`. */
  authorization(appId: string, serviceUrl: string): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: BotFrameworkKeys.KID };
    const claims = {
      iss: BotFrameworkKeys.ISSUER,
      aud: appId,
      serviceurl: serviceUrl,
      nbf: now - 60,
      iat: now,
      exp: now + 3600,
    };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode(header)}.${encode(claims)}`;
    const signature = sign('sha256', Buffer.from(unsigned), this.privateKey).toString('base64url');
    return `Bearer ${unsigned}.${signature}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
