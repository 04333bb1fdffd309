/**
 * The two secrets a deployment keeps in Key Vault (docs/deployment.md), with test values: the key
 * that derives receipt codes and the keys that seal links to anonymous reporters.
 */
export const PRODUCTION_SECRETS = {
  RECEIPT_CODE_SECRET: 'test-receipt-code-secret-for-production-start-ups',
  REPORTER_LINK_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
} as const;
