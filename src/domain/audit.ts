// The audit trail: one entry per change to an agent, candidate, vote or setting, written with the change.

export interface AuditEntry {
  readonly teamId: string;
  readonly actorId: string;
  readonly entity: string;
  readonly entityId: string | number;
  readonly action: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly at: Date;
}

/** An entry as read back: an agent's history is its rows in order. */
export interface AuditRow {
  readonly id: number;
  readonly at: string;
  readonly actorId: string;
  readonly entity: string;
  readonly entityId: string;
  readonly action: string;
  readonly before: unknown;
  readonly after: unknown;
}
