import { renderCouncilReport } from '../../../cards/report-cards';
import { InvalidInputError } from '../../domain/errors';
import { issueReportLink, REPORT_LINK_DAYS } from '../../domain/reports/report-links';
import { reportLinkUrl } from '../../http/report-link-route';
import type { Turn } from '../turn';

/** `rapport 2026-Q3`: coordinators get a card with links to the council's report. */
export async function councilReport(turn: Turn, argument: string | undefined): Promise<void> {
  if (!argument?.trim()) return turn.sendText('report.usage');
  const base = turn.services.publicBaseUrl;
  if (!base) return turn.sendText('report.noLink');
  try {
    const { report, token } = await issueReportLink(turn.services, turn.actor, argument);
    await turn.sendCard(
      renderCouncilReport(turn.language, {
        quarter: report.quarter,
        htmlUrl: reportLinkUrl(base, turn.actor.tenantId, token, report.quarter, 'html'),
        csvUrl: reportLinkUrl(base, turn.actor.tenantId, token, report.quarter, 'csv'),
        days: REPORT_LINK_DAYS,
      }),
    );
  } catch (error) {
    if (error instanceof InvalidInputError) return turn.sendText('report.error.quarter');
    throw error;
  }
}
