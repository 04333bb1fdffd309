import type { Container, OperationInput } from '@azure/cosmos';
import { OutcomeUnknownError } from '../domain/errors';
import { withoutRetentionReview } from '../domain/privacy/signal-retention';
import type { Signal } from '../domain/signals/signal';
import type { SignalRepository, VersionedSignal } from '../domain/signals/signal-repository';
import { versioned } from './cosmos-documents';
import { withoutSystemProperties } from './cosmos-errors';
import { asJson, GaplessCounter } from './gapless-counter';
import { readTogether } from './read-together';
import { readAsStored, WRITE_STAMP } from './resilient-container';
import { SameTickBulk } from './same-tick-bulk';

export class CosmosSignalRepository implements SignalRepository {
  /** Enough rounds for dozens of simultaneous reports in one tenant; each round one of them wins. */
  private readonly references: GaplessCounter;

  constructor(
    private readonly container: Container,
    /**
     * Shared with the turn opener: a signal read by id as a turn opens (a submit's "is this form's
     * signal there") rides in the opener's request instead of its own; alone, it is a point read.
     */
    private readonly together: SameTickBulk = new SameTickBulk(container),
  ) {
    this.references = new GaplessCounter(container, { existingDocumentMeans: 'sent-twice', maxAttempts: 60 });
  }

  async findById(tenantId: string, id: string): Promise<VersionedSignal | undefined> {
    const [found] = await readTogether(this.together, tenantId, [id]);
    return found?.type === 'signal' ? versioned<Signal>(found) : undefined;
  }

  async findByReference(tenantId: string, reference: string): Promise<VersionedSignal | undefined> {
    const [found] = await this.query<VersionedSignal>(
      tenantId,
      'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.reference = @reference',
      { '@reference': reference.toUpperCase() },
    );
    return found ? versioned<Signal>(found) : undefined;
  }

  async listOpen(tenantId: string): Promise<Signal[]> {
    const found = await this.query<Signal>(
      tenantId,
      'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.status != "closed" ORDER BY c.createdAt',
      {},
    );
    return found.map((signal) => withoutSystemProperties(signal as never));
  }

  async listByCase(tenantId: string, caseReference: string): Promise<Signal[]> {
    const found = await this.query<Signal>(
      tenantId,
      'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.caseReference = @case ORDER BY c.createdAt',
      { '@case': caseReference },
    );
    return found.map((signal) => withoutSystemProperties(signal as never));
  }

  async countCreatedSince(tenantId: string, since: Date): Promise<number> {
    const [count] = await this.query<number>(
      tenantId,
      'SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.createdAt >= @since',
      { '@since': since.toISOString() },
    );
    return count ?? 0;
  }

  async countOpen(tenantId: string): Promise<number> {
    const [count] = await this.query<number>(
      tenantId,
      'SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.status != "closed"',
      {},
    );
    return count ?? 0;
  }

  async listFeedbackOverdue(today: string): Promise<Signal[]> {
    const { resources } = await this.container.items
      .query<Signal>({
        query:
          'SELECT * FROM c WHERE c.type = "signal" AND c.status != "closed" AND IS_STRING(c.feedbackDueOn) ' +
          'AND c.feedbackDueOn < @today',
        parameters: [{ name: '@today', value: today }],
      })
      .fetchAll();
    return resources.map((signal) => withoutSystemProperties(signal as never));
  }

  async search(tenantId: string, text: string, categoryIds: string[], limit: number): Promise<Signal[]> {
    const found = await this.query<Signal>(
      tenantId,
      'SELECT TOP @limit * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND (' +
        'CONTAINS(c.reference, @upper) OR ARRAY_CONTAINS(@categories, c.category) OR ' +
        'CONTAINS(LOWER(c.location), @lower) OR CONTAINS(LOWER(c.description), @lower) OR ' +
        'CONTAINS(LOWER(c.involved ?? ""), @lower)) ORDER BY c.createdAt DESC',
      {
        '@limit': limit,
        '@upper': text.toUpperCase(),
        '@lower': text.toLowerCase(),
        '@categories': categoryIds,
      },
    );
    return found.map((signal) => withoutSystemProperties(signal as never));
  }

