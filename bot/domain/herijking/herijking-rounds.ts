import { z } from 'zod';
import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import type { OutboxRepository } from '../../outbox/outbox-repository';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { InvalidInputError, NotAllowedError, NotFoundError } from '../errors';
import { newOutboxEntry, type OutboxEntry } from '../outbox-messages';
import type { RoleDirectory } from '../roles/role-directory';
import type { WorkingDaysOf } from '../signals/feedback-deadlines';
import type { TenantSettingsRepository } from '../tenants/tenant-settings';
import { goalsOf } from '../werkgroep/manage-werkgroep';
import type { DocumentStore, WerkgroepStores } from '../werkgroep/werkgroep-repositories';
import {
  answerId,
  GOAL_STATUSES,
  type HerijkingAnswer,
  type HerijkingRound,
  quarterOf,
  roundId,
} from './round';

export interface HerijkingDeps {
  werkgroep: WerkgroepStores;
  rounds: DocumentStore<HerijkingRound>;
  answers: DocumentStore<HerijkingAnswer>;
  roles: RoleDirectory;
  outbox: OutboxRepository;
  audit: AuditLog;
  clock: Clock;
  workingDaysOf: WorkingDaysOf;
  tenantSettings: TenantSettingsRepository;
}

export const WERKGROEP_CHANNEL = 'channel:werkgroep';

/**
 * Opens the round for the quarter of `now`: an announcement in the werkgroep channel and a card
 * for every member. The round's id is the quarter, so a second caller (another instance, a retry)
 * finds it open and sends nothing. Returns undefined when it was open already.
 */
export async function openRound(
  deps: HerijkingDeps,
  tenantId: string,
  occurrenceAt?: Date,
): Promise<HerijkingRound | undefined> {
  const now = deps.clock.now();
  // The round's dates count from the scheduled opening, also when it runs late after downtime.
  const today = dateInZone(occurrenceAt ?? now, MUNICIPAL_TIME_ZONE);
  const quarter = quarterOf(today);
  const goals = await goalsOf(deps, tenantId);
  const settings = await deps.tenantSettings.get(tenantId);
  const workingDays = await deps.workingDaysOf(tenantId, settings);
  const { herijking } = settings;
  const invited = await deps.roles.holdersOf(tenantId, 'werkgroep');
  const round: HerijkingRound = {
    id: roundId(quarter),
    type: 'herijking-round',
    tenantId,
    quarter,
    status: 'open',
    openedAt: now.toISOString(),
    remindOn: workingDays.addWorkingDays(today, herijking.remindAfterWorkingDays),
    closesOn: workingDays.addWorkingDays(today, herijking.openWorkingDays),
    goals: goals.map((goal) => ({ id: goal.id, number: goal.number, title: goal.title })),
    invited,
    reminded: false,
  };
  if (!(await deps.rounds.createIfAbsent(round))) return undefined;
  const messages: OutboxEntry[] = [
    newOutboxEntry(
      tenantId,
      `herijking-opened:${round.id}`,
      WERKGROEP_CHANNEL,
      { kind: 'herijking', event: 'opened', quarter, closesOn: round.closesOn, goals: [] },
      now,
    ),
    ...invited.map((member) => prompt(round, member, 'prompt', now)),
  ];
  await deps.outbox.enqueue(messages);
  await deps.audit.record({
    tenantId,
    actor: 'scheduler',
    action: 'herijking.opened',
    subjectId: round.id,
    at: now.toISOString(),
  });
  return round;
}

function prompt(round: HerijkingRound, member: string, event: 'prompt' | 'reminder', now: Date): OutboxEntry {
  const goals = round.goals.map((goal) => ({ number: goal.number, title: goal.title }));
  return newOutboxEntry(
    round.tenantId,
    `herijking-${event}:${round.id}:${member}`,
    member,
    { kind: 'herijking', event, quarter: round.quarter, closesOn: round.closesOn, goals },
    now,
  );
}

const answerSchema = z.object({
  status: z.enum(GOAL_STATUSES, { error: 'herijking.error.status' }),
  explanation: z
    .string({ error: 'herijking.error.explanation' })
    .trim()
    .min(10, 'herijking.error.explanation')
    .max(2000, 'herijking.error.explanation'),
  proposal: z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined)
    .pipe(z.string().max(1000, 'herijking.error.proposal').optional()),
});

