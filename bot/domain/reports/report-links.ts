import { createHash } from 'node:crypto';
import type { IdSource } from '../../ids';
import type { Actor } from '../actor';
import type { DocumentStore } from '../werkgroep/werkgroep-repositories';
import { buildQuarterlyReport, type QuarterlyReport, type ReportDeps } from './quarterly-report';

/** How long the links in the `rapport` card work. */
export const REPORT_LINK_DAYS = 7;

/**
 * A link to one quarter's report that works without a Teams sign-in (for a browser, or to
 * forward to the griffie). The token is the capability; only its hash is stored. The report
 * holds counts only, but the link still expires, and it is rebuilt as its creator each time,
 * so a coordinator who loses the role also loses the link.
 */
export interface ReportLink {
  id: string;
  type: 'council-report-link';
  tenantId: string;
  quarter: string;
  createdBy: string;
  expiresAt: string;
}

export interface ReportLinkDeps extends ReportDeps {
  reportLinks: DocumentStore<ReportLink>;
  ids: IdSource;
}

const linkId = (token: string) => `council-report-link:${createHash('sha256').update(token).digest('hex')}`;

/** `rapport 2026-Q3`: checks access and the quarter (by building it once), then issues a link token. */
export async function issueReportLink(
  deps: ReportLinkDeps,
  actor: Actor,
  quarter: string,
): Promise<{ report: QuarterlyReport; token: string; expiresAt: string }> {
  const report = await buildQuarterlyReport(deps, actor, quarter);
  const token = deps.ids.token();
  const expiresAt = new Date(deps.clock.now().getTime() + REPORT_LINK_DAYS * 86_400_000).toISOString();
  await deps.reportLinks.createIfAbsent({
    id: linkId(token),
    type: 'council-report-link',
    tenantId: actor.tenantId,
    quarter: report.quarter,
    createdBy: actor.aadObjectId,
    expiresAt,
  });
  return { report, token, expiresAt };
}

/** The report behind a link token, or undefined when the token is unknown or expired. */
export async function reportForLink(
  deps: ReportLinkDeps,
  tenantId: string,
  token: string,
): Promise<QuarterlyReport | undefined> {
  const link = await deps.reportLinks.find(tenantId, linkId(token));
  if (!link || link.expiresAt <= deps.clock.now().toISOString()) return undefined;
  return buildQuarterlyReport(deps, { tenantId, aadObjectId: link.createdBy, name: '' }, link.quarter);
}
