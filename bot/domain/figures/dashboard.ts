import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import type { Actor } from '../actor';
import { assertAllowed } from '../authorization';
import type { CaseOutcome } from '../cases/case';
import type { CaseRepository } from '../cases/case-repository';
import { quarterOf } from '../herijking/round';
import type { RoleDirectory } from '../roles/role-directory';
import { CATEGORY_IDS, type CategoryId } from '../signals/categories';
import type { WorkingDaysOf } from '../signals/feedback-deadlines';
import { type Partner, SIGNAL_STATUSES, type SignalStatus } from '../signals/signal';
import type { TenantSettingsRepository } from '../tenants/tenant-settings';
import type { UserProfileRepository } from '../users/user-profile';
import { actionsByOwner, type OwnerActions, type Slippage, slippageOf } from './action-figures';
import { caseCounts, openCases } from './case-figures';
import type { FigureQueries } from './figure-queries';
import { type GoalHistory, goalHistory, responseRates } from './goal-figures';
import { addDaysTo, lastTwelveMonths, monthPeriod, periodOf, quarterPeriod, quartersUpTo } from './periods';
import {
  type AgeBucket,
  ageOfOpenSignals,
  type FeedbackOutcome,
  firstFeedbackOutcome,
  forwardedToPartners,
  signalsPerMonth,
} from './signal-figures';

export interface DashboardDeps {
  figures: FigureQueries;
  /** Case facts (dates, status, outcome) from the cases' own repository. */
  cases: Pick<CaseRepository, 'factsActiveBetween'>;
  roles: RoleDirectory;
  tenantSettings: TenantSettingsRepository;
  workingDaysOf: WorkingDaysOf;
  users: Pick<UserProfileRepository, 'find'>;
  clock: Clock;
}

/** Coordinators and admins see the whole tenant; werkgroep members the aggregates and their own actions. */
export type DashboardAccess = 'full' | 'werkgroep';

export interface Dashboard {
  access: DashboardAccess;
  today: string;
  signalsByStatus: { status: SignalStatus; count: number }[];
  signalsByCategory: { category: CategoryId; count: number }[];
  newPerMonth: { month: string; count: number }[];
  openAge: { bucket: AgeBucket; count: number }[];
  /** First feedback for signals reported in the last twelve months. */
  feedback: FeedbackOutcome;
  forwarded: { partner: Partner; count: number }[];
  actions: {
    open: number;
    overdue: number;
    slippage: Slippage;
    /** Per owner: coordinators and admins only. */
    byOwner?: (OwnerActions & { ownerName: string })[];
    /** The viewer's own open actions (everyone with access). */
    mine: { title: string; dueOn: string; overdue: boolean; rescheduled: number }[];
  };
  /** Cases (casustafel): open now, opened and closed per quarter, outcomes over those quarters. */
  cases: {
    open: number;
    perQuarter: { quarter: string; opened: number; closed: number }[];
    outcomes: { outcome: CaseOutcome; count: number }[];
  };
  goals: GoalHistory[];
  responseRates: { quarter: string; invited: number; answered: number; rate: number }[];
}

/**
 * The dashboard's figures for one person. Authorisation is decided here, so the tab's API and
 * anything later built on it cannot show more than the person's roles allow.
 */
export async function loadDashboard(deps: DashboardDeps, actor: Actor): Promise<Dashboard> {
  const roles = await deps.roles.rolesOf(actor.tenantId, actor.aadObjectId);
  assertAllowed('dashboard.view', roles);
  const access: DashboardAccess =
    roles.includes('coordinator') || roles.includes('admin') ? 'full' : 'werkgroep';
  const { tenantId } = actor;
  const today = dateInZone(deps.clock.now(), MUNICIPAL_TIME_ZONE);
  const months = lastTwelveMonths(today);
  const window = monthPeriod(months[0] as string, months[months.length - 1] as string);

  const quarters = quartersUpTo(quarterOf(today), 4);
  const caseWindow = periodOf(
    quarterPeriod(quarters[0] as string).from,
    quarterPeriod(quarters[quarters.length - 1] as string).to,
  );

  const [settings, byStatus, byCategory, recent, open, actions, rounds, cases] = await Promise.all([
    deps.tenantSettings.get(tenantId),
    Promise.all(SIGNAL_STATUSES.map((status) => deps.figures.countSignals(tenantId, { status }))),
    Promise.all(CATEGORY_IDS.map((category) => deps.figures.countSignals(tenantId, { category }))),
    deps.figures.signalsCreatedBetween(tenantId, window.fromIso, window.toIso),
    deps.figures.openSignals(tenantId),
    deps.figures.actions(tenantId, window.from, addDaysTo(today, 1)),
    deps.figures.rounds(tenantId, quarters),
    deps.cases.factsActiveBetween(tenantId, caseWindow.fromIso, caseWindow.toIso),
  ]);
  const workingDays = await deps.workingDaysOf(tenantId, settings);
  const openActions = actions.filter((action) => action.status === 'open');

  return {
    access,
    today,
    signalsByStatus: SIGNAL_STATUSES.map((status, i) => ({ status, count: byStatus[i] ?? 0 })),
    signalsByCategory: CATEGORY_IDS.map((category, i) => ({ category, count: byCategory[i] ?? 0 })),
    newPerMonth: signalsPerMonth(recent, months),
    openAge: ageOfOpenSignals(open, today),
    feedback: firstFeedbackOutcome(recent, today, settings.feedback, workingDays),
    forwarded: forwardedToPartners(recent),
    actions: {
      open: openActions.length,
      overdue: openActions.filter((action) => action.dueOn < today).length,
      slippage: slippageOf(actions),
      byOwner:
        access === 'full' ? await withOwnerNames(deps, tenantId, actionsByOwner(actions, today)) : undefined,
      mine: openActions
        .filter((action) => action.ownerAadObjectId === actor.aadObjectId)
        .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
        .map((action) => ({
          title: action.title,
          dueOn: action.dueOn,
          overdue: action.dueOn < today,
          rescheduled: action.rescheduled ?? 0,
        })),
    },
    cases: {
      open: openCases(cases),
      perQuarter: quarters.map((quarter) => {
        const { opened, closed } = caseCounts(cases, quarterPeriod(quarter));
        return { quarter, opened, closed };
      }),
      outcomes: caseCounts(cases, caseWindow).outcomes,
    },
    goals: goalHistory(rounds),
    responseRates: responseRates(rounds),
  };
}

/** Owners by their Teams display name; someone the bot never met shows as a short id. */
async function withOwnerNames(
  deps: DashboardDeps,
  tenantId: string,
  rows: OwnerActions[],
): Promise<(OwnerActions & { ownerName: string })[]> {
  return Promise.all(
    rows.map(async (row) => ({
      ...row,
      ownerName:
        (await deps.users.find(tenantId, row.ownerAadObjectId))?.name ?? row.ownerAadObjectId.slice(-6),
    })),
  );
}
