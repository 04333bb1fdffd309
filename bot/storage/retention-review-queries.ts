import type { Container } from '@azure/cosmos';
import type { TermsInForce } from '../domain/privacy/retention-store';

/** What the retention sweep selects of one document type, and where that type keeps its review. */
export interface ReviewedDocuments {
  /** Conditions on alias c after WHERE: the closed documents whose personal data is still there. */
  pending: string;
  /** The review's path on alias c, e.g. `c.retention.review`. */
  review: string;
}

/**
 * The documents the sweep has to look at now, in every tenant: without a review, once its moment
 * has come, or reviewed under other terms than their tenant's now. One query for the tenants on
 * the default terms and one in its partition per tenant with terms of its own. Every condition is
 * one an index answers (equality, range, IS_DEFINED, ARRAY_CONTAINS on a given list), so Azure
 * reads only what is listed, not every closed document.
 */
export async function listToReview<T>(
  container: Container,
  documents: ReviewedDocuments,
  now: Date,
  terms: TermsInForce,
): Promise<T[]> {
  const query = (tenants: string) =>
    `SELECT * FROM c WHERE ${documents.pending} ${tenants} AND (NOT IS_DEFINED(${documents.review}) ` +
    `OR ${documents.review}.after <= @now OR ${documents.review}.terms != @terms)`;
  const run = async (
    sql: string,
    termsKey: string,
    tenant: { name: string; value: string | string[] },
    partitionKey?: string,
  ) => {
    const { resources } = await container.items
      .query<T>(
        {
          query: sql,
          parameters: [
            { name: '@now', value: now.toISOString() },
            { name: '@terms', value: termsKey },
            tenant,
          ],
        },
        partitionKey === undefined ? {} : { partitionKey },
      )
      .fetchAll();
    return resources;
  };
  const found = await run(query('AND NOT ARRAY_CONTAINS(@own, c.tenantId)'), terms.otherwise, {
    name: '@own',
    value: [...terms.byTenant.keys()],
  });
  for (const [tenantId, termsKey] of terms.byTenant)
    found.push(
      ...(await run(
        query('AND c.tenantId = @tenantId'),
        termsKey,
        { name: '@tenantId', value: tenantId },
        tenantId,
      )),
    );
  return found;
}
