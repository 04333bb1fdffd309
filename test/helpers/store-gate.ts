import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request as httpsRequest, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import type { LocalCosmosServer } from '../../bot/storage/local-cosmos-server';

/** What the gate does with the next requests. */
export type GateMode =
  | { kind: 'forward' }
  /** Answers with this status, as Cosmos DB does (403 substatus 5301: no data-plane role yet). */
  | { kind: 'status'; status: number; substatus?: number }
  /** Drops the connection without an answer. */
  | { kind: 'reset' };

/**
 * An HTTPS stand-in for a Cosmos DB account that is not reachable yet: in front of the in-process
 * server, it refuses or fails until told to forward. It rewrites the account's own address in the
 * answers to its own, so the SDK's endpoint discovery keeps talking through the gate.
 */
export class StoreGate {
  mode: GateMode = { kind: 'forward' };
  /** Requests that reached the gate, forwarded or not. */
  requests = 0;
  /** The Authorization header of every request (`type=master&...` or `type=aad&...`), decoded. */
  readonly authorizations: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
    /** File with the gate's certificate, for NODE_EXTRA_CA_CERTS of a bot process. */
    readonly caFile: string,
    readonly ca: string,
  ) {}

  static async start(target: LocalCosmosServer): Promise<StoreGate> {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    let gate: StoreGate | undefined;
    const server = createServer({ cert: pems.cert, key: pems.private }, (req, res) => {
      const current = gate as StoreGate;
      current.requests += 1;
      current.authorizations.push(decodeURIComponent(String(req.headers.authorization ?? '')));
      const mode = current.mode;
      if (mode.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (mode.kind === 'status') {
        res.writeHead(mode.status, {
          'content-type': 'application/json',
          ...(mode.substatus ? { 'x-ms-substatus': String(mode.substatus) } : {}),
        });
        res.end(JSON.stringify({ code: 'Injected', message: 'refused by the store gate' }));
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const targetUrl = new URL(target.endpoint);
        const forwarded = httpsRequest(
          {
            host: targetUrl.hostname,
            port: targetUrl.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, host: targetUrl.host },
            agent: target.agent,
          },
          (answer) => {
            const body: Buffer[] = [];
            answer.on('data', (chunk: Buffer) => body.push(chunk));
            answer.on('end', () => {
              const text = Buffer.concat(body).toString('utf8').split(target.endpoint).join(current.endpoint);
              const headers = { ...answer.headers };
              delete headers['transfer-encoding'];
              headers['content-length'] = String(Buffer.byteLength(text));
              res.writeHead(answer.statusCode ?? 502, headers);
              res.end(text);
            });
          },
        );
        forwarded.on('error', () => res.destroy());
        forwarded.end(Buffer.concat(chunks));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const caFile = join(mkdtempSync(join(tmpdir(), 'store-gate-')), 'ca.pem');
    writeFileSync(caFile, pems.cert);
    gate = new StoreGate(server, `https://127.0.0.1:${port}`, caFile, pems.cert);
    return gate;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
