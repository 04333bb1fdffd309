import type { InvokeResponse } from 'botbuilder';
import type { Actor } from '../domain/actor';
import { reportReadAhead } from '../domain/signals/report-read-ahead';
import {
  mySignalsReadAhead,
  openItemsReadAhead,
  signalViewReadAhead,
} from '../domain/signals/view-read-ahead';
import type { BotServices } from './bot-services';
import { actOnSignalCard } from './handlers/act-on-signal-card';
import { createActionFromCard, newActionForm, showActions, updateActionFromCard } from './handlers/actions';
import { answerReporterQuestion } from './handlers/answer-reporter-question';
import { auditTrailCommand } from './handlers/audit-trail';
import { actOnCaseCard, openCaseCommand, showCase, showOpenCases } from './handlers/cases';
import { councilReport } from './handlers/council-report';
import { chooseLineOfWork, explainPlaybook, offerLinesOfWork } from './handlers/explain-playbook';
import { goalCommand, goalFormFromCard, showGoals, submitGoalForm } from './handlers/goals';
import { handOverRole } from './handlers/hand-over-role';
import { answerHerijking, showHerijkingForm } from './handlers/herijking';
import { legalHoldCommand } from './handlers/legal-hold';
import { changeRoleByCommand, showRoles } from './handlers/manage-roles';
import { meetingsCommand, showMeetingForm, submitMeetingForm } from './handlers/meetings';
import { monthlyCaseOff, monthlyCaseOn } from './handlers/monthly-case';
import { nonWorkingDaysCommand } from './handlers/non-working-days';
import {
  privacyRequestCommand,
  showPrivacyRequests,
  subjectAccessCommand,
} from './handlers/privacy-requests';
import { openReportDialog, REPORT_MESSAGE_COMMAND, submitReportDialog } from './handlers/report-message';
import { retentionCommand } from './handlers/retention';
import { sendReportForm } from './handlers/send-report-form';
import { setLanguage } from './handlers/set-language';
import { finishPendingClosuresFromCard, showSettings, submitSettings } from './handlers/settings';
import { showHelp } from './handlers/show-help';
import { showMySignals } from './handlers/show-my-signals';
import { searchForSignals, showOpenItems } from './handlers/show-open-items';
import { showSignal } from './handlers/show-signal';
import { showStatusByCode } from './handlers/show-status-by-code';
import { submitReportForm } from './handlers/submit-report-form';
import { applyRosterCard, werkgroepCommand } from './handlers/werkgroep';
import type { Turn } from './turn';

/**
 * Where a route works. Anywhere: in the 1:1 chat, a group chat and a channel, because it shows
 * nothing about signals (werkgroep business: actions with their owners, goals, meetings, closing
 * days). Only in the 1:1 chat, and why: it shows signals or their details; it is reporting (which
 * stays confidential); it is a person's own answers; or it is administration of roles, settings
 * and goals. See docs/decisions.md.
 */
export type WorksIn = 'anywhere' | { personalChatOnly: PersonalChatReason };
export type PersonalChatReason = 'signals' | 'reporting' | 'own-answers' | 'own-choice' | 'administration';
const ANYWHERE: WorksIn = 'anywhere';
const PERSONAL_CHAT = (reason: PersonalChatReason): WorksIn => ({ personalChatOnly: reason });

/**
 * Every command and card verb the bot answers, in one table: "what happens when a user types
 * `open`" is one look away. Commands match the folded text (see commandText); the first match wins.
 */
export interface CommandRoute {
  id: string;
  /** The words as a user types them; the first is the one shown in menus and help. */
  words: string[];
  /** Optional argument after the words, e.g. the code in `status ABCD-EFGH`. */
  takesArgument?: boolean;
  /**
   * Only an argument like this matches (and the bare words do not), so a route can share its first
   * word with others: `casus CAS-2026-0001` is a case, `casus uit` is somebody else's command.
   */
  argumentPattern?: RegExp;
  /** Where the command works; elsewhere the bot says so and offers the way into the 1:1 chat. */
  worksIn: WorksIn;
  /** Partners may use it (report, follow their own reports); every other route refuses them. */
  openToPartners?: true;
  /** Reads started while the turn opens, as for card verbs (CardVerbRoute.readAhead). */
  readAhead?(
    services: BotServices,
    actor: Actor,
    argument: string | undefined,
  ): Partial<BotServices> | undefined;
  handle(turn: Turn, argument: string | undefined): Promise<void>;
}

