import { writeFileSync } from 'node:fs';
import { startLocalCosmosServer } from '../bot/storage/local-cosmos-server';

/**
 * The embedded store in a process of its own, for measuring the production build, whose store is
 * out of process (Azure Cosmos DB): `tsx bench/store-process.ts <certificate file>` writes the
 * server's certificate there (for NODE_EXTRA_CA_CERTS) and prints `{"endpoint": ...}` once it listens.
 */
async function main(): Promise<void> {
  const certificateFile = process.argv[2];
  if (!certificateFile) throw new Error('usage: store-process.ts <certificate file>');
  const server = await startLocalCosmosServer();
  writeFileSync(certificateFile, server.certificate, { mode: 0o600 });
  process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint })}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
