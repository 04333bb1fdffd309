import type { Logger } from '../logger';
import type { LocalCosmosServer } from '../storage/local-cosmos-server';

/**
 * Local mode: a bot whose store's thread has stopped could only answer every message with an error,
 * and its data would no longer be written to the file. It says so loudly and exits non-zero, so
 * `npm start` stops too and the person starts it again (the data file holds the last flush).
 */
export function exitWhenLocalStoreStops(
  local: Pick<LocalCosmosServer, 'onStopped'>,
  logger: Logger,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  local.onStopped((reason) => {
    logger.fatal({ reason }, 'The local store stopped; the bot stops too. Start it again (npm start).');
    exit(1);
  });
}
