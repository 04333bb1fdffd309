import type restify from 'restify';
import {
  addQueuedCase,
  type CaseQueueDeps,
  readCaseQueue,
  removeQueuedCase,
} from '../domain/monthly-case/manage-case-queue';
import { type TabApiDeps, withTabIdentity } from './tab-api-routes';

export type TabMonthlyCaseDeps = TabApiDeps & { monthlyCase: Omit<CaseQueueDeps, 'seedFor'> };

/**
 * The case-of-the-month queue for coordinators and administrators:
 * GET /api/tab/monthly-cases, POST /api/tab/monthly-cases `{ text }`, DELETE /api/tab/monthly-cases/:id.
 * Every answer is the queue as it now stands; a bad text is a 400 with its message.
 */
export function registerTabMonthlyCaseRoutes(
  server: restify.Server,
  deps: TabMonthlyCaseDeps,
  seedFor: CaseQueueDeps['seedFor'],
): void {
  const queueDeps: CaseQueueDeps = { ...deps.monthlyCase, seedFor };
  server.get(
    '/api/tab/monthly-cases',
    withTabIdentity(deps, async (_req, res, actor) => {
      res.header('cache-control', 'no-store');
      res.send(200, await readCaseQueue(queueDeps, actor));
    }),
  );
  server.post(
    '/api/tab/monthly-cases',
    withTabIdentity(deps, async (req, res, actor) => {
      res.header('cache-control', 'no-store');
      await addQueuedCase(queueDeps, actor, (req.body as Record<string, unknown> | undefined)?.text);
      res.send(200, await readCaseQueue(queueDeps, actor));
    }),
  );
  server.del(
    '/api/tab/monthly-cases/:id',
    withTabIdentity(deps, async (req, res, actor) => {
      res.header('cache-control', 'no-store');
      await removeQueuedCase(queueDeps, actor, String(req.params?.id ?? ''));
      res.send(200, await readCaseQueue(queueDeps, actor));
    }),
  );
}
