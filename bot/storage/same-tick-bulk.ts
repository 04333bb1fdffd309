import type { Container, OperationInput, OperationResponse } from '@azure/cosmos';
import { readAsStored } from './resilient-container';

/** The SDK refuses a bulk request with more operations than this for one partition. */
const BULK_LIMIT = 100;

interface Waiting {
  operation: OperationInput;
  answer: (response: OperationResponse | undefined) => void;
  fail: (error: unknown) => void;
}

/**
 * Operations on one container that are asked for in the same turn of the event loop go to the
 * store together: one bulk request per tenant (not a transactional batch: each operation succeeds
 * or fails on its own). A turn opens with the actor's profile, their roles and the claim of the
 * activity's dedupe marker, each asked for by its own part of the code; this makes them one
 * request instead of two (docs/decisions.md "The dedupe claim rides with the turn opener").
 *
 * The request leaves on `setImmediate`: after the promise continuations of the current tick, so
 * an operation asked for a few `await`s later (with no I/O between) still comes along, and before
 * any I/O is waited for, so nothing waits on a timer (unlike the SDK's `executeBulkOperations`).
 *
 * Each caller gets its operation's answer, or undefined when the bulk request failed as a whole
 * (the SDK then throws a plain Error without the status): the caller does that operation again on
 * its own, through the container's point operations and their retries. A read alone in its tick
 * is sent as a point read, and its failure is the caller's.
 */
export class SameTickBulk {
  private waiting = new Map<string, Waiting[]>();

  constructor(readonly container: Container) {}

  submit(tenantId: string, operation: OperationInput): Promise<OperationResponse | undefined> {
    return new Promise((answer, fail) => {
      if (this.waiting.size === 0) setImmediate(() => this.send());
      const forTenant = this.waiting.get(tenantId) ?? [];
      forTenant.push({ operation: { ...operation, partitionKey: tenantId }, answer, fail });
      this.waiting.set(tenantId, forTenant);
    });
  }

  private send(): void {
    const waiting = this.waiting;
    this.waiting = new Map();
    for (const operations of waiting.values())
      for (let start = 0; start < operations.length; start += BULK_LIMIT)
        this.sendChunk(operations.slice(start, start + BULK_LIMIT));
  }

  private sendChunk(operations: Waiting[]): void {
    const [only] = operations;
    if (operations.length === 1 && only?.operation.operationType === 'Read') {
      this.readAlone(only);
      return;
    }
    const answerEach = (answers: (OperationResponse | undefined)[]) => {
      operations.forEach(({ answer }, index) => {
        answer(answers[index]);
      });
    };
    this.container.items
      .bulk(
        operations.map(({ operation }) => operation),
        { continueOnError: true },
      )
      .then(answerEach, () => answerEach([]));
  }

  /**
   * A read with nothing beside it: a point read, cheaper than a bulk request of one, with the
   * container's retries; a failure past them is the caller's (rejected), not read again.
   */
  private readAlone({ operation, answer, fail }: Waiting): void {
    const { id, partitionKey } = operation as { id: string; partitionKey: string };
    readAsStored(this.container, partitionKey, id).then(
      (resourceBody) =>
        answer(
          (resourceBody
            ? { statusCode: 200, requestCharge: 0, resourceBody }
            : { statusCode: 404, requestCharge: 0 }) as OperationResponse,
        ),
      fail,
    );
  }
}
