import { describe, expect, it } from 'vitest';
import { gateReviewers } from '../../src/domain/gate.js';
import {
  canChangeSettings,
  canManageAgent,
  canManageBacklog,
  leadership,
  reportingRole,
} from '../../src/domain/roles.js';

const admin = { userId: 'UADMIN', isAdmin: true };
const member = (userId: string) => ({ userId, isAdmin: false });

describe('canChangeSettings', () => {
  it('lets any workspace admin in while no portfolio owner is named', () => {
    expect(canChangeSettings(admin, null)).toBe(true);
    expect(canChangeSettings(member('UCAROL'), null)).toBe(false);
  });

  it('adds the portfolio owner once named, and still no one else', () => {
    expect(canChangeSettings(member('UCAROL'), 'UCAROL')).toBe(true);
    expect(canChangeSettings(admin, 'UCAROL')).toBe(true);
    expect(canChangeSettings(member('UDAVE'), 'UCAROL')).toBe(false);
  });
});

describe('canManageAgent', () => {
  const agent = { ownerId: 'UALICE' };

  it('lets the owner and the portfolio owner change an agent, nobody else', () => {
    expect(canManageAgent(member('UALICE'), agent, 'UCAROL')).toBe(true);
    expect(canManageAgent(member('UCAROL'), agent, 'UCAROL')).toBe(true);
    expect(canManageAgent(member('UDAVE'), agent, 'UCAROL')).toBe(false);
  });

  it('lets an admin stand in only while there is no portfolio owner', () => {
    expect(canManageAgent(admin, agent, null)).toBe(true);
    expect(canManageAgent(admin, agent, 'UCAROL')).toBe(false);
    expect(canManageAgent(member('UDAVE'), agent, null)).toBe(false);
  });
});

describe('gateReviewers', () => {
  it('asks the portfolio owner and the leaders, once each', () => {
    expect(
      gateReviewers({
        claimantId: 'UALICE',
        ownerId: 'UALICE',
        portfolioOwnerId: 'UCAROL',
        leaders: ['UBOB', 'UCAROL'],
      }),
    ).toEqual(['UCAROL', 'UBOB']);
  });

  it('never asks the claimant or the agent owner, even when they lead', () => {
    expect(
      gateReviewers({
        claimantId: 'UCAROL',
        ownerId: 'UALICE',
        portfolioOwnerId: 'UCAROL',
        leaders: ['UALICE', 'UBOB'],
      }),
    ).toEqual(['UBOB']);
  });

  it('asks nobody when nobody is named', () => {
    expect(
      gateReviewers({ claimantId: 'UALICE', ownerId: 'UALICE', portfolioOwnerId: null, leaders: [] }),
    ).toEqual([]);
  });
});

describe('leadership', () => {
  it('is the named people plus the group members, each once', () => {
    expect(leadership(['UA', 'UB'], ['UB', 'UC'])).toEqual(['UA', 'UB', 'UC']);
    expect(leadership([], [])).toEqual([]);
  });
});

describe('reportingRole', () => {
  const agent = { ownerId: 'UOWNER' };
  it('lets the owner report, and the portfolio owner on their behalf, and nobody else', () => {
    expect(reportingRole('UOWNER', agent, 'UPO')).toBe('owner');
    expect(reportingRole('UPO', agent, 'UPO')).toBe('portfolio-owner');
    expect(reportingRole('UADMIN', agent, 'UPO')).toBeNull();
    expect(reportingRole('UADMIN', agent, null)).toBeNull();
  });
});

describe('canManageBacklog', () => {
  const admin = { userId: 'UADMIN', isAdmin: true };
  const owner = { userId: 'UPO', isAdmin: false };
  it('is the portfolio owner alone once one is named, admins included out', () => {
    expect(canManageBacklog(owner, 'UPO')).toBe(true);
    expect(canManageBacklog(admin, 'UPO')).toBe(false);
  });

  it('lets an admin stand in while no portfolio owner is named', () => {
    expect(canManageBacklog(admin, null)).toBe(true);
    expect(canManageBacklog(owner, null)).toBe(false);
  });
});
