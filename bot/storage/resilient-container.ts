import { randomUUID } from 'node:crypto';
import type {
  Container,
  FeedOptions,
  Item,
  ItemDefinition,
  Items,
  OperationInput,
  PartitionKey,
  QueryIterator,
  RequestOptions,
  SqlQuerySpec,
} from '@azure/cosmos';
import { OutcomeUnknownError } from '../domain/errors';
import { isConflict, isNotFound, isPreconditionFailed } from './cosmos-errors';
import { askForQueryPlanOnlyWhenRefused } from './query-plan-when-refused';
import { type RetryPolicy, retryTransient, STORE_RETRY_POLICY } from './transient-retry';

/**
 * Every write carries a fresh random stamp in this property. When an attempt's answer was lost
 * and the retry meets 409 (create) or 412 (replace with If-Match), the stamp on the stored
 * document tells whether the lost attempt was ours (done) or someone else's (a real conflict).
 */
export const WRITE_STAMP = 'writeId';

/**
 * The container as the repositories use it, with every data-plane call retried on transient
 * failures (transient-retry.ts). Single-document writes settle their own ambiguity through the
 * stamp; a batch whose outcome cannot be told from its answer throws OutcomeUnknownError with
 * its stamp, and the caller, who knows which document proves it, settles it.
 */
export function resilientContainer(container: Container, policy = STORE_RETRY_POLICY): Container {
  const items = resilientItems(container, policy);
  return new Proxy(container, {
    get(target, property) {
      if (property === 'items') return items;
      if (property === 'item')
        return (id: string, partitionKey?: PartitionKey) => resilientItem(target, id, partitionKey, policy);
      return bound(target, property);
    },
  });
}

function resilientItems(container: Container, policy: RetryPolicy): Items {
  const { items } = container;
  return new Proxy(items, {
    get(target, property) {
      switch (property) {
        case 'create':
          return (body: ItemDefinition, options?: RequestOptions) => {
            const stamped = stamp(body);
            return retryTransient(
              async ({ mayHaveApplied }) => {
                try {
                  return await target.create(stamped, options);
                } catch (error) {
                  if (mayHaveApplied && isConflict(error)) {
                    const mine = await readIfStamped(container, stamped);
                    if (mine) return mine;
                  }
                  throw error;
                }
              },
              { operation: 'create', write: { writeId: stamped[WRITE_STAMP] }, policy },
            );
          };
        case 'upsert':
          // Last writer wins anyway: repeating it changes nothing.
          return (body: ItemDefinition, options?: RequestOptions) =>
            retryTransient(() => target.upsert(body, options), { operation: 'upsert', policy });
        case 'batch':
          return (operations: OperationInput[], partitionKey?: PartitionKey, options?: RequestOptions) => {
            const writeId = randomUUID();
            const stamped = operations.map((operation) =>
              'resourceBody' in operation && operation.resourceBody
                ? { ...operation, resourceBody: { ...operation.resourceBody, [WRITE_STAMP]: writeId } }
                : operation,
            ) as OperationInput[];
            return retryTransient(
              async ({ mayHaveApplied }) => {
                // The SDK rewrites the operations it is given (partition keys to JSON): each try gets a fresh copy.
                const response = await target.batch(structuredClone(stamped), partitionKey, options);
                const failed = (response.result ?? []).some((result) => result.statusCode >= 400);
                // A refusal after a lost answer may be the lost attempt's own effect.
                if (failed && mayHaveApplied) throw new OutcomeUnknownError('batch', writeId);
                return response;
              },
              { operation: 'batch', write: { writeId }, policy },
            );
          };
        case 'query':
          return (query: string | SqlQuerySpec, options?: FeedOptions) =>
            retryingIterator(
              () => askForQueryPlanOnlyWhenRefused(target.query(query, options), options),
              policy,
            );
        case 'readAll':
          return (options?: FeedOptions) => retryingIterator(() => target.readAll(options), policy);
        default:
          return bound(target, property);
      }
    },
  });
}

function resilientItem(
  container: Container,
  id: string,
  partitionKey: PartitionKey | undefined,
  policy: RetryPolicy,
): Item {
  const item = container.item(id, partitionKey);
  return new Proxy(item, {
    get(target, property) {
      switch (property) {
        case 'read':
          return (options?: RequestOptions) =>
            retryTransient(() => target.read(options), { operation: 'read', policy });
        case 'delete':
          // A 404 after a lost answer means it is gone, which is what was asked; callers accept 404.
          return (options?: RequestOptions) =>
            retryTransient(() => target.delete(options), { operation: 'delete', policy });
        case 'replace':
          return (body: ItemDefinition, options?: RequestOptions) => {
            const stamped = stamp(body);
            return retryTransient(
              async ({ mayHaveApplied }) => {
                try {
                  return await target.replace(stamped, options);
                } catch (error) {
                  if (mayHaveApplied && (isPreconditionFailed(error) || isConflict(error))) {
                    const mine = await readIfStamped(container, stamped, id, partitionKey);
                    if (mine) return mine;
                  }
                  throw error;
                }
              },
              { operation: 'replace', write: { writeId: stamped[WRITE_STAMP] }, policy },
            );
          };
        case 'patch':
          return (...args: Parameters<Item['patch']>) =>
            retryTransient(() => target.patch(...args), { operation: 'patch', write: {}, policy });
        default:
          return bound(target, property);
      }
    },
  });
}

function stamp(body: ItemDefinition): ItemDefinition & { [WRITE_STAMP]: string } {
  return { ...body, [WRITE_STAMP]: randomUUID() };
}

/**
 * The stored document, as the write's own answer would have carried it, if it bears this
 * write's stamp; otherwise undefined. Every container is partitioned by /tenantId.
 */
async function readIfStamped(
  container: Container,
  written: ItemDefinition & { [WRITE_STAMP]: string },
  id = written.id as string,
  partitionKey: PartitionKey | undefined = written.tenantId as string,
  // biome-ignore lint/suspicious/noExplicitAny: stands in for the write's own response
): Promise<any> {
  try {
    const response = await container.item(id, partitionKey).read();
    const resource = response.resource as Record<string, unknown> | undefined;
    if (resource?.[WRITE_STAMP] !== written[WRITE_STAMP]) return undefined;
    return {
      resource,
      item: response.item,
      headers: response.headers,
      statusCode: 200,
      etag: resource._etag,
    };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** A query whose fetchAll starts over from the first page after a transient failure. */
function retryingIterator<T>(make: () => QueryIterator<T>, policy: RetryPolicy): QueryIterator<T> {
  const first = make();
  return new Proxy(first, {
    get(target, property) {
      if (property === 'fetchAll')
        return () =>
          retryTransient(({ number }) => (number === 1 ? target : make()).fetchAll(), {
            operation: 'query',
            policy,
          });
      return bound(target, property);
    },
  });
}

function bound(target: object, property: string | symbol): unknown {
  const value = Reflect.get(target, property);
  return typeof value === 'function' ? value.bind(target) : value;
}

/**
 * A document exactly as stored (write stamp and ETag included), or undefined when absent: how a
 * write whose answer was lost is settled, by comparing its stamp with the write's id.
 */
export async function readAsStored(
  container: Container,
  tenantId: string,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    const { resource } = await container.item(id, tenantId).read<Record<string, unknown>>();
    return resource ?? undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