export const COMMANDS: CommandRoute[] = [
  { id: 'help', words: ['help', 'hulp', '?'], worksIn: ANYWHERE, openToPartners: true, handle: showHelp },
  {
    id: 'explain',
    words: ['uitleg', 'wat is ondermijning', 'explain', 'what is subversive crime'],
    worksIn: ANYWHERE,
    // General knowledge, named on everyone's help card: partners recognise signals too.
    openToPartners: true,
    handle: explainPlaybook,
  },
  // Exactly these words, no argument: other `casus …` commands belong to cases (casustafel).
  // A person's own choice about their 1:1 messages, so answered in the 1:1 chat.
  {
    id: 'monthly-case-off',
    words: ['casus uit', 'monthly case off'],
    worksIn: PERSONAL_CHAT('own-choice'),
    // Everyone who chatted gets the case of the month, partners too: everyone can opt out.
    openToPartners: true,
    handle: monthlyCaseOff,
  },
  {
    id: 'monthly-case-on',
    words: ['casus aan', 'monthly case on'],
    worksIn: PERSONAL_CHAT('own-choice'),
    openToPartners: true,
    handle: monthlyCaseOn,
  },
  {
    id: 'report',
    words: ['meld', 'melden', 'nieuwe melding', 'report'],
    worksIn: PERSONAL_CHAT('reporting'),
    openToPartners: true,
    handle: sendReportForm,
  },
  {
    id: 'my-signals',
    words: ['mijn meldingen', 'my reports'],
    worksIn: PERSONAL_CHAT('signals'),
    openToPartners: true,
    readAhead: (services, actor) => mySignalsReadAhead(services, actor),
    handle: showMySignals,
  },
  {
    id: 'status',
    words: ['status'],
    takesArgument: true,
    worksIn: PERSONAL_CHAT('signals'),
    openToPartners: true,
    handle: showStatusByCode,
  },
  {
    id: 'language',
    words: ['taal', 'language'],
    takesArgument: true,
    worksIn: ANYWHERE,
    openToPartners: true,
    handle: setLanguage,
  },
  {
    id: 'open',
    words: ['open'],
    takesArgument: true,
    worksIn: PERSONAL_CHAT('signals'),
    readAhead: (services, actor) => openItemsReadAhead(services, actor),
    handle: showOpenItems,
  },
  {
    id: 'signal',
    words: ['signaal', 'signal'],
    takesArgument: true,
    worksIn: PERSONAL_CHAT('signals'),
    readAhead: (services, actor, reference) => signalViewReadAhead(services, actor, reference),
    handle: showSignal,
  },
  {
    id: 'case-new',
    words: ['casus nieuw', 'nieuwe casus', 'case new', 'new case'],
    takesArgument: true,
    worksIn: PERSONAL_CHAT('signals'),
    handle: openCaseCommand,
  },
  {
    id: 'case',
    words: ['casus', 'case'],
    takesArgument: true,
    argumentPattern: /^cas-\S*$/,
    worksIn: PERSONAL_CHAT('signals'),
    handle: showCase,
  },
  { id: 'cases', words: ['casussen', 'cases'], worksIn: PERSONAL_CHAT('signals'), handle: showOpenCases },
  {
    id: 'search',
    words: ['zoek', 'search'],
    takesArgument: true,
    worksIn: PERSONAL_CHAT('signals'),
    handle: searchForSignals,
  },
  {
    id: 'handover',
    words: ['overdracht', 'handover'],
    takesArgument: true,
    worksIn: PERSONAL_CHAT('signals'),
    handle: handOverRole,
  },
  { id: 'roles', words: ['rollen', 'roles'], worksIn: PERSONAL_CHAT('administration'), handle: showRoles },
  {
    id: 'role',
    words: ['rol', 'role'],
    takesArgument: true,
    worksIn: PERSONAL_CHAT('administration'),
    handle: changeRoleByCommand,
  },
  {
    id: 'werkgroep',
    words: ['werkgroep', 'working group'],
    takesArgument: true,
    worksIn: ANYWHERE,
    handle: werkgroepCommand,
  },
  { id: 'goals', words: ['doelen', 'goals'], worksIn: ANYWHERE, handle: showGoals },
  {
    id: 'rapport',
    words: ['rapport', 'council report'],
    takesArgument: true,
    worksIn: PERSONAL_CHAT('signals'),
    handle: councilReport,
  },
  {
    id: 'goal',
    words: ['doel', 'goal'],
    takesArgument: true,
    worksIn: PERSONAL_CHAT('administration'),
    handle: goalCommand,
  },
  {
    id: 'non-working-days',
    words: ['vrije dagen', 'vrije dag', 'closing days', 'closing day'],
    takesArgument: true,
    worksIn: ANYWHERE,
    handle: nonWorkingDaysCommand,
  },
  {
    id: 'meetings',
    words: ['vergadering', 'vergaderingen', 'meetings', 'meeting'],
    takesArgument: true,
    worksIn: ANYWHERE,
    handle: meetingsCommand,
  },
  {
    id: 'new-action',
    words: ['actie', 'action'],
    takesArgument: true,
    worksIn: ANYWHERE,
    handle: newActionForm,
  },
  {
    id: 'actions',
    words: ['acties', 'actions'],
    takesArgument: true,
    worksIn: ANYWHERE,
    handle: showActions,
  },
  {
    id: 'herijking',
    words: ['herijking', 'review'],
    worksIn: PERSONAL_CHAT('own-answers'),
    handle: showHerijkingForm,
  },
  {
    id: 'settings',
    words: ['instellingen', 'settings'],
    worksIn: PERSONAL_CHAT('administration'),
    handle: showSettings,
  },
  {
    id: 'retention',
    words: ['bewaartermijnen', 'bewaartermijn', 'retention'],
    takesArgument: true,
    worksIn: PERSONAL_CHAT('administration'),
    handle: retentionCommand,
  },
  {
    id: 'subject-access',
    words: ['inzage', 'access request'],
    takesArgument: true,
    worksIn: PERSONAL_CHAT('administration'),
    handle: subjectAccessCommand,
  },
  {
    id: 'privacy-requests',
    words: ['verzoeken', 'requests'],
    worksIn: PERSONAL_CHAT('administration'),
    handle: showPrivacyRequests,
  },
  {
    id: 'privacy-request',
    words: ['verzoek', 'request'],
    takesArgument: true,
    worksIn: PERSONAL_CHAT('administration'),
    handle: privacyRequestCommand,
  },
  {
    id: 'audit',
    words: ['audit'],
    takesArgument: true,
    worksIn: PERSONAL_CHAT('signals'),
    handle: auditTrailCommand,
  },
  {
    id: 'legal-hold',
    words: ['bewaren', 'hold'],
    takesArgument: true,
    worksIn: PERSONAL_CHAT('signals'),
    handle: legalHoldCommand,
  },
];

