import { stopSharedCosmosServer } from './shared-cosmos';
import { removeTestBundle } from './test-bundle';

/** Mocha root hooks: shared resources end with the run. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopSharedCosmosServer();
    await removeTestBundle();
  },
};
