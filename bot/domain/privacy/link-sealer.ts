import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A value encrypted with AES-256-GCM; the key id says which key of the ring opens it. */
export interface Sealed {
  alg: 'A256GCM';
  keyId: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

/** The keys: the current one seals, every one still opens (so a rotation never strands a link). */
export interface KeyRing {
  currentKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export const KEY_BYTES = 32;

/**
 * Encrypts and decrypts the sealed link to an anonymous reporter. The key lives outside the
 * database (Key Vault in production, a 0600 file in local mode), so a dump of the database alone
 * does not lead to the reporter. The document's tenant and id are bound in as additional data:
 * a ciphertext copied onto another link does not open.
 */
export class LinkSealer {
  constructor(private readonly ring: KeyRing) {
    const current = ring.keys.get(ring.currentKeyId);
    if (!current || current.length !== KEY_BYTES) throw new Error('the current link key must be 32 bytes');
  }

  get currentKeyId(): string {
    return this.ring.currentKeyId;
  }

  seal(value: object, boundTo: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.ring.currentKeyId), iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return {
      alg: 'A256GCM',
      keyId: this.ring.currentKeyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }

  /** Throws when the key is unknown or the ciphertext, tag or binding was tampered with. */
  open(sealed: Sealed, boundTo: string): Record<string, unknown> {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.key(sealed.keyId),
      Buffer.from(sealed.iv, 'base64'),
    );
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString('utf8')) as Record<string, unknown>;
  }

  private key(keyId: string): Buffer {
    const key = this.ring.keys.get(keyId);
    if (!key) throw new Error(`no link key with id ${keyId}`);
    return key;
  }
}

/** What a link is bound to: its tenant and its id. */
export const linkBinding = (tenantId: string, linkId: string) => `${tenantId}\u0000${linkId}`;
