import type { Container } from '@azure/cosmos';
import type { SignalFigureSnapshots, SignalFigures } from '../domain/figures/signal-figure-snapshots';
import { isNotFound } from './cosmos-errors';

const ID = 'signal-figures';

/**
 * One document per tenant in its partition, overwritten at each computation: a point read on
 * every dashboard load. Only counts, no text and no people (see SignalFigures).
 */
export class CosmosSignalFigureSnapshots implements SignalFigureSnapshots {
  constructor(private readonly container: Container) {}

  async read(tenantId: string): Promise<SignalFigures | undefined> {
    try {
      const { resource } = await this.container.item(ID, tenantId).read<{ figures: SignalFigures }>();
      return resource?.figures;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async write(tenantId: string, figures: SignalFigures): Promise<void> {
    await this.container.items.upsert({ id: ID, type: 'signal-figures', tenantId, figures });
  }
}
