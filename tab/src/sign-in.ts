import { createNestablePublicClientApplication, InteractionRequiredAuthError } from '@azure/msal-browser';
import { authentication, nestedAppAuth } from '@microsoft/teams-js';

export interface AuthSettings {
  clientId: string;
  /** The exposed scope as a full URI: api://<host>/<client id>/<scope>. */
  scopeUri: string;
}

/**
 * A token for the bot's API. Nested App Authentication (MSAL in the host's broker) where Teams
 * recommends it, else the classic Teams SSO call, which asks Teams for the same token.
 */
export async function tokenForApi(settings: AuthSettings, tenantId: string | undefined): Promise<string> {
  if (nestedAppAuth.isNAAChannelRecommended()) {
    const msal = await createNestablePublicClientApplication({
      auth: {
        clientId: settings.clientId,
        authority: `https://login.microsoftonline.com/${tenantId ?? 'organizations'}`,
      },
    });
    const request = { scopes: [settings.scopeUri] };
    const [account] = msal.getAllAccounts();
    try {
      const result = await msal.acquireTokenSilent({ ...request, account });
      return result.accessToken;
    } catch (error) {
      if (!(error instanceof InteractionRequiredAuthError)) throw error;
      return (await msal.acquireTokenPopup(request)).accessToken;
    }
  }
  return authentication.getAuthToken();
}
