import type { Activity } from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthentication,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { BotRegistration } from '../bot-registrations';
import { activityTenantId } from './activity-tenant';

export interface RoutedRegistration {
  registration: BotRegistration;
  auth: BotFrameworkAuthentication;
}

/**
 * Several bot registrations behind one endpoint, one per municipality's tenant. An incoming
 * activity is authenticated by the registration of its own tenant, so a token issued for
 * municipality A's bot (audience A's app id) is refused for an activity of municipality B.
 * Outgoing calls (replies, proactive messages) use the registration whose app id the turn's
 * claims name: the one that authenticated the activity, or the one a proactive send names.
 */
export class TenantRoutedBotFrameworkAuthentication extends BotFrameworkAuthentication {
  constructor(private readonly routes: RoutedRegistration[]) {
    super();
  }

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    const tenantId = activityTenantId(activity);
    const route = this.routes.find((candidate) => candidate.registration.tenantId === tenantId);
    if (!route) throw new AuthenticationError('no bot registration serves this tenant', 401);
    return route.auth.authenticateRequest(activity, authHeader);
  }

  override authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    throw new AuthenticationError('streaming is not supported with several bot registrations', 401);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.byAppId(claimsIdentity).createConnectorFactory(claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.byAppId(claimsIdentity).createUserTokenClient(claimsIdentity);
  }

  private byAppId(claimsIdentity: ClaimsIdentity): BotFrameworkAuthentication {
    const appId = claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim);
    const route = this.routes.find((candidate) => candidate.registration.appId === appId);
    if (!route) throw new AuthenticationError('no bot registration has this app id', 401);
    return route.auth;
  }
}
