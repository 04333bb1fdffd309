import { once } from 'node:events';
import type { Server } from 'node:https';
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { generate } from 'selfsigned';

/**
 * The in-process Cosmos-compatible server used locally and in tests. It gets a fresh
 * certificate for localhost, and the client trusts exactly that certificate: TLS stays
 * verified without turning off certificate checks for the whole process.
 */
export interface LocalCosmosServer {
  endpoint: string;
  agent: Agent;
  close(): Promise<void>;
}

export async function startLocalCosmosServer(port = 0): Promise<LocalCosmosServer> {
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 365 * 24 * 3600_000),
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const server: Server = createHttpsServer({ cert: pems.cert, key: pems.private });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const { port: boundPort } = server.address() as AddressInfo;
  const agent = new Agent({ ca: pems.cert, keepAlive: true });
  return {
    endpoint: `https://127.0.0.1:${boundPort}`,
    agent,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
