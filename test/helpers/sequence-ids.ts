import type { IdSource } from '../../bot/ids';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Predictable ids: token-000001…, and human codes counted in the receipt-code alphabet. */
export class SequenceIds implements IdSource {
  private tokens = 0;
  private codes = 0;

  /** A prefix keeps two instances' ids apart when they share one store. */
  constructor(private readonly prefix = '') {}

  token(): string {
    this.tokens += 1;
    return `${this.prefix}token-${String(this.tokens).padStart(12, '0')}`;
  }

  humanCode(length: number): string {
    this.codes += 1;
    let value = this.codes;
    let code = '';
    for (let i = 0; i < length; i += 1) {
      code = ALPHABET[value % ALPHABET.length] + code;
      value = Math.floor(value / ALPHABET.length);
    }
    return code;
  }
}
