import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { type AppDeps, type RunningApp, startApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import type { PacingLimits } from '../../bot/outbox/delivery-pacer';
import { DEFAULT_DISPATCHER_OPTIONS, type DispatcherOptions } from '../../bot/outbox/outbox-dispatcher';
import { CONTAINERS, type ContainerName } from '../../bot/storage/containers';
import type { CosmosStore } from '../../bot/storage/cosmos-store';
import { CaptureConnector, type SentActivity } from './capture-connector';
import { cardProblems, markdownLeaks, USER_TEXT_MARKER } from './card-validity';
import { ManualClock } from './manual-clock';
import { postActivity, postRawBody } from './post-to-bot';
import { RunningClock } from './running-clock';
import { SequenceIds } from './sequence-ids';
import { freshStore } from './shared-cosmos';
import {
  botAddedActivity,
  cardSubmitActivity,
  installationAddActivity,
  messageActionFetchActivity,
  messageActionSubmitActivity,
  messageActivity,
  type TeamsConversation,
  type TeamsPerson,
} from './teams-activities';

/** The containers that hold a tenant's working documents and their technical history. */
const WORKING_CONTAINERS = (Object.keys(CONTAINERS) as ContainerName[]).filter((name) => name !== 'audit');
export const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
export const OTHER_TENANT = 'bbbbbbbb-0000-4000-8000-000000000002';

export interface TestBotOptions {
  coordinators?: string[];
  env?: Record<string, string>;
  now?: string;
  store?: CosmosStore;
  /** Shared with another instance: Teams' connector and the clock are one for both. */
  connector?: CaptureConnector;
  clock?: ManualClock;
  /** Run the outbox loop and periodic checks on their timers, as production does (the benchmark). */
  runDispatcherLoop?: boolean;
  /** Names a second instance on the same store, so its ids (form tokens) differ from the first's. */
  instance?: string;
  /** Ids of their own (e.g. a prefix per instance); `instance` is the short form. */
  ids?: SequenceIds;
  /**
   * Time runs (from `now`) and paced sends really wait: for fan-outs measured against the
   * connector's real-time rate limits. Otherwise time stands still and waits move the clock.
   */
  realTime?: boolean;
  /** The outbox's pacing, when a simulation uses other limits than Teams'. */
  pacing?: PacingLimits;
  /** Dispatcher settings other than the defaults (e.g. small batches, so two instances take turns). */
  dispatcher?: Partial<DispatcherOptions>;
  /** How background work gives way to turns (its bound, and the clock that measures it). */
  turnsFirst?: AppDeps['turnsFirst'];
}

/** A person's identity in tests, derived from a name so tests stay readable. */
export function person(name: string, tenantId = TENANT): TeamsPerson {
  const hex = createHash('sha256').update(name).digest('hex').slice(0, 12);
  return { name, tenantId, aadObjectId: `00000000-0000-4000-8000-${hex}` };
}

/** A person's 1:1 chat with the bot, opaque like Teams' own ids: nothing in it names the person. */
export function personalChat(name: string, tenantId = TENANT): TeamsConversation {
  const opaque = createHash('sha256')
    .update(`conversation:${tenantId}:${name}`)
    .digest('base64url')
    .slice(0, 24);
  return { id: `a:1${opaque}`, type: 'personal' };
}

/**
 * Where a TestUser's activities go and its answers arrive: a TestBot, or (the benchmark) a bot in
 * another process that replies to a capture connector.
 */
export interface ChatEndpoint {
  readonly connector: CaptureConnector;
  post(activity: object, headers?: Record<string, string>): Promise<number>;
  postRaw(body: string, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
}

/**
 * The real server, real botbuilder and real Cosmos SDK, with Teams' connector replaced by a
 * local recorder and time held still until a test moves it.
 */
export class TestBot implements ChatEndpoint {
  private constructor(
    readonly app: RunningApp,
    readonly connector: CaptureConnector,
    readonly clock: ManualClock,
    readonly store: CosmosStore,
    private readonly ownsConnector = true,
  ) {}

  static async start(options: TestBotOptions = {}): Promise<TestBot> {
    const start = options.now ?? '2026-11-25T10:00:00Z';
    const clock = options.clock ?? (options.realTime ? new RunningClock(start) : new ManualClock(start));
    const connector = options.connector ?? (await CaptureConnector.start(() => clock.now()));
    const store = options.store ?? (await freshStore());
    const config = loadConfig({
      PORT: '0',
      COORDINATOR_AAD_IDS: (options.coordinators ?? []).join(','),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      RECEIPT_CODE_SECRET: 'test-receipt-code-secret-not-for-production',
      ...options.env,
    });
    const app = await startApp({
      config,
      store,
      clock,
      ids: options.ids ?? new SequenceIds(options.instance),
      logger: createLogger(config.logLevel),
      runDispatcherLoop: options.runDispatcherLoop ?? false,
      // Paced sends wait in simulated time, so a test never sleeps and sees when each send happened.
      sleep: options.realTime ? undefined : async (ms) => clock.advance(ms),
      pacing: options.pacing,
      dispatcherOptions: options.dispatcher && {
        ...DEFAULT_DISPATCHER_OPTIONS,
        leaseMs: config.outboxLeaseMs,
        ...options.dispatcher,
      },
      turnsFirst: options.turnsFirst,
    });
    return new TestBot(app, connector, clock, store, !options.connector);
  }

  /** Someone in a 1:1 chat with the bot. */
  user(name: string, tenantId = TENANT): TestUser {
    return new TestUser(this, person(name, tenantId), personalChat(name, tenantId));
  }

  /** Someone writing in a team channel where the bot is installed. */
  inChannel(name: string, channelId = '19:werkgroep@thread.tacv2'): TestUser {
    return new TestUser(this, person(name), { id: channelId, type: 'channel', teamId: channelId, channelId });
  }

  /**
   * Someone in a shared channel of this tenant's team, who may belong to another organisation's
   * tenant (`homeTenantId`): Teams names the host tenant on the activity, and the person's own
   * tenant only when asked (getMember).
   */
  inSharedChannel(name: string, homeTenantId: string, channelId = '19:gedeeld@thread.tacv2'): TestUser {
    const who = person(name, homeTenantId);
    this.connector.setMember(who.aadObjectId, { tenantId: homeTenantId });
    return new TestUser(this, who, {
      id: channelId,
      type: 'channel',
      teamId: '19:gemeenteteam@thread.tacv2',
      channelId,
      tenantId: TENANT,
      shared: true,
    });
  }

  /** Someone writing in a group chat the bot was added to. */
  inGroupChat(name: string, chatId = '19:groepschat@thread.v2'): TestUser {
    return new TestUser(this, person(name), { id: chatId, type: 'groupChat' });
  }

  /** Posts an activity to /api/messages as Teams would; returns the HTTP status. */
  post(activity: object, headers: Record<string, string> = {}): Promise<number> {
    return postActivity(this.app.url, activity, headers);
  }

  /** Posts any body (raw text, or JSON of any shape) to /api/messages; returns status and parsed answer. */
  postRaw(body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    return postRawBody(this.app.url, body, headers);
  }

  /** Delivers everything due in the outbox now. */
  async deliverOutbox(): Promise<void> {
    await this.app.dispatcher.drain();
  }

  /**
   * Documents as stored, system properties included: what an attacker with the database would see.
   * Without a container: every container but the audit trail (an outbox entry moves to
   * `outboxHistory` once sent).
   */
  // biome-ignore lint/suspicious/noExplicitAny: raw storage documents
  async storedDocuments(type: string, container?: ContainerName): Promise<any[]> {
    const names = container ? [container] : WORKING_CONTAINERS;
    // biome-ignore lint/suspicious/noExplicitAny: raw storage documents
    const found: any[] = [];
    for (const name of names) {
      const { resources } = await this.store
        .container(name)
        .items.query({
          query: 'SELECT * FROM c WHERE c.type = @type',
          parameters: [{ name: '@type', value: type }],
        })
        .fetchAll();
      found.push(...resources);
    }
    return found;
  }

  /** Every document in every container: where nothing may have been written. */
  // biome-ignore lint/suspicious/noExplicitAny: raw storage documents
  async allStoredDocuments(): Promise<any[]> {
    // biome-ignore lint/suspicious/noExplicitAny: raw storage documents
    const found: any[] = [];
    for (const name of Object.keys(CONTAINERS) as ContainerName[]) {
      found.push(...(await this.store.container(name).items.readAll().fetchAll()).resources);
    }
    return found;
  }

  /**
   * Every card the bot sent in this test must be valid for Teams, and text a person typed (marked
   * with USER_TEXT_MARKER in test data) may appear only where Teams shows it as plain text.
   */
  assertAllCardsValid(): void {
    for (const sent of this.connector.sent) {
      for (const attachment of sent.activity?.attachments ?? []) {
        const problems = cardProblems(attachment.content);
        assert.deepEqual(problems, [], `card sent to ${sent.conversationId} has problems`);
        assert.deepEqual(markdownLeaks(attachment.content), [], 'user text where Teams renders markdown');
      }
      const text = sent.activity?.text;
      if (typeof text === 'string' && text.includes(USER_TEXT_MARKER))
        assert.equal(sent.activity.textFormat, 'plain', `user text in a markdown message: ${text}`);
    }
  }

  async stop(): Promise<void> {
    await this.app.stop();
    if (this.ownsConnector) await this.connector.close();
  }
}

/** What one person sees of the bot: what they say, what they click, what arrives. */
export class TestUser {
  constructor(
    readonly bot: ChatEndpoint,
    readonly who: TeamsPerson,
    readonly conversation: TeamsConversation,
  ) {}

  get aadObjectId(): string {
    return this.who.aadObjectId;
  }

  base() {
    return { serviceUrl: this.bot.connector.url, person: this.who, conversation: this.conversation };
  }

  /** Sends a message; returns what the bot sent to this conversation in answer. */
  async says(text: string): Promise<SentActivity[]> {
    return this.capture(() => this.bot.post(messageActivity(this.base(), text)));
  }

  async installs(): Promise<SentActivity[]> {
    return this.capture(async () => {
      await this.bot.post(installationAddActivity(this.base()));
      await this.bot.post(botAddedActivity(this.base()));
    });
  }

  /** Clicks the card's submit button with these input values, as Teams sends it. */
  async submits(card: SentActivity, inputs: Record<string, unknown>): Promise<SentActivity[]> {
    return this.capture(() => this.bot.post(this.submitActivity(card, inputs)));
  }

  /** Clicks the submit button (anywhere in the card, also in show-cards) whose data matches. */
  async clicks(
    card: SentActivity,
    matches: (data: Record<string, unknown>) => boolean,
    inputs: Record<string, unknown> = {},
  ): Promise<SentActivity[]> {
    const data = findSubmitData(cardOf(card), matches);
    assert.ok(data, 'the card has no such button');
    return this.capture(() =>
      this.bot.post(cardSubmitActivity(this.base(), card.activityId, { ...data, ...inputs })),
    );
  }

  /** Sends a card submission with exactly this data, as a forged or replayed click would. */
  async submitsRaw(replyToId: string, value: Record<string, unknown>): Promise<SentActivity[]> {
    return this.capture(() => this.bot.post(cardSubmitActivity(this.base(), replyToId, value)));
  }

  /** The raw activity a click produces, for tests that deliver it more than once. */
  submitActivity(card: SentActivity, inputs: Record<string, unknown>) {
    const data = submitData(cardOf(card));
    return cardSubmitActivity(this.base(), card.activityId, { ...data, ...inputs });
  }

  /**
   * Chooses "Meld als signaal" on a message (payload from messagePayload()); returns the invoke's
   * answer: the dialog, or what Teams shows instead.
   */
  async usesMessageAction(
    payload: unknown,
    commandId = 'reportMessage',
  ): Promise<{ status: number; body: InvokeAnswer }> {
    const answer = await this.bot.postRaw(
      JSON.stringify(messageActionFetchActivity(this.base(), commandId, payload)),
    );
    return answer as { status: number; body: InvokeAnswer };
  }

  /** Presses "send" in the dialog with these inputs (the card's own data included, as Teams sends it). */
  async sendsDialog(
    dialog: InvokeAnswer,
    payload: unknown,
    inputs: Record<string, unknown>,
  ): Promise<{ status: number; body: InvokeAnswer }> {
    // Teams sends every input's current value (also the prefilled ones), the button's data, then what was typed.
    const card = dialogCard(dialog);
    const shown: Record<string, unknown> = {};
    for (const element of card.body as { id?: string; type?: string; value?: unknown }[])
      if (element.id && String(element.type).startsWith('Input.')) shown[element.id] = element.value ?? '';
    const data = { ...shown, ...submitData(card), ...inputs };
    const answer = await this.bot.postRaw(
      JSON.stringify(messageActionSubmitActivity(this.base(), 'reportMessage', payload, data)),
    );
    return answer as { status: number; body: InvokeAnswer };
  }

  /** Everything the bot has sent to this person's conversation so far. */
  received(): SentActivity[] {
    return this.bot.connector.sentTo(this.conversation.id);
  }

  /** The last card in this conversation, as it stands now (updates applied). */
  lastCard(): SentActivity {
    const cards = this.received().filter((sent) => sent.activity?.attachments?.length);
    const last = cards.at(-1);
    assert.ok(last, `${this.who.name} has received no card`);
    return last;
  }

  private async capture(action: () => Promise<unknown>): Promise<SentActivity[]> {
    const before = this.bot.connector.sent.length;
    await action();
    return this.bot.connector.sent
      .slice(before)
      .filter((sent) => sent.conversationId === this.conversation.id);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: invoke answers are inspected structurally
export type InvokeAnswer = any;

/** The Adaptive Card of a dialog answer (`task.type` continue). */
// biome-ignore lint/suspicious/noExplicitAny: card JSON is inspected structurally
export function dialogCard(answer: InvokeAnswer): any {
  assert.equal(answer?.task?.type, 'continue', `not a dialog: ${JSON.stringify(answer)}`);
  const content = answer.task.value?.card?.content;
  assert.ok(content, 'the dialog has no card');
  return content;
}

// biome-ignore lint/suspicious/noExplicitAny: card JSON is inspected structurally
export function cardOf(sent: SentActivity): any {
  const content = sent.activity?.attachments?.[0]?.content;
  assert.ok(content, 'activity has no card');
  return content;
}

/** All text a person can read in a message (a card's texts joined, or the plain text). */
export function cardText(sent: SentActivity): string {
  if (!sent.activity?.attachments?.length) return sent.activity?.text ?? '';
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && ['text', 'title', 'value', 'label', 'placeholder'].includes(key))
        texts.push(value);
      else walk(value);
    }
  };
  walk(cardOf(sent));
  return texts.join('\n');
}

// biome-ignore lint/suspicious/noExplicitAny: card JSON is inspected structurally
function submitData(card: any): Record<string, unknown> {
  const submit = (card.actions ?? []).find((action: { type: string }) => action.type === 'Action.Submit');
  assert.ok(submit, 'card has no submit action');
  return submit.data ?? {};
}

/** The first element anywhere in the card (also inside show-cards) that matches. */
function findElement(
  card: unknown,
  matches: (element: Record<string, unknown>) => boolean,
): Record<string, unknown> | undefined {
  if (card === null || typeof card !== 'object') return undefined;
  if (Array.isArray(card)) {
    for (const item of card) {
      const found = findElement(item, matches);
      if (found) return found;
    }
    return undefined;
  }
  const element = card as Record<string, unknown>;
  if (matches(element)) return element;
  return findElement(Object.values(element), matches);
}

/** The input with this id anywhere in the card. */
// biome-ignore lint/suspicious/noExplicitAny: card JSON is inspected structurally
export function findInput(sent: SentActivity, id: string): any {
  return findElement(
    cardOf(sent),
    (element) => element.id === id && String(element.type).startsWith('Input.'),
  );
}

/** The data of the first Action.Submit anywhere in the card whose data matches. */
export function findSubmitData(
  card: unknown,
  matches: (data: Record<string, unknown>) => boolean,
): Record<string, unknown> | undefined {
  const submit = findElement(
    card,
    (element) =>
      element.type === 'Action.Submit' && !!element.data && matches(element.data as Record<string, unknown>),
  );
  return submit?.data as Record<string, unknown> | undefined;
}
