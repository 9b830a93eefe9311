import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvStringifier, openExport, toCsv } from '../../src/store/export.js';
import { testDatabase } from '../support/database.js';
import { seedAgent, seedWorkspace } from '../support/seed.js';

const TEAM = 'T0001';

async function streamed(values: Iterable<unknown[]>, columns: readonly string[]): Promise<string> {
  let text = '';
  await pipeline(Readable.from(values), csvStringifier(columns), async (csv: AsyncIterable<Buffer>) => {
    for await (const chunk of csv) text += chunk.toString();
  });
  return text;
}

describe('the streamed export', () => {
  let store: ReturnType<typeof testDatabase>;
  beforeEach(() => {
    store = testDatabase();
    seedWorkspace(store.db, { teamId: TEAM, createdAt: '2026-01-01T00:00:00Z' });
    seedWorkspace(store.db, { teamId: 'T0THER', createdAt: '2026-01-01T00:00:00Z' });
  });
  afterEach(() => store.close());

  it('writes each table exactly as the whole-table CSV did, quotes, line breaks, formulas and NULLs included', async () => {
    seedAgent(store.db, {
      teamId: TEAM,
      name: '=HYPERLINK("x")',
      ownerId: 'U1',
      metric: 'Hours, "saved"\nper week',
    });
    seedAgent(store.db, { teamId: TEAM, name: 'Plain', ownerId: 'U2', metric: '-1 scrap' });
    seedAgent(store.db, { teamId: 'T0THER', name: 'Not ours', ownerId: 'U3' });
    const data = openExport(store.db, TEAM);
    try {
      const agents = data.tables.find((t) => t.table === 'agents');
      if (!agents) throw new Error('no agents table');
      expect(agents.rowCount).toBe(2);
      const whole = toCsv(agents.columns, [...agents.rows()]);
      expect(whole).toContain('"\'=HYPERLINK(""x"")"');
      expect(whole).not.toContain('Not ours');
      expect(await streamed(agents.values(), agents.columns)).toBe(whole);
      // An empty table keeps its header, as before.
      const votes = data.tables.find((t) => t.table === 'votes');
      if (!votes) throw new Error('no votes table');
      expect(await streamed(votes.values(), votes.columns)).toBe(toCsv(votes.columns, []));
      expect(toCsv(votes.columns, [])).toBe(`${votes.columns.join(',')}\n`);
    } finally {
      data.close();
    }
  });

  it('reads a snapshot: rows the app writes while the export runs are not in it', () => {
    seedAgent(store.db, { teamId: TEAM, name: 'Before', ownerId: 'U1' });
    const data = openExport(store.db, TEAM);
    try {
      const agents = data.tables.find((t) => t.table === 'agents');
      const iterator = agents?.rows();
      const first = iterator?.next();
      // The app's own connection stays free to write while the export's cursor is open.
      seedAgent(store.db, { teamId: TEAM, name: 'After', ownerId: 'U2' });
      expect(first?.value).toMatchObject({ name: 'Before' });
      expect(iterator?.next().done).toBe(true);
      expect([...(agents?.rows() ?? [])].map((row) => row.name)).toEqual(['Before']);
    } finally {
      data.close();
    }
  });
});
