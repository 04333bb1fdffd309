import type { Container, OperationInput } from '@azure/cosmos';

/** Writes a tenant's documents straight into a container, 100 to a transactional batch. */
export async function upsertInBatches(
  container: Container,
  tenantId: string,
  documents: readonly Record<string, unknown>[],
): Promise<void> {
  for (let start = 0; start < documents.length; start += 100) {
    const operations = documents.slice(start, start + 100).map(
      (document): OperationInput => ({
        operationType: 'Upsert',
        partitionKey: tenantId,
        resourceBody: document as never,
      }),
    );
    await container.items.batch(operations, tenantId);
  }
}
