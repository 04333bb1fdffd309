import { CallerIdConstants, CloudAdapter } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Config } from '../config';
import { t } from '../i18n/translate';
import type { Logger } from '../logger';
import { OutboxAwareBotFrameworkAuthentication } from './outbox-owned-retries';

/**
 * The Bot Framework adapter. With an app id, botbuilder checks every incoming request's JWT;
 * without one (local mode) it accepts anonymous requests, which is why start-up says so loudly.
 */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const { appId, appPassword, appType, appTenantId, openIdMetadataUrl } = config.bot;
  const auth = new OutboxAwareBotFrameworkAuthentication({
    MicrosoftAppId: appId ?? '',
    MicrosoftAppPassword: appPassword ?? '',
    MicrosoftAppType: appType,
    MicrosoftAppTenantId: appTenantId ?? '',
    ...(openIdMetadataUrl ? publicCloudWithKeysFrom(openIdMetadataUrl) : {}),
  });
  const adapter = new CloudAdapter(auth);
  // Last line of defence: a turn that failed outside a handler still gets an answer, never silence.
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'unhandled turn error');
    if (context.activity.type !== 'message') return;
    try {
      await context.sendActivity(t(config.defaultLanguage, 'message.genericError'));
    } catch (sendError) {
      logger.error({ err: sendError }, 'could not tell the user about the error');
    }
  };
  return adapter;
}

/**
 * The public cloud's settings with another place for the channel's signing keys. Botbuilder
 * takes any one of these values as "configure everything", so the rest is spelled out.
 */
function publicCloudWithKeysFrom(openIdMetadataUrl: string) {
  return {
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}
