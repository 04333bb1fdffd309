import { readAsStored } from './resilient-container';
import type { SameTickBulk } from './same-tick-bulk';

/** A stored document as read, system properties (its `_etag` among them) included. */
export type AsStored = Record<string, unknown> & { id: string; _etag: string };

/**
 * Reads several documents of one tenant in one request: Read operations in a bulk request (not a
 * transactional batch: a document that is not there answers 404 for itself, the others are read
 * all the same), with whatever else the same tick asks of the container (`SameTickBulk`). Each
 * answer is the document as stored, or undefined where there is none.
 *
 * The SDK's `bulk` sends one request per partition-key range; the range map and the partition-key
 * definition are cached after the container's first use, so in steady state it is exactly one
 * request.
 *
 * Not retried as a whole: the SDK turns a failed bulk request into a plain Error without its status,
 * so a throttled or failed request cannot be told apart from other failures. A document whose read
 * did not come back as 200 or 404 (the request failed, or that one operation was throttled) is
 * read again on its own, through the container's point read and its retries.
 */
export async function readTogether(
  together: SameTickBulk,
  tenantId: string,
  ids: readonly string[],
): Promise<(AsStored | undefined)[]> {
  return Promise.all(
    ids.map(async (id) => {
      const answer = await together.submit(tenantId, { operationType: 'Read', id });
      if (answer?.statusCode === 200 && answer.resourceBody) return answer.resourceBody as AsStored;
      if (answer?.statusCode === 404) return undefined;
      return (await readAsStored(together.container, tenantId, id)) as AsStored | undefined;
    }),
  );
}
