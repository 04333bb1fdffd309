import type { Clock } from '../../clock';
import { dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import type { Actor } from '../actor';
import type { AuditLog } from '../audit';
import { assertAllowed } from '../authorization';
import type { CaseOutcome } from '../cases/case';
import type { CaseRepository } from '../cases/case-repository';
import { InvalidInputError } from '../errors';
import { doneVersusAgreed, slippageOf } from '../figures/action-figures';
import { caseCounts } from '../figures/case-figures';
import type { FigureQueries, SignalFacts } from '../figures/figure-queries';
import { goalHistory } from '../figures/goal-figures';
import { isQuarter, previousQuarter, quarterPeriod } from '../figures/periods';
import { firstFeedbackOutcome, forwardedToPartners, leadTimes } from '../figures/signal-figures';
import type { GoalStatus } from '../herijking/round';
import type { RoleDirectory } from '../roles/role-directory';
import { CATEGORY_IDS, type CategoryId } from '../signals/categories';
import type { WorkingDaysOf } from '../signals/feedback-deadlines';
import type { Partner } from '../signals/signal';
import type { TenantSettingsRepository } from '../tenants/tenant-settings';
import { type PublishedCount, publish, publishedChange, publishGroup } from './suppression';

export interface ReportDeps {
  figures: FigureQueries;
  /** Case facts (dates, status, outcome) from the cases' own repository. */
  cases: Pick<CaseRepository, 'factsActiveBetween'>;
  roles: RoleDirectory;
  tenantSettings: TenantSettingsRepository;
  workingDaysOf: WorkingDaysOf;
  audit: AuditLog;
  clock: Clock;
}

export interface CountRow<K extends string> {
  key: K;
  count: PublishedCount;
  previous: PublishedCount;
  change?: number;
}

/**
 * The council's quarterly report: counts only, small counts withheld, no names, no places, no
 * signal text, no references. Goals carry the herijking's explanations, which are about the
 * programme, not about people or signals.
 */
export interface QuarterlyReport {
  quarter: string;
  previousQuarter: string;
  threshold: number;
  generatedOn: string;
  signals: {
    rows: CountRow<CategoryId>[];
    total: PublishedCount;
    previousTotal: PublishedCount;
    change?: number;
  };
  leadTime: { closed: PublishedCount; medianDays?: number };
  feedback: { met: PublishedCount; missed: PublishedCount; pending: PublishedCount; total: PublishedCount };
  forwarded: { rows: { key: Partner; count: PublishedCount }[]; total: PublishedCount };
  actions: { agreed: PublishedCount; done: PublishedCount; moved: PublishedCount; daysMoved?: number };
  /**
   * Cases opened and closed, this quarter and the one before. `closed` is the total of the
   * outcomes, withheld with them, because a separate closed count would give a withheld outcome back.
   */
  cases: {
    opened: PublishedCount;
    previousOpened: PublishedCount;
    openedChange?: number;
    closed: PublishedCount;
    previousClosed: PublishedCount;
    closedChange?: number;
    outcomes: { key: CaseOutcome; count: PublishedCount }[];
  };
  goals: { number: number; title: string; status?: GoalStatus; explanations: string[] }[];
}

/** Builds the report for `quarter` (yyyy-Qn); coordinators and admins only, and audited. */
export async function buildQuarterlyReport(
  deps: ReportDeps,
  actor: Actor,
  quarter: string,
): Promise<QuarterlyReport> {
  assertAllowed('report.create', await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId));
  const normalized = quarter.trim().toUpperCase();
  if (!isQuarter(normalized)) throw new InvalidInputError({ quarter: 'report.error.quarter' });
  const { tenantId } = actor;
  const before = previousQuarter(normalized);
  const period = quarterPeriod(normalized);
  const previousPeriod = quarterPeriod(before);
  const [settings, signals, previousSignals, actions, rounds, cases] = await Promise.all([
    deps.tenantSettings.get(tenantId),
    deps.figures.signalsCreatedBetween(tenantId, period.fromIso, period.toIso),
    deps.figures.signalsCreatedBetween(tenantId, previousPeriod.fromIso, previousPeriod.toIso),
    deps.figures.actions(tenantId, period.from, period.to),
    deps.figures.rounds(tenantId, [normalized]),
    deps.cases.factsActiveBetween(tenantId, previousPeriod.fromIso, period.toIso),
  ]);
  const threshold = settings.councilReportThreshold;
  const today = dateInZone(deps.clock.now(), MUNICIPAL_TIME_ZONE);
  const workingDays = await deps.workingDaysOf(tenantId, settings);

  const perCategory = (set: SignalFacts[]) =>
    CATEGORY_IDS.map((category) => set.filter((signal) => signal.category === category).length);
  const now = publishGroup(perCategory(signals), threshold);
  const then = publishGroup(perCategory(previousSignals), threshold);
  const feedback = firstFeedbackOutcome(signals, today, settings.feedback, workingDays);
  const feedbackGroup = publishGroup([feedback.met, feedback.missed, feedback.pending], threshold);
  const forwarded = forwardedToPartners(signals);
  const forwardedGroup = publishGroup(
    forwarded.map((row) => row.count),
    threshold,
  );
  const lead = leadTimes(signals);
  const agreed = doneVersusAgreed(actions, period.from, period.to);
  const slippage = slippageOf(actions);
  const history = goalHistory(rounds);
  const caseNow = caseCounts(cases, period);
  const caseThen = caseCounts(cases, previousPeriod);
  const outcomesNow = publishGroup(
    caseNow.outcomes.map((row) => row.count),
    threshold,
  );
  const outcomesThen = publishGroup(
    caseThen.outcomes.map((row) => row.count),
    threshold,
  );
  const opened = publish(caseNow.opened, threshold);
  const previousOpened = publish(caseThen.opened, threshold);

  await deps.audit.record({
    tenantId,
    actor: actor.aadObjectId,
    action: 'report.generated',
    subjectId: normalized,
    at: deps.clock.now().toISOString(),
  });
  return {
    quarter: normalized,
    previousQuarter: before,
    threshold,
    generatedOn: today,
    signals: {
      rows: CATEGORY_IDS.map((key, i) => {
        const count = now.cells[i] as PublishedCount;
        const previous = then.cells[i] as PublishedCount;
        return { key, count, previous, change: publishedChange(count, previous) };
      }),
      total: now.total,
      previousTotal: then.total,
      change: publishedChange(now.total, then.total),
    },
    leadTime: {
      closed: publish(lead.closed, threshold),
      // A median of fewer than `threshold` cases could describe one person's signal.
      medianDays: lead.closed >= threshold ? lead.medianDays : undefined,
    },
    feedback: {
      met: feedbackGroup.cells[0] as PublishedCount,
      missed: feedbackGroup.cells[1] as PublishedCount,
      pending: feedbackGroup.cells[2] as PublishedCount,
      total: feedbackGroup.total,
    },
    forwarded: {
      rows: forwarded.map((row, i) => ({
        key: row.partner,
        count: forwardedGroup.cells[i] as PublishedCount,
      })),
      total: forwardedGroup.total,
    },
    actions: {
      agreed: publish(agreed.agreed, threshold),
      done: publish(agreed.done, threshold),
      moved: publish(slippage.moved, threshold),
      daysMoved: slippage.moved >= threshold ? slippage.totalDays : undefined,
    },
    cases: {
      opened,
      previousOpened,
      openedChange: publishedChange(opened, previousOpened),
      closed: outcomesNow.total,
      previousClosed: outcomesThen.total,
      closedChange: publishedChange(outcomesNow.total, outcomesThen.total),
      outcomes: caseNow.outcomes.map((row, i) => ({
        key: row.outcome,
        count: outcomesNow.cells[i] as PublishedCount,
      })),
    },
    goals: history.map((goal) => {
      const current = goal.quarters.find((q) => q.quarter === normalized);
      return {
        number: goal.number,
        title: goal.title,
        status: current?.prevailing,
        explanations: current?.explanations.map((item) => item.text) ?? [],
      };
    }),
  };
}
