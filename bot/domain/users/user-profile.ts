import type { Language } from '../../i18n/translate';
import type { LineOfWork } from '../playbook/lines-of-work';

/**
 * What the bot remembers about a person: their language choice and how to reach them 1:1.
 * The conversation reference is opaque here; only the Teams edge reads it.
 */
export interface UserProfile {
  id: string;
  type: 'user';
  tenantId: string;
  aadObjectId: string;
  /** Display name from Teams, so colleagues can be found by name (`rol geef`, `overdracht`). */
  name?: string;
  language?: Language;
  personalConversation?: Record<string, unknown>;
  welcomedAt?: string;
  /** The person's line of work, chosen in `uitleg`, for examples from their own work. */
  lineOfWork?: LineOfWork;
  /** Said `casus uit`: no case of the month until `casus aan`. */
  monthlyCaseOptOut?: boolean;
  updatedAt: string;
}

/** Someone who gets the case of the month: reachable 1:1 and not opted out. */
export type MonthlyCaseRecipient = Pick<UserProfile, 'aadObjectId' | 'language' | 'lineOfWork'>;

/** What a person chooses for themselves, apart from the language. */
export type UserPreferences = Partial<Pick<UserProfile, 'lineOfWork' | 'monthlyCaseOptOut'>>;

/**
 * The profile as the store gave it moments ago, in this turn (`profile` undefined: there is none).
 * Handed to the repository's next change of it, which then decides and writes on this read instead
 * of reading again; only the repository that made the read knows its version.
 */
export interface ProfileAsRead {
  readonly profile: UserProfile | undefined;
}

export interface UserProfileRepository {
  find(tenantId: string, aadObjectId: string): Promise<UserProfile | undefined>;
  /**
   * Stores the 1:1 conversation reference; says whether the person was unreachable before, and
   * returns the profile so a turn needs no second read.
   */
  rememberPersonalConversation(
    tenantId: string,
    aadObjectId: string,
    name: string,
    reference: Record<string, unknown>,
    now: Date,
    asRead?: ProfileAsRead,
  ): Promise<{ becameReachable: boolean; profile: UserProfile }>;
  /** Remembers a display name seen in a channel, so the person can be found before they chat 1:1. */
  rememberName(
    tenantId: string,
    aadObjectId: string,
    name: string,
    now: Date,
    asRead?: ProfileAsRead,
  ): Promise<UserProfile | undefined>;
  /** Several people's profiles in one read (a fan-out's recipients); those without one are left out. */
  findMany(tenantId: string, aadObjectIds: string[]): Promise<UserProfile[]>;
  /** People whose name contains the text (case-insensitive), at most a handful. */
  search(tenantId: string, text: string): Promise<UserProfile[]>;
  setLanguage(tenantId: string, aadObjectId: string, language: Language, now: Date): Promise<void>;
  /** Stores the given preferences (line of work, case of the month); returns the profile. */
  setPreferences(
    tenantId: string,
    aadObjectId: string,
    preferences: UserPreferences,
    now: Date,
  ): Promise<UserProfile>;
  /** Everyone reachable in a 1:1 chat who has not said `casus uit` (a scheduled job, not a turn). */
  listMonthlyCaseRecipients(tenantId: string): Promise<MonthlyCaseRecipient[]>;
  /** Marks the welcome as sent; true only for the one caller that marked it first. */
  markWelcomedOnce(tenantId: string, aadObjectId: string, now: Date): Promise<boolean>;
}
