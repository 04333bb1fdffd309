import { setMonthlyCaseOptOut } from '../../domain/monthly-case/monthly-case-opt-out';
import type { Turn } from '../turn';

/** `casus uit`: no case of the month for this person until `casus aan`. */
export async function monthlyCaseOff(turn: Turn): Promise<void> {
  await setMonthlyCaseOptOut(turn.services, turn.actor, true);
  await turn.sendText('monthlyCase.off');
}

/** `casus aan`: the case of the month again. */
export async function monthlyCaseOn(turn: Turn): Promise<void> {
  await setMonthlyCaseOptOut(turn.services, turn.actor, false);
  await turn.sendText('monthlyCase.on');
}
