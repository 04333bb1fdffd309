import { createHash, randomBytes } from 'node:crypto';

/** Where random ids and tokens come from; tests inject a predictable one. */
export interface IdSource {
  /** A random, URL-safe token with at least 128 bits of entropy. */
  token(): string;
  /** A short code a person can read and type (no look-alike characters). */
  humanCode(length: number): string;
}

/** 32 letters and digits without look-alikes (no I, O, 0, 1): one byte modulo 32 is uniform. */
export const HUMAN_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export const randomIds: IdSource = {
  token: () => randomBytes(18).toString('base64url'),
  humanCode: (length) => {
    const bytes = randomBytes(length);
    let code = '';
    for (const byte of bytes) code += HUMAN_ALPHABET[byte % HUMAN_ALPHABET.length];
    return code;
  },
};

/** A stable, opaque id derived from parts; used for dedupe keys and document ids. */
export function stableId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32);
}
