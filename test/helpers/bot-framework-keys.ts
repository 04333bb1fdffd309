import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const ISSUER = 'https://api.botframework.com';
const KEY_ID = 'daadkracht-test-key';

/**
 * A stand-in for the Bot Framework's token signing keys (its OpenID metadata and JWKS), endorsed
 * for Teams, and a signer that issues the tokens Teams' Bot Connector service would attach to
 * activities: signed with the local key, audience the bot's app id, service URL as a claim.
 */
export class BotFrameworkKeys {
  private constructor(
    private readonly server: Server,
    readonly metadataUrl: string,
    private readonly privateKey: KeyObject,
  ) {}

  static async start(): Promise<BotFrameworkKeys> {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    let base = '';
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/keys') {
        res.end(JSON.stringify({ keys: [{ ...jwk, kid: KEY_ID, use: 'sig', endorsements: ['msteams'] }] }));
      } else {
        res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/keys` }));
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new BotFrameworkKeys(server, `${base}/.well-known/openidconfiguration`, privateKey);
  }

  /** `Bearer <token>` as the channel would send it to the bot registration `appId`. */
  authorization(appId: string, serviceUrl: string): string {
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'RS256', typ: 'JWT', kid: KEY_ID })}.${part({
      iss: ISSUER,
      aud: appId,
      serviceurl: serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      exp: now + 3600,
    })}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(this.privateKey).toString('base64url');
    return `Bearer ${unsigned}.${signature}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
