import { type Activity, type InvokeResponse, TeamsActivityHandler, TurnContext } from 'botbuilder';
import type { Actor } from '../domain/actor';
import { turnRoles } from '../domain/roles/turn-roles';
import type { ProfileAsRead, UserProfile } from '../domain/users/user-profile';
import { type Language, t } from '../i18n/translate';
import type { ActivityClaim } from '../storage/cosmos-processed-activities';
import { answerUnknownInvoke } from './answer-unknown-invoke';
import type { BotServices } from './bot-services';
import { isFromOutside } from './from-outside';
import { pointToPersonalChat, worksHere } from './handlers/point-to-personal-chat';
import { sendWelcomeOnce } from './handlers/send-welcome-once';
import { normalizeActivityInput } from './normalize-activity';
import { rememberPersonalChat } from './remember-personal-chat';
import { replyToError } from './reply-to-error';
import { CARD_VERBS, type InvokeRoute, matchCommand, matchInvoke, type WorksIn } from './routes';
import { Turn } from './turn';
import { commandText, readTurnFacts } from './turn-facts';

/**
 * Teams activities in, routes out. Kept thin on purpose: the route table says what each
 * command does, the domain says whether it is allowed.
 */
export class DaadkrachtBot extends TeamsActivityHandler {
  constructor(private readonly services: BotServices) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.greet(context);
      await next();
    });
    this.onTeamsMembersAddedEvent(async (membersAdded, _teamInfo, context, next) => {
      const botAdded = membersAdded.some((member) => member.id === context.activity.recipient?.id);
      if (botAdded) await this.greet(context);
      await next();
    });
  }

  /**
   * Entry point for every activity: text normalised, then the tenant allow-list; nothing is read or
   * stored before it.
   */
  override async run(context: TurnContext): Promise<void> {
    normalizeActivityInput(context.activity);
    const { tenantId } = readTurnFacts(context.activity);
    const { allowedTenantIds, logger } = this.services;
    if (!tenantId || (allowedTenantIds.length > 0 && !allowedTenantIds.includes(tenantId))) {
      logger.warn(
        { tenantId: tenantId ?? 'none', activityType: context.activity.type },
        'activity from a tenant that is not allowed; ignored',
      );
      // An invoke needs an answer of its own, or botbuilder reports 501 (a server error).
      if (context.activity.type === 'invoke')
        await context.sendActivity({ type: 'invokeResponse', value: { status: 403 } });
      return;
    }
    await super.run(context);
  }

  /**
   * The message action's invokes go to their route; every other invoke is one the bot does not
   * handle (see answerUnknownInvoke), and nothing is stored for it.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const route = matchInvoke(context.activity.name, context.activity.value);
    // Never the conversation as the person's 1:1 chat: an action may be used in a chat between people.
    if (route) {
      try {
        const turn = await this.openTurn(context, { invoke: route });
        if (turn) return await route.handle(turn, context.activity.value);
      } catch (error) {
        // Teams shows an invoke's answer to the person: a calm message, never a 500. In Dutch, the
        // default: the store that failed holds the person's language, and the dialog must not wait
        // for a second round of its retries.
        this.services.logger.error({ err: error }, 'message action failed');
        return answerUnknownInvoke(context.activity.name, t('nl', 'message.genericError'));
      }
    }
    const { tenantId, actor } = readTurnFacts(context.activity);
    const profile = actor ? await this.services.users.find(actor.tenantId, actor.aadObjectId) : undefined;
    const language =
      profile?.language ??
      (tenantId ? (await this.services.tenantSettings.get(tenantId)).defaultLanguage : 'nl');
    return answerUnknownInvoke(context.activity.name, t(language, 'message.invokeUnsupported'));
  }

  /**
   * The activity's dedupe marker is claimed while the turn opens (profile, roles, settings): the
   * two are independent, so they cost one round trip, not two. Opening a turn only writes what a
   * redelivery would write again (the conversation, the name), so doing it for a duplicate is
   * harmless; a turn that cannot open gives its claim back, so a redelivery is answered.
   */
  private async handleMessage(context: TurnContext): Promise<void> {
    const facts = readTurnFacts(context.activity);
    if (!facts.actor) return;
    const { processedActivities, clock } = this.services;
    const { tenantId } = facts.actor;
    const activityId = context.activity.id;
    const claiming: Promise<ActivityClaim> = activityId
      ? processedActivities.claim(tenantId, activityId, clock.now())
      : Promise.resolve('claimed');
    const [opened, claimed] = await Promise.allSettled([this.openTurn(context), claiming]);
    if (opened.status === 'rejected') {
      if (activityId && claimed.status === 'fulfilled' && claimed.value === 'claimed')
        await processedActivities.release(tenantId, activityId).catch(() => undefined);
      throw opened.reason;
    }
    if (claimed.status === 'rejected') throw claimed.reason;
    const turn = opened.value;
    if (!turn) return;
    const claim = claimed.value;
    if (claim !== 'claimed') {
      // Finished: it was answered. In progress: the instance running it will answer.
      this.services.logger.info(
        { activityType: 'message', claim },
        'duplicate delivery of an activity; ignored',
      );
      return;
    }
    try {
      if (turn.isPersonal) await sendWelcomeOnce(turn, turn.profile);
      await this.route(turn);
      // Not awaited: the answer is out, and Teams need not wait for the mark (finishSoon says why).
      if (activityId)
        processedActivities.finishSoon(turn.actor.tenantId, activityId, clock.now(), (error) =>
          // Answered already; left "in progress", a redelivery after the lease runs the idempotent turn again.
          this.services.logger.warn({ err: error }, 'could not mark the activity as handled'),
        );
    } catch (error) {
      if (activityId)
        await processedActivities.release(turn.actor.tenantId, activityId).catch(() => undefined);
      await replyToError(turn, error);
    }
  }

  private async route(turn: Turn): Promise<void> {
    const resolved = resolveRoute(turn.activity);
    if ('unknown' in resolved) return turn.sendText(resolved.unknown);
    await turn.assertOpenToPartner(!!resolved.openToPartners);
    if (!worksHere(resolved.worksIn, turn)) return pointToPersonalChat(turn, resolved.worksIn);
    return resolved.handle(turn);
  }

  private async greet(context: TurnContext): Promise<void> {
    const turn = await this.openTurn(context);
    if (turn?.isPersonal) await sendWelcomeOnce(turn, turn.profile);
  }

  /**
   * Builds the turn: who acts, in which language; remembers how to reach them 1:1. The profile,
   * the tenant's settings (cached), the actor's roles and (in a shared channel) Teams' answer to
   * who they are are asked for at the same time: one round trip, not several one after the other.
   */
  private async openTurn(
    context: TurnContext,
    /** An invoke and its route: never the person's 1:1 chat; the route's reads start ahead. */
    options: { invoke?: InvokeRoute } = {},
  ): Promise<Turn | undefined> {
    const facts = readTurnFacts(context.activity);
    if (options.invoke) facts.isPersonal = false;
    if (!facts.actor) return undefined;
    const { actor } = facts;
    const settings = this.services.tenantSettings.get(actor.tenantId);
    settings.catch(() => undefined); // observed below only when the profile has no language
    // The profile and the stored roles in one request; in a shared channel Teams is asked who
    // writes meanwhile.
    const person = this.services.personReads.read(actor.tenantId, actor.aadObjectId);
    const perTurn = turnRoles(
      this.services.roles,
      this.services.roleRepository,
      actor.tenantId,
      actor.aadObjectId,
      isFromOutside(context, actor.tenantId, this.services.logger),
      person.then(({ roleHolder }) => roleHolder),
    );
    const services: BotServices = { ...this.services, ...perTurn };
    const ahead = options.invoke
      ? options.invoke.readAhead?.(services, actor, context.activity.value)
      : readAheadFor(context.activity, services, actor, facts.isPersonal);
    const { profile: asRead } = await person;
    const profile = facts.isPersonal
      ? await this.rememberPersonalConversation(context, actor, asRead)
      : await this.rememberName(actor, asRead);
    const language: Language = profile?.language ?? (await settings).defaultLanguage;
    return new Turn(context, actor, profile, language, facts.isPersonal, { ...services, ...ahead });
  }

  private async rememberPersonalConversation(
    context: TurnContext,
    actor: Actor,
    asRead: ProfileAsRead,
  ): Promise<UserProfile> {
    // Without the id of this one message: it changes every turn, and storing it made every turn
    // rewrite the profile. Sending to the conversation later does not need it.
    const { activityId: _thisMessage, ...conversation } = TurnContext.getConversationReference(
      context.activity,
    );
    const reference = JSON.parse(JSON.stringify(conversation)) as Record<string, unknown>;
    return rememberPersonalChat(this.services, actor, reference, asRead);
  }

  private async rememberName(actor: Actor, asRead: ProfileAsRead): Promise<UserProfile | undefined> {
    const { users, clock } = this.services;
    if (asRead.profile?.name === actor.name) return asRead.profile;
    return users.rememberName(actor.tenantId, actor.aadObjectId, actor.name, clock.now(), asRead);
  }
}

