import { createHmac } from 'node:crypto';
import { HUMAN_ALPHABET } from '../../ids';

/** The receipt code of the report made with this form, in this tenant. */
export type ReceiptCodeOf = (tenantId: string, formToken: string) => string;

export const RECEIPT_CODE_LENGTH = 8;

/**
 * Receipt codes derived with a server key from the tenant and the form's token, so a retry of
 * the same form can show the same code again while the store keeps only the code's hash. Without
 * the key the form token (which lives only in the reporter's chat) gives nothing away, and
 * without the form token the key gives nothing either: see docs/decisions.md.
 */
export function keyedReceiptCodes(key: string): ReceiptCodeOf {
  return (tenantId, formToken) => {
    const digest = createHmac('sha256', key)
      .update(`receipt-code\u0000${tenantId}\u0000${formToken}`)
      .digest();
    let code = '';
    // 32 letters: one byte modulo 32 is uniform.
    for (const byte of digest.subarray(0, RECEIPT_CODE_LENGTH))
      code += HUMAN_ALPHABET[byte % HUMAN_ALPHABET.length];
    return code;
  };
}
