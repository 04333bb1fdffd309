import { generateKeyPairSync } from 'node:crypto';

/** A certificate for localhost and its private key (PEM): the embedded store's TLS. */
export interface LocalCertificate {
  cert: string;
  key: string;
}

/**
 * A fresh self-signed certificate for localhost and 127.0.0.1, valid for a year. Made where the
 * server runs: on the store's thread in local mode, so the bot's thread loads the bot meanwhile.
 */
export async function localCertificate(now = new Date()): Promise<LocalCertificate> {
  // Loaded only here (with its certificate libraries): the production build never starts this store.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    // Node's native key generation: the library's own takes over a second on a busy machine.
    keyPair: generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    }),
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 365 * 24 * 3600_000),
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
