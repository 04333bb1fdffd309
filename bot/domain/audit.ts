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
}
