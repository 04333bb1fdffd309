import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import type { OutboxRepository } from '../../outbox/outbox-repository';
import type { RoleDirectory } from '../roles/role-directory';
import { colleagueNotice, followersOf } from './signal-messages';
import type { SignalRepository } from './signal-repository';

export interface RemindOverdueDeps {
  signals: SignalRepository;
  roles: RoleDirectory;
  outbox: OutboxRepository;
  clock: Clock;
}

/**
 * Reminds the assignee (or, while nobody is assigned, every coordinator) of each signal whose
 * feedback to the reporter is overdue. Once per due date: the outbox id includes it, so running
 * this every minute sends one reminder, and a new one only after the next deadline passes.
 */
export async function remindOverdueFeedback(deps: RemindOverdueDeps): Promise<number> {
  const now = deps.clock.now();
  const today = dateInZone(now, MUNICIPAL_TIME_ZONE);
  const overdue = await deps.signals.listFeedbackOverdue(today);
  let reminders = 0;
  for (const signal of overdue) {
    const recipients = await followersOf(signal, deps.roles);
    const notices = colleagueNotice(
      signal,
      'feedback-overdue',
      recipients,
      now,
      String(signal.feedbackDueOn),
    );
    await deps.outbox.enqueue(notices);
    reminders += notices.length;
  }
  return reminders;
}
