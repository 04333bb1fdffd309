import { type Clock, dateInZone, MUNICIPAL_TIME_ZONE } from '../../clock';
import { CATEGORY_IDS, type CategoryId } from '../signals/categories';
import type { WorkingDaysOf } from '../signals/feedback-deadlines';
import { type Partner, SIGNAL_STATUSES, type SignalStatus } from '../signals/signal';
import type { TenantSettingsRepository } from '../tenants/tenant-settings';
import type { FigureQueries } from './figure-queries';
import { lastTwelveMonths, monthPeriod } from './periods';
import {
  type AgeBucket,
  ageOfOpenSignals,
  type FeedbackOutcome,
  firstFeedbackOutcome,
  forwardedToPartners,
  signalsPerMonth,
} from './signal-figures';

/** The dashboard's signal figures for a whole tenant, as computed at one moment. */
export interface SignalFigures {
  computedAt: string;
  /** The municipal day the ages and deadlines were measured against. */
  day: string;
  signalsByStatus: { status: SignalStatus; count: number }[];
  signalsByCategory: { category: CategoryId; count: number }[];
  newPerMonth: { month: string; count: number }[];
  openAge: { bucket: AgeBucket; count: number }[];
  feedback: FeedbackOutcome;
  forwarded: { partner: Partner; count: number }[];
}

/** Where the last computed figures of each tenant are kept (one small document per tenant). */
export interface SignalFigureSnapshots {
  read(tenantId: string): Promise<SignalFigures | undefined>;
  write(tenantId: string, figures: SignalFigures): Promise<void>;
}

export interface SignalFigureDeps {
  figures: FigureQueries;
  figureSnapshots: SignalFigureSnapshots;
  tenantSettings: TenantSettingsRepository;
  workingDaysOf: WorkingDaysOf;
  clock: Clock;
  /** Told when a background refresh failed; the next look tries again. */
  refreshFailed?(tenantId: string, error: unknown): void;
}

/**
 * Figures younger than this are shown as they are; older ones are still shown (with their time on
 * the page) while fresh ones are computed in the background. Counting every signal of a tenant
 * costs time and RUs in proportion to its history; a snapshot makes opening the dashboard one
 * point read however long the history, and bounds the counting to once per interval per tenant.
 */
export const FIGURES_FRESH_FOR_MS = 5 * 60_000;

/**
 * The signal figures to show now, and whether a background refresh was started. Figures from an
 * earlier day are never shown: open ages and deadlines are measured against "today", so a new day
 * computes while the person waits (once a day per tenant).
 */
export class FreshSignalFigures {
  private readonly refreshing = new Map<string, Promise<SignalFigures>>();

  constructor(private readonly deps: SignalFigureDeps) {}

  async current(tenantId: string): Promise<SignalFigures> {
    const now = this.deps.clock.now();
    const today = dateInZone(now, MUNICIPAL_TIME_ZONE);
    const kept = await this.deps.figureSnapshots.read(tenantId);
    if (!kept || kept.day !== today) return this.refresh(tenantId);
    if (now.getTime() - Date.parse(kept.computedAt) >= FIGURES_FRESH_FOR_MS)
      // Stale but from today: show it, and have fresh figures ready for the next look.
      this.refresh(tenantId).catch((error) => this.deps.refreshFailed?.(tenantId, error));
    return kept;
  }

  /** One computation per tenant at a time on this instance; callers share its result. */
  refresh(tenantId: string): Promise<SignalFigures> {
    const running = this.refreshing.get(tenantId);
    if (running) return running;
    const computing = computeSignalFigures(this.deps, tenantId)
      .then(async (figures) => {
        await this.deps.figureSnapshots.write(tenantId, figures);
        return figures;
      })
      .finally(() => this.refreshing.delete(tenantId));
    this.refreshing.set(tenantId, computing);
    return computing;
  }
}

/** Counts every signal of the tenant: the expensive part, which the snapshot keeps off page loads. */
export async function computeSignalFigures(deps: SignalFigureDeps, tenantId: string): Promise<SignalFigures> {
  const now = deps.clock.now();
  const today = dateInZone(now, MUNICIPAL_TIME_ZONE);
  const months = lastTwelveMonths(today);
  const window = monthPeriod(months[0] as string, months[months.length - 1] as string);
  const [settings, byStatus, byCategory, recent, open] = await Promise.all([
    deps.tenantSettings.get(tenantId),
    Promise.all(SIGNAL_STATUSES.map((status) => deps.figures.countSignals(tenantId, { status }))),
    Promise.all(CATEGORY_IDS.map((category) => deps.figures.countSignals(tenantId, { category }))),
    deps.figures.signalsCreatedBetween(tenantId, window.fromIso, window.toIso),
    deps.figures.openSignals(tenantId),
  ]);
  const workingDays = await deps.workingDaysOf(tenantId, settings);
  return {
    computedAt: now.toISOString(),
    day: today,
    signalsByStatus: SIGNAL_STATUSES.map((status, i) => ({ status, count: byStatus[i] ?? 0 })),
    signalsByCategory: CATEGORY_IDS.map((category, i) => ({ category, count: byCategory[i] ?? 0 })),
    newPerMonth: signalsPerMonth(recent, months),
    openAge: ageOfOpenSignals(open, today),
    feedback: firstFeedbackOutcome(recent, today, settings.feedback, workingDays),
    forwarded: forwardedToPartners(recent),
  };
}
