import { describe, expect, it } from 'vitest';
import { proposedZone, zoneOf } from '../../src/domain/workspace.js';

describe('zoneOf', () => {
  it('is the workspace zone once set, UTC until then', () => {
    expect(zoneOf({ timeZone: 'America/Chicago' })).toBe('America/Chicago');
    expect(zoneOf({ timeZone: null })).toBe('UTC');
  });
});

describe('proposedZone', () => {
  it("keeps the workspace's zone over the opener's", () => {
    expect(proposedZone({ timeZone: 'Europe/Berlin' }, 'America/Chicago')).toBe('Europe/Berlin');
  });

  it("offers the opener's Slack zone before the workspace has one, if it is a real zone", () => {
    expect(proposedZone({ timeZone: null }, 'America/Chicago')).toBe('America/Chicago');
    expect(proposedZone({ timeZone: null }, 'Mars/Olympus')).toBe('UTC');
    expect(proposedZone({ timeZone: null }, undefined)).toBe('UTC');
  });
});
