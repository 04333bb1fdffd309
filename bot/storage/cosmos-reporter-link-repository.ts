import type { Container } from '@azure/cosmos';
import type { LinkSealer } from '../domain/privacy/link-sealer';
import {
  openReporterLink,
  type ReporterLink,
  type ReporterLinkRepository,
  type StoredReporterLink,
  sealReporterLink,
} from '../domain/signals/reporter-link';
import { CosmosDocuments } from './cosmos-documents';

/** Sealed links: decrypted only here, on the dispatcher's way to sending. */
export class CosmosReporterLinkRepository implements ReporterLinkRepository {
  private readonly documents: CosmosDocuments<StoredReporterLink>;

  constructor(
    container: Container,
    private readonly sealer: LinkSealer,
  ) {
    this.documents = new CosmosDocuments<StoredReporterLink>(container, 'reporter-link');
  }

  async find(tenantId: string, linkId: string): Promise<ReporterLink | undefined> {
    const found = await this.documents.find(tenantId, linkId);
    if (!found) return undefined;
    const { _etag, ...stored } = found;
    return openReporterLink(this.sealer, stored);
  }

  /**
   * The re-encrypt step of a key rotation (and of links stored before encryption): every link not
   * sealed with the current key is opened and sealed again, with its ETag. Returns how many.
   */
  async resealAll(): Promise<number> {
    const stale = await this.documents.listAcrossTenantsWhere(
      'AND (NOT IS_DEFINED(c.sealed) OR c.sealed.keyId != @current)',
      [{ name: '@current', value: this.sealer.currentKeyId }],
    );
    let resealed = 0;
    for (const { _etag, ...stored } of stale) {
      const next = sealReporterLink(this.sealer, openReporterLink(this.sealer, stored));
      // A lost race: removed by the retention sweep, or re-sealed by another instance. Done either way.
      if (await this.documents.replace(next, _etag)) resealed += 1;
    }
    return resealed;
  }
}
