import { createRequire } from 'node:module';
import type Account from '@vercel/cosmosdb-server/lib/account';

/**
 * The embedded store (@vercel/cosmosdb-server) keeps its data in an `Account` object that it
 * creates when its server starts listening and hands only to its own request handlers. The local
 * snapshot loads a data file straight into that object, on the store's own thread, instead of
 * sending every document through HTTP from the bot's thread (which left ~100 MB of parsed JSON and
 * request bodies behind in the bot's heap at 10,000 signals). The server module builds its account
 * with `new account.default(host, port)` at that moment; this wraps that class once, so each
 * account can be found by the port its server listens on. Only the embedded store is affected.
 */
type AccountClass = new (host: string, port: number) => Account;

const accounts = new Map<number, Account>();
let wrapped = false;

export function captureEmbeddedAccounts(): void {
  if (wrapped) return;
  wrapped = true;
  const module = createRequire(__filename)('@vercel/cosmosdb-server/lib/account') as {
    default: AccountClass;
  };
  const Original = module.default;
  module.default = class extends Original {
    constructor(host: string, port: number) {
      super(host, port);
      accounts.set(port, this);
    }
  };
}

/** The account of the embedded server listening on this port (captureEmbeddedAccounts first). */
export function embeddedAccount(port: number): Account {
  const account = accounts.get(port);
  if (!account) throw new Error(`no embedded store listens on port ${port}`);
  return account;
}

export function forgetEmbeddedAccount(port: number): void {
  accounts.delete(port);
}
