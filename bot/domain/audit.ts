/** Who did or saw what, when. `actor` is an Entra object id, or "anonymous". */
export interface AuditEvent {
  tenantId: string;
  actor: string;
  /** What happened, e.g. `signal.created`, `signal.viewed`, `signal.close`, `role.granted`. */
  action: string;
  subjectId: string;
  at: string;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
  /**
   * For an event that happens once to its subject (a signal's creation): the record's id is
   * derived from action and subject, so writing it again (a resent form, a redelivery after a
   * crash) leaves the one record there is and adds none.
   */
  recordOnce(event: AuditEvent): Promise<void>;
}
