import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One token request as App Service's managed identity endpoint receives it. */
export interface TokenRequest {
  resource: string;
  clientId: string;
  identityHeader: string;
}

/**
 * A stand-in for App Service's managed identity endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER,
 * api-version 2019-08-01): it hands out a token for any user-assigned identity and records who
 * asked for which resource. The token is an unsigned JWT naming the identity (appid) and the
 * resource (aud), so a receiving stand-in can tell whose token it got.
 */
export class ManagedIdentityEndpoint {
  readonly requests: TokenRequest[] = [];
  readonly header = 'test-identity-header';

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<ManagedIdentityEndpoint> {
    let endpoint: ManagedIdentityEndpoint | undefined;
    const server = createServer((req, res) => {
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const request: TokenRequest = {
        resource: query.get('resource') ?? '',
        clientId: query.get('client_id') ?? '',
        identityHeader: String(req.headers['x-identity-header'] ?? ''),
      };
      endpoint?.requests.push(request);
      if (request.identityHeader !== endpoint?.header) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid identity header' }));
        return;
      }
      const expiresOn = Math.floor(Date.now() / 1000) + 3600;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: unsignedJwt({ aud: request.resource, appid: request.clientId, exp: expiresOn }),
          expires_on: String(expiresOn),
          resource: request.resource,
          token_type: 'Bearer',
          client_id: request.clientId,
        }),
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    endpoint = new ManagedIdentityEndpoint(server, `http://127.0.0.1:${port}/msi/token`);
    return endpoint;
  }

  /** What App Service sets in a web app with a managed identity. */
  env(): Record<string, string> {
    return { IDENTITY_ENDPOINT: this.url, IDENTITY_HEADER: this.header };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/** The claims of a JWT, unverified: for stand-ins that only need to see whose token it is. */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
