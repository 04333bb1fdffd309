import { CloudAdapter } from 'botbuilder';
import type { Config } from '../config';
import { OutcomeUnknownError } from '../domain/errors';
import { t } from '../i18n/translate';
import type { Logger } from '../logger';
import { botFrameworkAuthentication } from './bot-authentication';

/**
 * The Bot Framework adapter. With an app id, botbuilder checks every incoming request's JWT;
 * without one (local mode) it accepts anonymous requests, which is why start-up says so loudly.
 */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const adapter = new CloudAdapter(botFrameworkAuthentication(config.bot));
  // Last line of defence: a turn that failed outside a handler still gets an answer, never silence.
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'unhandled turn error');
    if (context.activity.type !== 'message') return;
    try {
      const key = error instanceof OutcomeUnknownError ? 'message.outcomeUnknown' : 'message.genericError';
      await context.sendActivity(t(config.defaultLanguage, key));
    } catch (sendError) {
      logger.error({ err: sendError }, 'could not tell the user about the error');
    }
  };
  return adapter;
}
