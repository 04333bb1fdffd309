import type { Container } from '@azure/cosmos';
import type { PrivacyRequest } from '../domain/privacy/privacy-request';
import type { SubjectAccessStore } from '../domain/privacy/subject-access';
import type { Signal } from '../domain/signals/signal';
import { CosmosDocuments } from './cosmos-documents';
import { withoutSystemProperties } from './cosmos-errors';

/** The queries of an access request, in one tenant's partition. */
export class CosmosSubjectAccess implements SubjectAccessStore {
  readonly requests: CosmosDocuments<PrivacyRequest>;

  constructor(private readonly container: Container) {
    this.requests = new CosmosDocuments<PrivacyRequest>(container, 'privacy-request');
  }

  reportedBy(tenantId: string, aadObjectId: string): Promise<Signal[]> {
    return this.signals(tenantId, 'c.reporterAadObjectId = @value', aadObjectId);
  }

  naming(tenantId: string, text: string): Promise<Signal[]> {
    return this.signals(
      tenantId,
      'IS_STRING(c.involved) AND CONTAINS(LOWER(c.involved), @value)',
      text.toLowerCase(),
    );
  }

  private async signals(tenantId: string, filter: string, value: string): Promise<Signal[]> {
    const { resources } = await this.container.items
      .query<Signal>(
        {
          query: `SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND ${filter} ORDER BY c.createdAt`,
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@value', value },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.map((resource) => withoutSystemProperties<Signal>(resource as never));
  }
}
