import { actOnSignalCard } from './handlers/act-on-signal-card';
import { createActionFromCard, newActionForm, showActions, updateActionFromCard } from './handlers/actions';
import { answerReporterQuestion } from './handlers/answer-reporter-question';
import { councilReport } from './handlers/council-report';
import { goalCommand, goalFormFromCard, showGoals, submitGoalForm } from './handlers/goals';
import { handOverRole } from './handlers/hand-over-role';
import { answerHerijking, showHerijkingForm } from './handlers/herijking';
import { changeRoleByCommand, showRoles } from './handlers/manage-roles';
import { meetingsCommand, showMeetingForm, submitMeetingForm } from './handlers/meetings';
import { nonWorkingDaysCommand } from './handlers/non-working-days';
import { sendReportForm } from './handlers/send-report-form';
import { setLanguage } from './handlers/set-language';
import { showSettings, submitSettings } from './handlers/settings';
import { showHelp } from './handlers/show-help';
import { showMySignals } from './handlers/show-my-signals';
import { searchForSignals, showOpenItems } from './handlers/show-open-items';
import { showSignal } from './handlers/show-signal';
import { showStatusByCode } from './handlers/show-status-by-code';
import { submitReportForm } from './handlers/submit-report-form';
import { applyRosterCard, werkgroepCommand } from './handlers/werkgroep';
import type { Turn } from './turn';

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
  /** Signals and their details are discussed only in a 1:1 chat. */
  personalOnly: boolean;
  handle(turn: Turn, argument: string | undefined): Promise<void>;
}

export const COMMANDS: CommandRoute[] = [
  { id: 'help', words: ['help', 'hulp', '?'], personalOnly: false, handle: showHelp },
  {
    id: 'report',
    words: ['meld', 'melden', 'nieuwe melding', 'report'],
    personalOnly: true,
    handle: sendReportForm,
  },
  { id: 'my-signals', words: ['mijn meldingen', 'my reports'], personalOnly: true, handle: showMySignals },
  { id: 'status', words: ['status'], takesArgument: true, personalOnly: true, handle: showStatusByCode },
  {
    id: 'language',
    words: ['taal', 'language'],
    takesArgument: true,
    personalOnly: false,
    handle: setLanguage,
  },
  { id: 'open', words: ['open'], takesArgument: true, personalOnly: true, handle: showOpenItems },
  { id: 'signal', words: ['signaal', 'signal'], takesArgument: true, personalOnly: true, handle: showSignal },
  {
    id: 'search',
    words: ['zoek', 'search'],
    takesArgument: true,
    personalOnly: true,
    handle: searchForSignals,
  },
  {
    id: 'handover',
    words: ['overdracht', 'handover'],
    takesArgument: true,
    personalOnly: true,
    handle: handOverRole,
  },
  { id: 'roles', words: ['rollen', 'roles'], personalOnly: true, handle: showRoles },
  {
    id: 'role',
    words: ['rol', 'role'],
    takesArgument: true,
    personalOnly: true,
    handle: changeRoleByCommand,
  },
  {
    id: 'werkgroep',
    words: ['werkgroep', 'working group'],
    takesArgument: true,
    personalOnly: false,
    handle: werkgroepCommand,
  },
  { id: 'goals', words: ['doelen', 'goals'], personalOnly: false, handle: showGoals },
  {
    id: 'rapport',
    words: ['rapport', 'council report'],
    takesArgument: true,
    personalOnly: true,
    handle: councilReport,
  },
  { id: 'goal', words: ['doel', 'goal'], takesArgument: true, personalOnly: true, handle: goalCommand },
  {
    id: 'non-working-days',
    words: ['vrije dagen', 'vrije dag', 'closing days', 'closing day'],
    takesArgument: true,
    personalOnly: true,
    handle: nonWorkingDaysCommand,
  },
  {
    id: 'meetings',
    words: ['vergadering', 'vergaderingen', 'meetings', 'meeting'],
    takesArgument: true,
    personalOnly: false,
    handle: meetingsCommand,
  },
  {
    id: 'new-action',
    words: ['actie', 'action'],
    takesArgument: true,
    personalOnly: true,
    handle: newActionForm,
  },
  {
    id: 'actions',
    words: ['acties', 'actions'],
    takesArgument: true,
    personalOnly: true,
    handle: showActions,
  },
  { id: 'herijking', words: ['herijking', 'review'], personalOnly: true, handle: showHerijkingForm },
  { id: 'settings', words: ['instellingen', 'settings'], personalOnly: true, handle: showSettings },
];

export interface CardVerbRoute {
  personalOnly: boolean;
  handle(turn: Turn, values: Record<string, unknown>): Promise<void>;
}

/** Card actions: the `verb` in an Action.Submit's data. */
export const CARD_VERBS: Record<string, CardVerbRoute> = {
  'report.open': { personalOnly: true, handle: (turn) => sendReportForm(turn) },
  'help.show': { personalOnly: false, handle: (turn) => showHelp(turn) },
  'signal.submit': { personalOnly: true, handle: submitReportForm },
  'signal.show': {
    personalOnly: true,
    handle: (turn, values) => showSignal(turn, String(values.signalId ?? '')),
  },
  'signal.act': { personalOnly: true, handle: actOnSignalCard },
  'open.page': {
    personalOnly: true,
    handle: (turn, values) => showOpenItems(turn, String(values.page ?? '1')),
  },
  'reporter.answer': { personalOnly: true, handle: answerReporterQuestion },
  'action.create': { personalOnly: true, handle: (turn, values) => createActionFromCard(turn, values) },
  'action.from-proposal': {
    personalOnly: true,
    handle: (turn, values) => createActionFromCard(turn, values, true),
  },
  'action.done': { personalOnly: true, handle: (turn, values) => updateActionFromCard(turn, values, true) },
  'action.propose': {
    personalOnly: true,
    handle: (turn, values) => updateActionFromCard(turn, values, false),
  },
  'herijking.answer': { personalOnly: true, handle: answerHerijking },
  'werkgroep.roster': { personalOnly: false, handle: applyRosterCard },
  'settings.save': { personalOnly: true, handle: submitSettings },
  'goal.form': { personalOnly: true, handle: goalFormFromCard },
  'goal.save': { personalOnly: true, handle: submitGoalForm },
  'meeting.form': { personalOnly: false, handle: (turn) => showMeetingForm(turn) },
  'meeting.plan': { personalOnly: false, handle: submitMeetingForm },
};

/** Finds the command for folded text, with its argument if the command takes one. */
export function matchCommand(text: string): { route: CommandRoute; argument?: string } | undefined {
  for (const route of COMMANDS) {
    for (const word of route.words) {
      if (text === word) return { route };
      if (route.takesArgument && text.startsWith(`${word} `)) {
        return { route, argument: text.slice(word.length + 1).trim() };
      }
    }
  }
  return undefined;
}
