import { openCosmosStore } from '../bot/storage/cosmos-store';
import { startLocalCosmosServer } from '../bot/storage/local-cosmos-server';
import { CaptureConnector } from '../test/helpers/capture-connector';
import { TestBot, type TestUser } from '../test/helpers/test-bot';
import { type EchoBot, startEchoBot } from './echo-bot';
import { seedBenchTenant } from './seed-bench-tenant';

/** What `bench:cpu` and `bench:timeline` run against: the bot and the echo bot side by side. */
export interface TurnBenchWorld {
  bot: TestBot;
  echo: EchoBot;
  echoConnector: CaptureConnector;
  coordinator: TestUser;
  reporter: TestUser;
  /** The newest signal's reference (it is open). */
  openReference: string;
  close(): Promise<void>;
}

/**
 * The embedded store in process with `signals` signals of one reporter (so `mijn meldingen`
 * reads from the whole history), the bot with its outbox loop on its timers as in production,
 * and the echo bot with a capture connector of its own.
 */
export async function startTurnBenchWorld(signals: number, now: string): Promise<TurnBenchWorld> {
  const cosmos = await startLocalCosmosServer();
  const store = await openCosmosStore(
    { endpoint: cosmos.endpoint, key: 'bench-key', agent: cosmos.agent },
    'bench',
  );
  const { coordinatorId } = await seedBenchTenant(store, { signals, now, otherReporters: 0 });
  const bot = await TestBot.start({ store, now, coordinators: [coordinatorId], runDispatcherLoop: true });
  const echo = await startEchoBot();
  const echoConnector = await CaptureConnector.start();
  return {
    bot,
    echo,
    echoConnector,
    coordinator: bot.user('Bench Coordinator'),
    reporter: bot.user('Bench Reporter'),
    openReference: `OND-2026-${String(signals).padStart(4, '0')}`,
    close: async () => {
      await bot.stop();
      await echo.close();
      await echoConnector.close();
      await cosmos.close();
    },
  };
}