export interface CardVerbRoute {
  /** Where the card action works (a card can be forwarded or posted where it does not belong). */
  worksIn: WorksIn;
  /** Partners may use it; see CommandRoute.openToPartners. */
  openToPartners?: true;
  /**
   * Reads the handler will need, started while the turn opens (beside the profile and roles), so
   * they cost no round trip of their own: services for this turn that answer them.
   */
  readAhead?(
    services: BotServices,
    actor: Actor,
    values: Record<string, unknown>,
  ): Partial<BotServices> | undefined;
  handle(turn: Turn, values: Record<string, unknown>): Promise<void>;
}

/** Card actions: the `verb` in an Action.Submit's data. */
export const CARD_VERBS: Record<string, CardVerbRoute> = {
  'report.open': {
    worksIn: PERSONAL_CHAT('reporting'),
    openToPartners: true,
    handle: (turn) => sendReportForm(turn),
  },
  'help.show': { worksIn: ANYWHERE, openToPartners: true, handle: (turn) => showHelp(turn) },
  'playbook.line': { worksIn: ANYWHERE, openToPartners: true, handle: chooseLineOfWork },
  'playbook.choose': { worksIn: ANYWHERE, openToPartners: true, handle: (turn) => offerLinesOfWork(turn) },
  'signal.submit': {
    worksIn: PERSONAL_CHAT('reporting'),
    openToPartners: true,
    readAhead: (services, actor, values) => reportReadAhead(services, actor, values.formToken),
    handle: submitReportForm,
  },
  'signal.show': {
    worksIn: PERSONAL_CHAT('signals'),
    handle: (turn, values) => showSignal(turn, String(values.signalId ?? '')),
  },
  'signal.act': { worksIn: PERSONAL_CHAT('signals'), handle: actOnSignalCard },
  'case.show': {
    worksIn: PERSONAL_CHAT('signals'),
    handle: (turn, values) => showCase(turn, String(values.caseId ?? values.caseReference ?? '')),
  },
  'case.act': { worksIn: PERSONAL_CHAT('signals'), handle: actOnCaseCard },
  'open.page': {
    worksIn: PERSONAL_CHAT('signals'),
    handle: (turn, values) => showOpenItems(turn, String(values.page ?? '1')),
  },
  // A reporter's answer to the coordinator's question about their own report.
  'reporter.answer': {
    worksIn: PERSONAL_CHAT('signals'),
    openToPartners: true,
    handle: answerReporterQuestion,
  },
  'action.create': { worksIn: ANYWHERE, handle: (turn, values) => createActionFromCard(turn, values) },
  'action.from-proposal': {
    worksIn: ANYWHERE,
    handle: (turn, values) => createActionFromCard(turn, values, true),
  },
  'action.done': { worksIn: ANYWHERE, handle: (turn, values) => updateActionFromCard(turn, values, true) },
  'action.propose': {
    worksIn: ANYWHERE,
    handle: (turn, values) => updateActionFromCard(turn, values, false),
  },
  'herijking.answer': { worksIn: PERSONAL_CHAT('own-answers'), handle: answerHerijking },
  'werkgroep.roster': { worksIn: ANYWHERE, handle: applyRosterCard },
  'settings.save': { worksIn: PERSONAL_CHAT('administration'), handle: submitSettings },
  'closures.finish': {
    worksIn: PERSONAL_CHAT('signals'),
    handle: (turn) => finishPendingClosuresFromCard(turn),
  },
  'goal.form': { worksIn: PERSONAL_CHAT('administration'), handle: goalFormFromCard },
  'goal.save': { worksIn: PERSONAL_CHAT('administration'), handle: submitGoalForm },
  'meeting.form': { worksIn: ANYWHERE, handle: (turn) => showMeetingForm(turn) },
  'meeting.plan': { worksIn: ANYWHERE, handle: submitMeetingForm },
};

