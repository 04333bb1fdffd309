import { MUNICIPAL_TIME_ZONE } from '../bot/clock';
import { type AuditTrailPage, PERSON_PERIOD_DAYS } from '../bot/domain/privacy/audit-trail';
import type { PrivacyRequest } from '../bot/domain/privacy/privacy-request';
import type { RetentionPolicy } from '../bot/domain/privacy/retention-policy';
import type { SubjectAccessExport } from '../bot/domain/privacy/subject-access';
import { CLOSURE_REASONS } from '../bot/domain/signals/signal';
import { type Language, t } from '../bot/i18n/translate';
import auditTrailTemplate from './audit-trail.json';
import privacyRequestsTemplate from './privacy-requests.json';
import { type AdaptiveCardJson, renderTemplate } from './render-template';
import retentionPolicyTemplate from './retention-policy.json';
import retentionWarningTemplate from './retention-warning.json';
import subjectAccessTemplate from './subject-access.json';

/** `bewaartermijnen`: the terms per closure reason and category, and the warning period. */
export function renderRetentionPolicy(language: Language, policy: RetentionPolicy): AdaptiveCardJson {
  const months = (n: number) => t(language, 'privacy.retention.months', { n });
  const terms = [
    ...CLOSURE_REASONS.map((reason) => ({
      label: t(language, `closureReason.${reason}`),
      value: months(policy.monthsByReason[reason]),
    })),
    ...Object.entries(policy.monthsByCategory).map(([category, n]) => ({
      label: t(language, 'privacy.retention.categoryLabel', {
        category: t(language, `category.${category}`),
      }),
      value: months(n ?? 0),
    })),
  ];
  return renderTemplate(retentionPolicyTemplate, language, {
    terms,
    warning: t(language, 'privacy.retention.warningWeeks', { n: policy.warningWeeks }),
  });
}

/** To coordinators: these signals lose their personal data on these dates, unless held. */
export function renderRetentionWarning(
  language: Language,
  items: { reference: string; anonymiseOn: string }[],
): AdaptiveCardJson {
  return renderTemplate(retentionWarningTemplate, language, {
    items: items.map((item) => ({ reference: item.reference, anonymiseOn: dutchDate(item.anonymiseOn) })),
  });
}

function dutchDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}-${month}-${year}`;
}

/** `audit …`: one line per event (when · who · what), names only ever in TextRuns. */
export function renderAuditTrail(
  language: Language,
  page: AuditTrailPage,
  moreCommand: string,
): AdaptiveCardJson {
  const machine = ['retention', 'reporter', 'anonymous', 'scheduler'];
  const title =
    page.kind !== 'person'
      ? t(language, 'privacy.audit.titleSignal', { subject: page.subject })
      : t(language, 'privacy.audit.titlePerson', { subject: page.subject, days: PERSON_PERIOD_DAYS });
  const pageText = [
    t(language, 'privacy.audit.page', { page: page.page }),
    page.hasMore ? t(language, 'privacy.audit.more', { subject: moreCommand, next: page.page + 1 }) : '',
  ]
    .filter(Boolean)
    .join(' ');
  return renderTemplate(auditTrailTemplate, language, {
    title,
    pageText,
    entries: page.entries.map((entry) => {
      const label = t(language, `privacy.audit.action.${entry.action}`);
      return {
        when: dateTimeInAmsterdam(entry.at),
        who:
          !entry.actorIsPerson && machine.includes(entry.actor)
            ? t(language, `privacy.audit.who.${entry.actor}`)
            : entry.actor,
        what: label.startsWith('privacy.audit.action.') ? entry.action : label,
        about: entry.subject ? ` · ${entry.subject}` : '',
      };
    }),
  });
}

function dateTimeInAmsterdam(iso: string): string {
  const parts = new Intl.DateTimeFormat('nl-NL', {
    timeZone: MUNICIPAL_TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}-${part('month')}-${part('year')} ${part('hour')}:${part('minute')}`;
}

/** `inzage …`: what the bot holds about a person, as a card for the admin's 1:1 chat. */
export function renderSubjectAccess(language: Language, data: SubjectAccessExport): AdaptiveCardJson {
  const status = (value: string) => t(language, `status.${value}`);
  const day = (iso: string) => dutchDate(iso.slice(0, 10));
  return renderTemplate(subjectAccessTemplate, language, {
    title: t(language, 'privacy.request.exportTitle', { reference: data.request.reference }),
    subject: data.request.subject,
    reported: data.reported.map((signal) => ({
      heading: `${signal.reference} · ${status(signal.status)} · ${day(signal.createdAt)}`,
      content: `${signal.location} — ${signal.description}`,
    })),
    involvedIn: data.involvedIn.map((signal) => ({
      heading: `${signal.reference} · ${status(signal.status)} · ${day(signal.createdAt)}`,
      content: signal.involved ?? '',
    })),
    actionsText: t(language, 'privacy.request.actions', { n: data.actions.length }),
  });
}

/** `verzoeken`: the register of requests, newest first. */
export function renderPrivacyRequests(language: Language, requests: PrivacyRequest[]): AdaptiveCardJson {
  return renderTemplate(privacyRequestsTemplate, language, {
    requests: requests.map((request) => ({
      line: [
        request.reference,
        dutchDate(request.recordedAt.slice(0, 10)),
        t(language, `privacy.request.kind.${request.kind}`),
        request.subject,
        t(language, `privacy.request.outcome.${request.outcome}`),
        request.reason ?? '',
      ]
        .filter(Boolean)
        .join(' · '),
    })),
  });
}
