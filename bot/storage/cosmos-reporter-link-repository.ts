import type { Container } from '@azure/cosmos';
import type { LinkSealer } from '../domain/privacy/link-sealer';
import {
  openReporterLink,
  type ReporterLink,
  type ReporterLinkRepository,
  type StoredReporterLink,
  sealReporterLink,
} from '../domain/signals/reporter-link';
import { isNotFound, isPreconditionFailed, withoutSystemProperties } from './cosmos-errors';

/** Sealed links: decrypted only here, on the dispatcher's way to sending. */
export class CosmosReporterLinkRepository implements ReporterLinkRepository {
  constructor(
    private readonly container: Container,
    private readonly sealer: LinkSealer,
  ) {}

  async find(tenantId: string, linkId: string): Promise<ReporterLink | undefined> {
    try {
      const { resource } = await this.container.item(linkId, tenantId).read<StoredReporterLink>();
      return resource?.type === 'reporter-link'
        ? openReporterLink(this.sealer, withoutSystemProperties<StoredReporterLink>(resource as never))
        : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * The re-encrypt step of a key rotation (and of links stored before encryption): every link not
   * sealed with the current key is opened and sealed again, with its ETag. Returns how many.
   */
  async resealAll(): Promise<number> {
    const { resources } = await this.container.items
      .query<StoredReporterLink & { _etag: string }>({
        query:
          'SELECT * FROM c WHERE c.type = "reporter-link" AND (NOT IS_DEFINED(c.sealed) OR c.sealed.keyId != @current)',
        parameters: [{ name: '@current', value: this.sealer.currentKeyId }],
      })
      .fetchAll();
    let resealed = 0;
    for (const stored of resources) {
      const link = openReporterLink(
        this.sealer,
        withoutSystemProperties<StoredReporterLink>(stored as never),
      );
      try {
        await this.container.item(stored.id, stored.tenantId).replace(sealReporterLink(this.sealer, link), {
          accessCondition: { type: 'IfMatch', condition: stored._etag },
        });
        resealed += 1;
      } catch (error) {
        // Removed by the retention sweep, or re-sealed by another instance: nothing left to do.
        if (!isPreconditionFailed(error) && !isNotFound(error)) throw error;
      }
    }
    return resealed;
  }
}