  async saveChange(signal: Signal, etag: string, companions: object[]): Promise<boolean> {
    const operations: OperationInput[] = [
      {
        operationType: 'Replace',
        id: signal.id,
        partitionKey: signal.tenantId,
        ifMatch: etag,
        resourceBody: asJson(withoutRetentionReview(signal)),
      },
      ...companions.map(
        (document): OperationInput => ({
          operationType: 'Create',
          partitionKey: signal.tenantId,
          resourceBody: asJson(document),
        }),
      ),
    ];
    // Sent once more when a lost answer turns out to have changed nothing.
    for (let round = 1; ; round += 1) {
      let response: Awaited<ReturnType<Container['items']['batch']>>;
      try {
        response = await this.container.items.batch(operations, signal.tenantId);
      } catch (error) {
        if (!(error instanceof OutcomeUnknownError)) throw error;
        // The batch is all or nothing, so the signal tells whether it was applied.
        const stored = await readAsStored(this.container, signal.tenantId, signal.id);
        if (stored && stored[WRITE_STAMP] === error.writeId) return true;
        if (stored?._etag === etag && round < 2) continue;
        if (stored?._etag === etag) throw error;
        return false;
      }
      const statuses = (response.result ?? []).map((result) => result.statusCode);
      if (statuses.length > 0 && statuses.every((status) => status >= 200 && status < 300)) return true;
      if (statuses[0] === 412 || statuses[0] === 404) return false;
      throw new Error(`signal change failed with statuses ${statuses.join(',')}`);
    }
  }

  private async query<T>(tenantId: string, query: string, parameters: Record<string, unknown>): Promise<T[]> {
    const { resources } = await this.container.items
      .query<T>(
        {
          query,
          parameters: [
            { name: '@tenantId', value: tenantId },
            ...Object.entries(parameters).map(([name, value]) => ({ name, value: value as never })),
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources;
  }

  async findByReceiptCodeHash(tenantId: string, receiptCodeHash: string): Promise<Signal | undefined> {
    const { resources } = await this.container.items
      .query<Signal>(
        {
          query:
            'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" AND c.receiptCodeHash = @hash',
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@hash', value: receiptCodeHash },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    const found = resources[0];
    return found ? withoutSystemProperties(found as never) : undefined;
  }

  async listByReporter(tenantId: string, reporterAadObjectId: string, limit: number): Promise<Signal[]> {
    const { resources } = await this.container.items
      .query<Signal>(
        {
          query:
            'SELECT TOP @limit * FROM c WHERE c.tenantId = @tenantId AND c.type = "signal" ' +
            'AND c.reporterAadObjectId = @reporter ORDER BY c.createdAt DESC',
          parameters: [
            { name: '@tenantId', value: tenantId },
            { name: '@reporter', value: reporterAadObjectId },
            { name: '@limit', value: limit },
          ],
        },
        { partitionKey: tenantId },
      )
      .fetchAll();
    return resources.map((resource) => withoutSystemProperties(resource as never));
  }

  /**
   * Takes the tenant's next reference number and writes the signal with it in one batch (see
   * GaplessCounter). Undefined when the same form was sent twice and the other send stored it.
   */
  async createWithNextSequence(
    tenantId: string,
    year: number,
    build: (sequence: number) => { signal: Signal; companions: object[] },
  ): Promise<Signal | undefined> {
    let signal: Signal | undefined;
    const outcome = await this.references.take(tenantId, `counter:signal-reference:${year}`, (next) => {
      const built = build(next);
      signal = built.signal;
      return [built.signal, ...built.companions];
    });
    return outcome === 'written' ? signal : undefined;
  }
}