/** A member answers (or changes their answer) while the round is open. */
export async function answerRound(
  deps: HerijkingDeps,
  actor: Actor,
  quarter: string,
  values: Record<string, unknown>,
): Promise<HerijkingAnswer> {
  const round = await deps.rounds.find(actor.tenantId, roundId(quarter));
  if (!round) throw new NotFoundError('round');
  if (round.status !== 'open') throw new NotAllowedError('herijking.error.closed');
  const roles = await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId);
  if (!round.invited.includes(actor.aadObjectId) && !roles.includes('werkgroep')) {
    throw new NotAllowedError('roles.error.werkgroepOnly');
  }
  const fieldErrors: Record<string, string> = {};
  const goals: HerijkingAnswer['goals'] = [];
  for (const goal of round.goals) {
    const parsed = answerSchema.safeParse({
      status: values[`${goal.number}.status`] || undefined,
      explanation: values[`${goal.number}.explanation`] || undefined,
      proposal: values[`${goal.number}.proposal`],
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        fieldErrors[`${goal.number}.${String(issue.path[0])}`] ??= issue.message;
      continue;
    }
    goals.push({ goalId: goal.id, ...parsed.data });
  }
  if (Object.keys(fieldErrors).length > 0) throw new InvalidInputError(fieldErrors);
  const processChange =
    typeof values.processChange === 'string' && values.processChange.trim()
      ? values.processChange.trim().slice(0, 2000)
      : undefined;
  const answer: HerijkingAnswer = {
    id: answerId(quarter, actor.aadObjectId),
    type: 'herijking-answer',
    tenantId: actor.tenantId,
    roundId: round.id,
    memberAadObjectId: actor.aadObjectId,
    goals,
    ...(processChange ? { processChange } : {}),
    submittedAt: deps.clock.now().toISOString(),
  };
  const existing = await deps.answers.find(actor.tenantId, answer.id);
  const saved = existing
    ? await deps.answers.replace(answer, existing._etag)
    : await deps.answers.createIfAbsent(answer);
  if (!saved) throw new NotAllowedError('herijking.error.concurrent');
  return answer;
}

/**
 * The round's clock: reminds non-responders once from the reminder date, and closes the round at
 * 09:00 on its closing date with a summary to the channel and the coordinators.
 */
export async function advanceRounds(deps: HerijkingDeps): Promise<void> {
  const now = deps.clock.now();
  const today = dateInZone(now, MUNICIPAL_TIME_ZONE);
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: MUNICIPAL_TIME_ZONE,
      hour: '2-digit',
      hourCycle: 'h23',
    }).format(now),
  );
  // Every minute on every instance: only open rounds are read (closed ones pile up, four a year
  // per tenant), and a round's answers only when something happens to it (they were read for
  // every open round, a query per tenant a minute for the two weeks a round is open).
  for (const round of await deps.rounds.listAcrossTenants('open')) {
    if (round.status !== 'open') continue;
    const closing = today > round.closesOn || (today === round.closesOn && hour >= 9);
    const reminding = today >= round.remindOn && !round.reminded;
    if (!closing && !reminding) continue;
    const answers = (await deps.answers.list(round.tenantId)).filter((answer) => answer.roundId === round.id);
    const responded = new Set(answers.map((answer) => answer.memberAadObjectId));
    const { _etag, ...current } = round;
    if (closing) {
      await closeRound(deps, current, _etag, answers, now);
    } else if (reminding) {
      if (!(await deps.rounds.replace({ ...current, reminded: true }, _etag))) continue;
      await deps.outbox.enqueue(
        round.invited
          .filter((member) => !responded.has(member))
          .map((member) => prompt(round, member, 'reminder', now)),
      );
    }
  }
}

async function closeRound(
  deps: HerijkingDeps,
  round: HerijkingRound,
  etag: string,
  answers: HerijkingAnswer[],
  now: Date,
) {
  if (!(await deps.rounds.replace({ ...round, status: 'closed', closedAt: now.toISOString() }, etag))) return;
  const summary = summarise(round, answers);
  const coordinators = await deps.roles.coordinatorIds(round.tenantId);
  await deps.outbox.enqueue([
    newOutboxEntry(
      round.tenantId,
      `herijking-summary:${round.id}:channel`,
      WERKGROEP_CHANNEL,
      { kind: 'herijking-summary', ...summary, forCoordinator: false },
      now,
    ),
    ...coordinators.map((id) =>
      newOutboxEntry(
        round.tenantId,
        `herijking-summary:${round.id}:${id}`,
        id,
        { kind: 'herijking-summary', ...summary, forCoordinator: true },
        now,
      ),
    ),
  ]);
  await deps.audit.record({
    tenantId: round.tenantId,
    actor: 'scheduler',
    action: 'herijking.closed',
    subjectId: round.id,
    at: now.toISOString(),
  });
}

export interface HerijkingSummary {
  quarter: string;
  responded: number;
  invited: number;
  goals: {
    number: number;
    title: string;
    statuses: Record<string, number>;
    explanations: string[];
    proposals: { text: string; by: string }[];
  }[];
  processChanges: string[];
}

/** Per goal: how many said what, every explanation, every proposal (with who proposed, for actions). */
export function summarise(round: HerijkingRound, answers: HerijkingAnswer[]): HerijkingSummary {
  return {
    quarter: round.quarter,
    responded: answers.length,
    invited: round.invited.length,
    goals: round.goals.map((goal) => {
      const given = answers.flatMap((answer) =>
        answer.goals
          .filter((item) => item.goalId === goal.id)
          .map((item) => ({ ...item, by: answer.memberAadObjectId })),
      );
      const statuses = Object.fromEntries(
        GOAL_STATUSES.map((status) => [status, given.filter((item) => item.status === status).length]),
      );
      return {
        number: goal.number,
        title: goal.title,
        statuses,
        explanations: given.map((item) => item.explanation),
        proposals: given
          .filter((item) => item.proposal)
          .map((item) => ({ text: item.proposal as string, by: item.by })),
      };
    }),
    processChanges: answers.flatMap((answer) => (answer.processChange ? [answer.processChange] : [])),
  };
}
