/** The tenant's werkgroep: the channel it meets in. Members are the holders of the werkgroep role. */
export interface WerkgroepChannel {
  id: 'werkgroep-channel';
  type: 'werkgroep-channel';
  tenantId: string;
  /** The channel's conversation reference, for proactive posts (counts only, never details). */
  conversation: Record<string, unknown>;
  linkedBy: string;
  linkedAt: string;
}

/** An agreed task: "van woorden naar daden" means every agreement has an owner and a due date. */
export interface WerkgroepAction {
  id: string;
  type: 'action';
  tenantId: string;
  title: string;
  ownerAadObjectId: string;
  dueOn: string;
  /** What it belongs to: a goal, a signal reference or a herijking round. */
  linkedTo?: string;
  status: 'open' | 'done';
  /** The due date first agreed, kept when the owner moves it: slippage stays visible. */
  originalDueOn?: string;
  /** How often the due date was moved. */
  rescheduled?: number;
  createdBy: string;
  createdAt: string;
  doneAt?: string;
  revision: number;
}

/** A goal of the safety programme, with an indicator and a target. */
export interface Goal {
  id: string;
  type: 'goal';
  tenantId: string;
  number: number;
  title: string;
  indicator: string;
  target: string;
  ownerAadObjectId?: string;
  deadline?: string;
  /** Goes up with every edit; a form showing an older revision is refused, not applied. */
  revision?: number;
}

/** The four efforts the audit names; a tenant edits them, the seed only starts the list. */
export const SEED_GOALS: Omit<Goal, 'id' | 'type' | 'tenantId'>[] = [
  {
    number: 1,
    title: 'Handelingskader ondermijning',
    indicator: 'Vastgesteld handelingskader: wat te doen met welk signaal',
    target: 'Vastgesteld en bekend bij alle afdelingen',
  },
  {
    number: 2,
    title: 'Actueel informatiebeeld',
    indicator: 'Ondermijningsbeeld bijgewerkt met signalen en partnerinformatie',
    target: 'Elk kwartaal bijgewerkt',
  },
  {
    number: 3,
    title: 'Brede werkgroep ondermijning',
    indicator: 'Werkgroep met alle disciplines komt bijeen en herijkt',
    target: 'Elk kwartaal een herijking met antwoord van elk lid',
  },
  {
    number: 4,
    title: 'Meldpunt voor medewerkers',
    indicator: 'Meldingen via het meldpunt, met terugkoppeling binnen de termijn',
    target: 'Elke melder krijgt binnen 5 werkdagen terugkoppeling',
  },
];
