import type restify from 'restify';
import { ConflictError, InvalidInputError } from '../domain/errors';
import { type EditPlaybookDeps, editPlaybook } from '../domain/playbook/edit-playbook';
import { readPlaybook } from '../domain/playbook/read-playbook';
import { playbookSeed } from '../i18n/playbook-seed';
import { type Language, t } from '../i18n/translate';
import { pageStrings, type TabApiDeps, withTabIdentity } from './tab-api-routes';

export type TabPlaybookDeps = TabApiDeps & { playbook: EditPlaybookDeps };

/**
 * GET /api/tab/playbook: the tenant's playbook for everyone signed in (staff included).
 * PUT /api/tab/playbook: a coordinator's or administrator's change, `{ version, texts }`; the
 * answer is the playbook as now stored, or 400 with a message per field, 409 when someone else
 * changed it first, 403 for everyone else.
 */
export function registerTabPlaybookRoutes(server: restify.Server, deps: TabPlaybookDeps): void {
  const view = async (actor: Parameters<typeof readPlaybook>[1], language: Language) => ({
    language,
    strings: pageStrings(language),
    playbook: await readPlaybook(deps.playbook, actor, playbookSeed(language)),
  });

  server.get(
    '/api/tab/playbook',
    withTabIdentity(deps, async (_req, res, actor, language) => {
      res.header('cache-control', 'no-store');
      res.send(200, await view(actor, language));
    }),
  );

  server.put(
    '/api/tab/playbook',
    withTabIdentity(deps, async (req, res, actor, language) => {
      res.header('cache-control', 'no-store');
      const body = (req.body ?? {}) as Record<string, unknown>;
      try {
        await editPlaybook(
          deps.playbook,
          actor,
          { version: body.version, texts: body.texts },
          playbookSeed(language),
        );
      } catch (error) {
        if (error instanceof InvalidInputError) {
          const fieldErrors = Object.fromEntries(
            Object.entries(error.fieldErrors).map(([field, key]) => [field, t(language, key)]),
          );
          res.send(400, { error: 'invalid', message: t(language, 'playbook.error.summary'), fieldErrors });
          return;
        }
        if (error instanceof ConflictError) {
          res.send(409, { error: 'conflict', message: t(language, 'playbook.error.conflict') });
          return;
        }
        throw error;
      }
      res.send(200, await view(actor, language));
    }),
  );
}
