import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';

/**
 * Azure Cosmos DB applies a transactional batch all or nothing: when one operation fails, none is
 * applied, the failed one answers its own status and every other one 424. The embedded store
 * (@vercel/cosmosdb-server) applies the operations in order and stops at the first failure, but
 * keeps those before it: a tenant's counter could step without the signal it numbers, a signal
 * change could be stored without the outbox entry that tells the reporter. Local mode and the tests
 * should behave as production does, so an atomic batch is answered here: each operation through
 * the store's own operation code (the same checks of ids and ETags), and on a failure the ones
 * before it are put back as they were (the same object, ETag and resource id) before the answer.
 *
 * The store answers a batch synchronously once its body is read, so nothing else can see the
 * operations before they are put back. Bulk requests (not atomic) keep the store's own handler.
 */
type Json = Record<string, unknown>;
type Handler = (
  account: Account,
  req: IncomingMessage,
  res: ServerResponse,
  params: Json,
) => Promise<unknown>;
type Route = [params: Json, handler: Handler] | undefined;

interface OperationInput {
  operationType?: string;
  id?: string;
  partitionKey?: string;
  resourceBody?: Json;
}
interface OperationResult {
  statusCode: number;
  body?: Json;
}
interface EmbeddedDocuments {
  delete(id: string, partition: unknown): void;
  _set(document: Json): Json;
  _getPartition(document: Json): unknown;
}
interface Collection {
  read(): unknown;
  documents: EmbeddedDocuments;
  document(id: string, partition: unknown): { read(): Json | undefined };
}
interface Account {
  database(id: string): { collection(id: string): Collection };
}
type Operation = (collection: Collection, input: OperationInput) => OperationResult;
interface Applied {
  type: string;
  result: OperationResult;
  before: Json | undefined;
}

const FAILED_DEPENDENCY = 424;
let applied = false;

export function makeEmbeddedBatchesAtomic(): void {
  if (applied) return;
  applied = true;
  // The copies the server itself loads, not ones of our own.
  const requireFromServer = createRequire(require.resolve('@vercel/cosmosdb-server'));
  const routes = requireFromServer('./routes') as { default: (req: IncomingMessage) => Route };
  const batchHandler = (requireFromServer('./handler/batch-documents') as { default: Handler }).default;
  const readBody = (requireFromServer('./json') as { default: (req: IncomingMessage) => Promise<unknown> })
    .default;
  const operations = requireFromServer('./handler/_document-operations') as Record<string, Operation>;
  const trueHeader = (
    requireFromServer('./true-header') as { default: (req: IncomingMessage, name: string) => boolean }
  ).default;
  const { parsePartitionKey } = requireFromServer('./utils/get-partition-from-header') as {
    parsePartitionKey(partitionKey: string, fallback: string): unknown;
  };
  const byType: Record<string, Operation | undefined> = {
    Create: operations.createOperation,
    Upsert: operations.upsertOperation,
    Read: operations.readOperation,
    Delete: operations.deleteOperation,
    Replace: operations.replaceOperation,
  };

  const atomicBatch: Handler = async (account, req, res, params) => {
    const body = await readBody(req);
    const collection = account.database(String(params.dbId)).collection(String(params.collId));
    if (!collection.read()) {
      res.statusCode = 404;
      return {};
    }
    if (!Array.isArray(body)) {
      res.statusCode = 400;
      return { message: 'Invalid request body' };
    }
    const inputs = body as (OperationInput | null)[];
    const unknown = inputs.find((input) => !byType[input?.operationType ?? '']);
    if (unknown !== undefined) {
      res.statusCode = 400;
      return { message: `Operation type '${unknown?.operationType}' is not supported in Batch.` };
    }
    const done: Applied[] = [];
    let failed: OperationResult | undefined;
    try {
      for (const input of inputs as OperationInput[]) {
        const before = storedBefore(collection, input, parsePartitionKey);
        const result = (byType[input.operationType as string] as Operation)(collection, input);
        if (result.statusCode >= 400) {
          failed = result;
          break;
        }
        done.push({ type: input.operationType as string, result, before });
      }
    } catch (error) {
      putBack(collection, done);
      throw error;
    }
    if (!failed) {
      return done.map(({ result }) => ({
        statusCode: result.statusCode,
        requestCharge: 1,
        eTag: result.body?._etag,
        resourceBody: result.body,
      }));
    }
    putBack(collection, done);
    const failedAt = done.length;
    return inputs.map((_, index) => ({
      statusCode: index === failedAt ? failed.statusCode : FAILED_DEPENDENCY,
      requestCharge: 0,
    }));
  };

  const route = routes.default;
  routes.default = (req) => {
    const found = route(req);
    if (!found || found[1] !== batchHandler || !trueHeader(req, 'x-ms-cosmos-batch-atomic')) return found;
    return [found[0], atomicBatch];
  };
}

/** The document an operation will change or delete, as stored now (a create changes nothing there). */
function storedBefore(
  collection: Collection,
  input: OperationInput,
  parsePartitionKey: (partitionKey: string, fallback: string) => unknown,
): Json | undefined {
  if (input.operationType === 'Create' || input.operationType === 'Read') return undefined;
  const id = input.operationType === 'Delete' ? input.id : (input.resourceBody?.id as string | undefined);
  if (!id) return undefined;
  const partition = input.partitionKey === undefined ? id : parsePartitionKey(input.partitionKey, id);
  return collection.document(id, partition).read();
}

/** Undoes the applied operations, last first: what they stored goes, what was there comes back. */
function putBack(collection: Collection, done: Applied[]): void {
  for (const { type, result, before } of [...done].reverse()) {
    if (type === 'Read') continue;
    const written = result.body;
    if (written && typeof written.id === 'string') {
      collection.documents.delete(written.id, collection.documents._getPartition(written));
    }
    if (before) collection.documents._set(before);
  }
}
