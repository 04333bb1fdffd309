import type { Container } from '@azure/cosmos';
import type { ReporterLink, ReporterLinkRepository } from '../domain/signals/reporter-link';
import { isNotFound } from './cosmos-errors';

export class CosmosReporterLinkRepository implements ReporterLinkRepository {
  constructor(private readonly container: Container) {}

  async find(tenantId: string, linkId: string): Promise<ReporterLink | undefined> {
    try {
      const { resource } = await this.container.item(linkId, tenantId).read<ReporterLink>();
      return resource?.type === 'reporter-link' ? resource : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}
