import { CASE_OUTCOMES, CASE_PARTNERS, type Case } from '../bot/domain/cases/case';
import type { Signal } from '../bot/domain/signals/signal';
import { type Language, t } from '../bot/i18n/translate';
import caseTemplate from './case.json';
import casesTemplate from './cases.json';
import { displayDate, displayDay, type NameOf } from './coordinator-cards';
import { type AdaptiveCardJson, renderTemplate } from './render-template';

export interface CaseCardData {
  case: Case;
  signals: Signal[];
  nameOf: NameOf;
  notice?: { text: string; color: 'Good' | 'Attention' };
  /** What the coordinator typed into a refused decision, shown again in its inputs. */
  draft?: { on?: string; text?: string };
}

/** The case card: status, linked signals, partners, decisions; the buttons while the case is open. */
export function renderCaseCard(language: Language, data: CaseCardData): AdaptiveCardJson {
  const found = data.case;
  const closed = found.status === 'closed';
  const remaining = CASE_PARTNERS.filter((partner) => !found.partners.includes(partner));
  return renderTemplate(caseTemplate, language, {
    heading: t(language, 'cases.title', { reference: found.reference }),
    caseId: found.id,
    revision: found.revision,
    title: found.title,
    closed,
    statusLabel: t(language, `cases.statusLabel.${found.status}`),
    openedOn: displayDate(found.createdAt),
    closedOn: found.closedAt ? displayDate(found.closedAt) : '',
    outcomeLabel: found.outcome ? t(language, `cases.outcomeLabel.${found.outcome}`) : '',
    partnersText:
      found.partners.length > 0
        ? found.partners.map((partner) => t(language, `partner.${partner}`)).join(', ')
        : t(language, 'cases.noPartners'),
    signals: data.signals.map((signal) => ({
      signalId: signal.id,
      reference: signal.reference,
      statusLabel: t(language, `status.${signal.status}`),
      categoryLabel: t(language, `category.${signal.category}`),
    })),
    decisions: found.decisions.map((decision) => ({
      when: t(language, 'cases.decisionBy', { date: displayDay(decision.on), who: data.nameOf(decision.by) }),
      text: decision.text,
    })),
    canAddPartner: !closed && remaining.length > 0,
    partnerChoices: remaining.map((value) => ({ value, title: t(language, `partner.${value}`) })),
    outcomeChoices: CASE_OUTCOMES.map((value) => ({
      value,
      title: t(language, `cases.outcomeLabel.${value}`),
    })),
    draft: { on: data.draft?.on ?? '', text: data.draft?.text ?? '' },
    notice: data.notice?.text ?? '',
    noticeColor: data.notice?.color ?? 'Default',
  });
}

/** `casussen`: the open cases, oldest first, each opening its card. */
export function renderCaseList(language: Language, cases: Case[]): AdaptiveCardJson {
  return renderTemplate(casesTemplate, language, {
    summary: t(language, 'cases.list.count', { count: cases.length }),
    items: cases.map((found) => ({
      caseId: found.id,
      reference: found.reference,
      title: found.title,
      line: t(language, 'cases.list.line', {
        date: displayDate(found.createdAt),
        partners: found.partners.length,
        decisions: found.decisions.length,
      }),
    })),
  });
}
