/** Who did or saw what, when. `actor` is an Entra object id, or "anonymous". */
export interface AuditEvent {
  tenantId: string;
  actor: string;
  action: 'signal.created' | 'signal.status-viewed' | 'signal.list-viewed';
  subjectId: string;
  at: string;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
}
