import { renderReportForm } from '../../../cards';
import type { Turn } from '../turn';

/** Sends an empty report form. Its token makes a double click on "send" harmless. */
export async function sendReportForm(turn: Turn): Promise<void> {
  const { ids, clock } = turn.services;
  await turn.sendCard(
    renderReportForm(turn.language, {
      formToken: ids.token(),
      now: clock.now(),
      askOrganisation: await turn.isPartner(),
    }),
  );
}
