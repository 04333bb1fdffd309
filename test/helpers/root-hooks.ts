import { stopSharedCosmosServer } from './shared-cosmos';

/** Mocha root hooks: shared resources end with the run. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopSharedCosmosServer();
  },
};