/**
 * Invokes the bot answers itself (message extension commands); every other invoke gets the
 * answer of answer-unknown-invoke.ts. They work wherever Teams offers them: the dialog is seen
 * only by the person who opened it, and nothing is posted in the conversation.
 */
export interface InvokeRoute {
  name: string;
  commandId: string;
  /** Reads started while the turn opens, as for card verbs (CardVerbRoute.readAhead). */
  readAhead?(services: BotServices, actor: Actor, value: unknown): Partial<BotServices> | undefined;
  handle(turn: Turn, value: unknown): Promise<InvokeResponse>;
}

export const INVOKES: InvokeRoute[] = [
  { name: 'composeExtension/fetchTask', commandId: REPORT_MESSAGE_COMMAND, handle: openReportDialog },
  {
    name: 'composeExtension/submitAction',
    commandId: REPORT_MESSAGE_COMMAND,
    readAhead: (services, actor, value) =>
      reportReadAhead(
        services,
        actor,
        (value as { data?: { formToken?: unknown } } | undefined)?.data?.formToken,
      ),
    handle: submitReportDialog,
  },
];

/** The route for an invoke by its name and `value.commandId`. */
export function matchInvoke(name: string | undefined, value: unknown): InvokeRoute | undefined {
  const commandId = (value as { commandId?: unknown } | undefined)?.commandId;
  return INVOKES.find((route) => route.name === name && route.commandId === commandId);
}

/** Finds the command for folded text, with its argument if the command takes one. */
export function matchCommand(text: string): { route: CommandRoute; argument?: string } | undefined {
  for (const route of COMMANDS) {
    for (const word of route.words) {
      if (text === word && !route.argumentPattern) return { route };
      if (route.takesArgument && text.startsWith(`${word} `)) {
        const argument = text.slice(word.length + 1).trim();
        if (route.argumentPattern && !route.argumentPattern.test(argument)) continue;
        return { route, argument };
      }
    }
  }
  return undefined;
}
