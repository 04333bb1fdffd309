import type restify from 'restify';
import type { Logger } from '../logger';
import { type TabAssets, tabAssets } from './tab-assets';

/** Where Teams may frame the tab; local mode adds this machine for a plain browser. */
const TEAMS_FRAME_ANCESTORS =
  'https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com https://*.microsoft365.com';

function securityHeaders(localMode: boolean): Record<string, string> {
  const frameAncestors = localMode ? "'self' http://localhost:* http://127.0.0.1:*" : TEAMS_FRAME_ANCESTORS;
  return {
    // Scripts, styles and data only from the bot itself; sign-in talks to Entra ID.
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self' https://login.microsoftonline.com",
      "frame-src 'self' https://login.microsoftonline.com",
      `frame-ancestors ${frameAncestors}`,
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
}

/** GET /tab/ and /tab/assets/*: the dashboard page, its script and its styles. */
export function registerTabPageRoutes(server: restify.Server, localMode: boolean, logger: Logger): void {
  const load = () =>
    tabAssets().catch((error) => {
      logger.error({ err: error }, 'bundling the tab failed');
      throw error;
    });

  const serve =
    (pick: (bundle: TabAssets) => string, type: string) =>
    async (_req: restify.Request, res: restify.Response) => {
      try {
        const body = pick(await load());
        res.writeHead(200, { 'content-type': type, ...securityHeaders(localMode) });
        res.end(body);
      } catch {
        res.send(503, { error: 'unavailable' });
      }
    };
  // The page's asset links are relative, so it must be served from /tab/.
  server.get('/tab', async (_req, res) => {
    res.writeHead(301, { location: '/tab/' });
    res.end();
  });
  server.get(
    '/tab/',
    serve((bundle) => bundle.html, 'text/html; charset=utf-8'),
  );
  server.get(
    '/tab/assets/tab.js',
    serve((bundle) => bundle.script, 'text/javascript; charset=utf-8'),
  );
  server.get(
    '/tab/assets/tab.css',
    serve((bundle) => bundle.css, 'text/css; charset=utf-8'),
  );
}
