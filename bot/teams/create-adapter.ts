import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../logger';

/**
 * The Bot Framework adapter. With an app id, botbuilder checks every incoming request's JWT;
 * without one (local mode) it accepts anonymous requests, which is why start-up says so loudly.
 */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const { appId, appPassword, appType, appTenantId } = config.bot;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId ?? '',
    MicrosoftAppPassword: appPassword ?? '',
    MicrosoftAppType: appType,
    MicrosoftAppTenantId: appTenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'unhandled turn error');
  };
  return adapter;
}
