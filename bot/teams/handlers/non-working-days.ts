import { InvalidInputError } from '../../domain/errors';
import { changeNonWorkingDay, upcomingNonWorkingDays } from '../../domain/tenants/non-working-days';
import type { Turn } from '../turn';

const dutchDate = (date: string) => date.split('-').reverse().join('-');

/** `vrije dagen`, `vrije dag + <datum>`, `vrije dag - <datum>`. */
export async function nonWorkingDaysCommand(turn: Turn, argument: string | undefined): Promise<void> {
  const words = (argument ?? '').trim();
  const change = /^([+-])\s*(.+)$/.exec(words);
  if (change) {
    const add = change[1] === '+';
    try {
      const date = await changeNonWorkingDay(turn.services, turn.actor, {
        add,
        dateText: change[2] as string,
      });
      return turn.sendText(add ? 'calendar.added' : 'calendar.removed', { date: dutchDate(date) });
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return turn.sendText(Object.values(error.fieldErrors)[0] ?? 'calendar.usage', {
        input: change[2] as string,
      });
    }
  }
  if (words) return turn.sendText('calendar.usage');
  const days = await upcomingNonWorkingDays(turn.services, turn.actor);
  await turn.sendText(days.length > 0 ? 'calendar.list' : 'calendar.none', {
    dates: days.map(dutchDate).join(', '),
  });
}
