/** What Slack and the settings say about one person; the rules below decide what they may do. */
export interface Person {
  readonly userId: string;
  /** A Slack workspace admin or owner, as users.info reports it. */
  readonly isAdmin: boolean;
}

/** Workspace admins always; the portfolio owner too, once one is named. */
export function canChangeSettings(person: Person, portfolioOwnerId: string | null): boolean {
  return person.isAdmin || (portfolioOwnerId !== null && person.userId === portfolioOwnerId);
}

/**
 * Who may edit an agent, hand it over, retire it or file its gate claim: its owner or the portfolio
 * owner. Until a portfolio owner is named, a workspace admin stands in, so an agent whose owner left
 * can still be handed over.
 */
export function canManageAgent(
  person: Person,
  agent: { ownerId: string },
  portfolioOwnerId: string | null,
): boolean {
  if (person.userId === agent.ownerId) return true;
  if (portfolioOwnerId !== null) return person.userId === portfolioOwnerId;
  return person.isAdmin;
}

/** The leadership: the people named in the settings plus the members of the leadership user group. */
export function leadership(namedIds: readonly string[], groupMembers: readonly string[]): string[] {
  return [...new Set([...namedIds, ...groupMembers])];
}

/**
 * Who may report an agent's number: its owner, or on the owner's behalf the portfolio owner or the delegate the
 * owner named while away (`standingInFor`: the away owners this user reports for today). Nobody else, admins
 * included: the number is the owner's word.
 */
export function reportingRole(
  userId: string,
  agent: { ownerId: string },
  portfolioOwnerId: string | null,
  standingInFor: readonly string[] = [],
): 'owner' | 'portfolio-owner' | 'delegate' | null {
  if (userId === agent.ownerId) return 'owner';
  if (userId === portfolioOwnerId) return 'portfolio-owner';
  return standingInFor.includes(agent.ownerId) ? 'delegate' : null;
}

/**
 * Anyone adds to the backlog; the portfolio owner edits, commits and rejects. Until one is named a
 * workspace admin stands in, so a backlog is never stuck.
 */
export function canManageBacklog(person: Person, portfolioOwnerId: string | null): boolean {
  return portfolioOwnerId === null ? person.isAdmin : person.userId === portfolioOwnerId;
}
