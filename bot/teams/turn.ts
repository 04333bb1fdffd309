import { type Activity, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards';
import type { Actor } from '../domain/actor';
import { assertOpenToPartner, isPartner } from '../domain/roles/partners';
import type { UserProfile } from '../domain/users/user-profile';
import { type Language, t } from '../i18n/translate';
import type { BotServices } from './bot-services';

/** One incoming activity with everything a handler needs, and the ways it may answer. */
export class Turn {
  constructor(
    readonly context: TurnContext,
    readonly actor: Actor,
    /**
     * The person's profile as the turn's opening read (and, where needed, wrote) it: handlers use
     * this rather than reading it again. A change made later in the turn is not in it.
     */
    readonly profile: UserProfile | undefined,
    readonly language: Language,
    readonly isPersonal: boolean,
    readonly services: BotServices,
  ) {}

  get activity(): Activity {
    return this.context.activity;
  }

  /** Whether the person is a partner (see bot/domain/roles/partners.ts); the turn's roles, read once. */
  async isPartner(): Promise<boolean> {
    return isPartner(await this.services.roles.rolesOf(this.actor.tenantId, this.actor.aadObjectId));
  }

  /** Refuses a partner anything but the few uses the route table opens to them. */
  async assertOpenToPartner(openToPartners: boolean): Promise<void> {
    assertOpenToPartner(
      await this.services.roles.rolesOf(this.actor.tenantId, this.actor.aadObjectId),
      openToPartners,
    );
  }

  async sendCard(card: AdaptiveCardJson): Promise<void> {
    await this.context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  /**
   * A message from the string table. With values filled in (names, titles a person typed) it goes
   * as plain text, so Teams shows them as typed and never renders them as markdown links or mentions.
   */
  async sendText(key: string, vars?: Record<string, string | number>): Promise<void> {
    const message = MessageFactory.text(t(this.language, key, vars));
    if (vars) message.textFormat = 'plain';
    await this.context.sendActivity(message);
  }

  /**
   * Replaces the card the user acted on (Action.Submit carries its id in replyToId). Where a
   * client cannot update in place, the card is sent as a new message so the user still sees it.
   */
  async replaceCard(card: AdaptiveCardJson): Promise<void> {
    const replyToId = this.activity.replyToId;
    if (replyToId) {
      try {
        await this.context.updateActivity({
          ...MessageFactory.attachment(CardFactory.adaptiveCard(card)),
          id: replyToId,
        });
        return;
      } catch (error) {
        this.services.logger.warn({ err: error }, 'could not update card in place; sending it anew');
      }
    }
    await this.sendCard(card);
  }
}
