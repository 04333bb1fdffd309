import { CallerIdConstants } from 'botbuilder';
import { AuthenticationConstants, type BotFrameworkAuthentication } from 'botframework-connector';
import type { BotRegistration } from '../bot-registrations';
import type { Config } from '../config';
import { OutboxAwareBotFrameworkAuthentication } from './outbox-owned-retries';
import { TenantRoutedBotFrameworkAuthentication } from './tenant-routed-authentication';

/**
 * The Bot Framework authentication for this deployment: none in local mode, one registration for
 * every tenant in the single form (MICROSOFT_APP_ID), or one per tenant (BOT_REGISTRATIONS).
 */
export function botFrameworkAuthentication(bot: Config['bot']): BotFrameworkAuthentication {
  const forRegistration = (registration?: BotRegistration) =>
    new OutboxAwareBotFrameworkAuthentication({
      MicrosoftAppId: registration?.appId ?? '',
      MicrosoftAppPassword: registration?.appPassword ?? '',
      MicrosoftAppType: registration?.appType ?? bot.appType,
      MicrosoftAppTenantId: registration?.appTenantId ?? '',
      ...(bot.openIdMetadataUrl ? publicCloudWithSigningKeysFrom(bot.openIdMetadataUrl) : {}),
    });
  const [first, ...others] = bot.registrations;
  if (!first) return forRegistration(undefined);
  if (others.length === 0 && first.tenantId === undefined) return forRegistration(first);
  return new TenantRoutedBotFrameworkAuthentication(
    bot.registrations.map((registration) => ({ registration, auth: forRegistration(registration) })),
  );
}

/**
 * The public cloud's settings, except where the channel's token signing keys are read (a local
 * stand-in in tests; config.ts refuses it in production). botbuilder takes all of them as given
 * once one is set, so all are named.
 */
function publicCloudWithSigningKeysFrom(openIdMetadataUrl: string) {
  return {
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}
