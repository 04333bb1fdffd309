import { receiptCodeIn, validReport } from './report-fixtures';
import { cardText, person, type TestBot, type TestUser } from './test-bot';

/** The cast of the coordinator tests: two seeded coordinators, an admin and a werkgroep member. */
export const CAST = {
  carla: 'Carla Coördinator',
  dave: 'Dave Coördinator',
  ada: 'Ada Beheerder',
  wim: 'Wim Werkgroep',
  alex: 'Alex Melder',
  noor: 'Noor Niemand',
} as const;

export function regieEnv(): Record<string, string> {
  return {
    COORDINATOR_AAD_IDS: [person(CAST.carla).aadObjectId, person(CAST.dave).aadObjectId].join(','),
    ADMIN_AAD_IDS: person(CAST.ada).aadObjectId,
  };
}

/** Reports a signal as `reporter`; returns its reference and receipt code. */
export async function report(
  reporter: TestUser,
  values: Record<string, string> = {},
): Promise<{ reference: string; code?: string }> {
  await reporter.says('meld');
  const receipt = (await reporter.submits(reporter.lastCard(), { ...validReport, ...values })).at(-1);
  const text = cardText(receipt ?? reporter.lastCard());
  const reference = /OND-\d{4}-\d{4}/.exec(text)?.[0];
  if (!reference) throw new Error(`no reference on the receipt:\n${text}`);
  return { reference, code: receiptCodeIn(text) };
}

/** Everyone says hello once, so the bot knows their names and can reach them 1:1. */
export async function introduce<const Names extends string[]>(
  bot: TestBot,
  ...names: Names
): Promise<{ [K in keyof Names]: TestUser }> {
  const users = names.map((name) => bot.user(name));
  for (const user of users) await user.says('help');
  return users as { [K in keyof Names]: TestUser };
}

export const isAction = (action: string) => (data: Record<string, unknown>) => data.action === action;
