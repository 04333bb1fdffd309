import { dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import type { Language } from '../../i18n/translate';
import { newOutboxEntry, type OutboxEntry } from '../../outbox/outbox-entry';
import type { OutboxRepository } from '../../outbox/outbox-repository';
import type { AuditLog } from '../audit';
import { WERKGROEP_CHANNEL } from '../herijking/herijking-rounds';
import {
  PLAYBOOK_ID,
  type PlaybookSeed,
  resolvePlaybook,
  type StoredPlaybook,
  workField,
} from '../playbook/playbook';
import { bulletsOf } from '../playbook/safe-text';
import type { WorkingDaysOf } from '../signals/feedback-deadlines';
import type { TenantSettingsRepository } from '../tenants/tenant-settings';
import type { MonthlyCaseRecipient, UserProfileRepository } from '../users/user-profile';
import type { WerkgroepChannel } from '../werkgroep/werkgroep';
import type { DocumentStore } from '../werkgroep/werkgroep-repositories';
import { type ChosenCase, chooseCase, emptyQueue, type MonthlyCaseQueue, QUEUE_ID } from './case-queue';
import { isFirstWorkingWeekdayOfMonth } from './first-working-weekday';
import { playbookExamples } from './playbook-examples';

export interface MonthlyCaseDeps {
  tenantSettings: TenantSettingsRepository;
  workingDaysOf: WorkingDaysOf;
  playbooks: DocumentStore<StoredPlaybook>;
  caseQueues: DocumentStore<MonthlyCaseQueue>;
  users: Pick<UserProfileRepository, 'listMonthlyCaseRecipients'>;
  werkgroep: { channels: DocumentStore<WerkgroepChannel> };
  outbox: Pick<OutboxRepository, 'enqueue'>;
  audit: AuditLog;
  /** The programme's playbook texts per language (the string tables). */
  seedFor(language: Language): PlaybookSeed;
}

const MAX_ATTEMPTS = 5;

/**
 * One occurrence of the monthly-case schedule (every <weekday>, see monthly-case-settings.ts):
 * on the month's first working <weekday> it chooses the month's case and writes one outbox entry
 * per recipient with an id of month and recipient, so a retry, a second instance or a second
 * occurrence in the month adds nothing: exactly once per person per month. On any other day
 * (a later week, a holiday, a closing day) it does nothing.
 */
export async function sendMonthlyCase(
  deps: MonthlyCaseDeps,
  tenantId: string,
  occurrenceAt: Date,
): Promise<number> {
  const settings = await deps.tenantSettings.get(tenantId);
  const { audience } = settings.monthlyCase;
  if (audience === 'off') return 0;
  const date = dateInZone(occurrenceAt, MUNICIPAL_TIME_ZONE);
  if (!isFirstWorkingWeekdayOfMonth(date, await deps.workingDaysOf(tenantId, settings))) return 0;
  const month = date.slice(0, 7);
  const playbook = await deps.playbooks.find(tenantId, PLAYBOOK_ID);
  const textsIn = (language: Language) => resolvePlaybook(playbook, deps.seedFor(language));
  const chosen = await chooseAndRecord(
    deps,
    tenantId,
    month,
    playbookExamples(textsIn(settings.defaultLanguage)),
  );
  if (!chosen || chosen.enqueuedAt) return 0;

  const entry = (recipient: string, language: Language, person?: MonthlyCaseRecipient): OutboxEntry => {
    const texts = textsIn(language);
    const caseText = caseTextOf(chosen, texts) ?? caseTextOf(chosen, textsIn(settings.defaultLanguage)) ?? '';
    const line = person?.lineOfWork;
    return newOutboxEntry(
      tenantId,
      `monthly-case:${month}:${recipient}`,
      recipient,
      {
        kind: 'monthly-case',
        month,
        caseText,
        caseLine: chosen.source === 'playbook' ? chosen.line : undefined,
        lookForLine: line,
        lookFor: line ? (texts.find((text) => text.field === workField(line))?.text ?? '') : undefined,
      },
      occurrenceAt,
    );
  };
  const entries: OutboxEntry[] = [];
  if (audience === 'people' || audience === 'both') {
    for (const person of await deps.users.listMonthlyCaseRecipients(tenantId))
      entries.push(entry(person.aadObjectId, person.language ?? settings.defaultLanguage, person));
  }
  if (audience === 'channel' || audience === 'both') {
    if (await deps.werkgroep.channels.find(tenantId, 'werkgroep-channel'))
      entries.push(entry(WERKGROEP_CHANNEL, settings.defaultLanguage));
  }
  // Written before it is marked: a crash in between re-runs into the outbox's own dedupe (ids).
  await deps.outbox.enqueue(entries);
  await markEnqueued(deps, tenantId, month, occurrenceAt);
  await deps.audit.record({
    tenantId,
    actor: 'scheduler',
    action: 'monthly-case.sent',
    subjectId: month,
    at: occurrenceAt.toISOString(),
  });
  return entries.length;
}

function caseTextOf(chosen: ChosenCase, texts: ReturnType<typeof resolvePlaybook>): string | undefined {
  if (chosen.source === 'queue') return chosen.text;
  return bulletsOf(texts.find((text) => text.field === workField(chosen.line))?.text ?? '')[chosen.index];
}

async function markEnqueued(deps: MonthlyCaseDeps, tenantId: string, month: string, at: Date): Promise<void> {
  await deps.caseQueues.update(
    tenantId,
    QUEUE_ID,
    (stored) => {
      const chosen = stored?.chosen[month];
      if (!stored || !chosen) return undefined;
      return {
        ...stored,
        chosen: { ...stored.chosen, [month]: { ...chosen, enqueuedAt: at.toISOString() } },
      };
    },
    { attempts: MAX_ATTEMPTS },
  );
}

/** Chooses the month's case once (ETag-guarded), so every instance and retry sends the same one. */
async function chooseAndRecord(
  deps: MonthlyCaseDeps,
  tenantId: string,
  month: string,
  examples: ReturnType<typeof playbookExamples>,
): Promise<ChosenCase | undefined> {
  // Decided on the version that is written (or found chosen): the last call of `change` says it.
  let chosen: ChosenCase | undefined;
  await deps.caseQueues.update(
    tenantId,
    QUEUE_ID,
    (stored) => {
      const current = stored ?? emptyQueue(tenantId);
      const result = chooseCase(current, month, examples);
      chosen = result?.chosen;
      return result && result.next !== current ? result.next : undefined;
    },
    { attempts: MAX_ATTEMPTS },
  );
  return chosen;
}
