import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import { addDays } from '../../scheduling/calendar-dates';
import type { Actor } from '../actor';
import { assertAllowed } from '../authorization';
import type { CaseOutcome } from '../cases/case';
import type { CaseRepository } from '../cases/case-repository';
import { quarterOf } from '../herijking/round';
import type { RoleDirectory } from '../roles/role-directory';
import type { TenantSettingsRepository } from '../tenants/tenant-settings';
import type { UserProfileRepository } from '../users/user-profile';
import { actionsByOwner, type OwnerActions, type Slippage, slippageOf } from './action-figures';
import { caseCounts, openCases } from './case-figures';
import type { FigureQueries } from './figure-queries';
import { type GoalHistory, goalHistory, responseRates } from './goal-figures';
import { lastTwelveMonths, monthPeriod, periodOf, quarterPeriod, quartersUpTo } from './periods';
import type { FreshSignalFigures, SignalFigures } from './signal-figure-snapshots';

export interface DashboardDeps {
  figures: FigureQueries;
  signalFigures: Pick<FreshSignalFigures, 'current'>;
  /** Case facts (dates, status, outcome) from the cases' own repository. */
  cases: Pick<CaseRepository, 'factsActiveBetween'>;
  roles: RoleDirectory;
  /** Read by the tab for the tenant's language. */
  tenantSettings: TenantSettingsRepository;
  users: Pick<UserProfileRepository, 'find' | 'findMany'>;
  clock: Clock;
}

/** Coordinators and admins see the whole tenant; werkgroep members the aggregates and their own actions. */
export type DashboardAccess = 'full' | 'werkgroep';

/** The signal figures (with the moment they were counted) plus the werkgroep's, read live. */
export interface Dashboard extends Omit<SignalFigures, 'day'> {
  access: DashboardAccess;
  today: string;
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

  // Actions, rounds and cases are few and bounded by period, so they are read live; the signal
  // figures count all history and come from the tenant's snapshot (see signal-figure-snapshots.ts).
  const [{ day: _day, ...signals }, actions, rounds, cases] = await Promise.all([
    deps.signalFigures.current(tenantId),
    deps.figures.actions(tenantId, window.from, addDays(today, 1)),
    deps.figures.rounds(tenantId, quarters),
    deps.cases.factsActiveBetween(tenantId, caseWindow.fromIso, caseWindow.toIso),
  ]);
  const openActions = actions.filter((action) => action.status === 'open');

  return {
    ...signals,
    access,
    today,
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
  const profiles = await deps.users.findMany(
    tenantId,
    rows.map((row) => row.ownerAadObjectId),
  );
  const names = new Map(profiles.map((profile) => [profile.aadObjectId, profile.name]));
  return rows.map((row) => ({
    ...row,
    ownerName: names.get(row.ownerAadObjectId) ?? row.ownerAadObjectId.slice(-6),
  }));
}
