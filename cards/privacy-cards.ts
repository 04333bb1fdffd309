import type { RetentionPolicy } from '../bot/domain/privacy/retention-policy';
import { CLOSURE_REASONS } from '../bot/domain/signals/signal';
import { type Language, t } from '../bot/i18n/translate';
import { type AdaptiveCardJson, renderTemplate } from './render-template';
import retentionPolicyTemplate from './retention-policy.json';
import retentionWarningTemplate from './retention-warning.json';

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