/** An activity's entry in the route table (a card verb with its values, a command with its argument), bound. */
type ResolvedRoute =
  | { unknown: 'message.unknownAction' | 'message.unknownCommand' }
  | {
      worksIn: WorksIn;
      openToPartners?: boolean;
      handle(turn: Turn): Promise<void>;
      readAhead?(services: BotServices, actor: Actor): Partial<BotServices> | undefined;
    };

/** One lookup for answering a turn and for what it reads ahead, so the two never disagree. */
function resolveRoute(activity: Activity): ResolvedRoute {
  const value = activity.value as Record<string, unknown> | undefined;
  if (value && typeof value === 'object' && typeof value.verb === 'string') {
    const verb = Object.hasOwn(CARD_VERBS, value.verb) ? CARD_VERBS[value.verb] : undefined;
    if (!verb) return { unknown: 'message.unknownAction' };
    return {
      worksIn: verb.worksIn,
      openToPartners: verb.openToPartners,
      handle: (turn) => verb.handle(turn, value),
      readAhead: (services, actor) => verb.readAhead?.(services, actor, value),
    };
  }
  const match = matchCommand(commandText(activity));
  if (!match) return { unknown: 'message.unknownCommand' };
  return {
    worksIn: match.route.worksIn,
    openToPartners: match.route.openToPartners,
    handle: (turn) => match.route.handle(turn, match.argument),
    readAhead: (services, actor) => match.route.readAhead?.(services, actor, match.argument),
  };
}

/**
 * What the route of this activity reads ahead (readAhead in routes.ts), started now: only where the
 * route works (its 1:1-only routes in a 1:1 chat), and only the reads its handler makes anyway.
 */
function readAheadFor(
  activity: Activity,
  services: BotServices,
  actor: Actor,
  isPersonal: boolean,
): Partial<BotServices> | undefined {
  if (activity.type !== 'message' && typeof (activity.value as { verb?: unknown })?.verb !== 'string')
    return undefined;
  const resolved = resolveRoute(activity);
  if ('unknown' in resolved || !(resolved.worksIn === 'anywhere' || isPersonal)) return undefined;
  return resolved.readAhead?.(services, actor);
}
