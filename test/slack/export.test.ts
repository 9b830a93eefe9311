import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { auditTrail } from '../../src/store/audit.js';
import { neutraliseFormula } from '../../src/store/export.js';
import { ensureWorkspace } from '../../src/store/workspaces.js';
import { addCandidate } from '../../src/usecases/backlog.js';
import { TEAM_ID, type TestApp } from '../support/app.js';
import { fillView } from '../support/read-view.js';
import { modalOpened, nameRoles, PEOPLE, registerAgent, withPeopleEachTest } from './registry-fixtures.js';

const NOW = '2026-11-24T15:00:00Z';
const FORMULA = '=HYPERLINK("http://evil.example","open me")';

describe('/maturity export, end to end', () => {
  let app: TestApp;
  withPeopleEachTest(NOW, (started) => {
    app = started;
  });

  async function records() {
    await nameRoles(app);
    await registerAgent(app, {
      'Agent name': 'Order entry',
      'Dollar metric': '-hours saved x rate',
    });
    app.fake.clear();
    await app.command('backlog add', PEOPLE.member);
    const view = await modalOpened(app, 'backlog_candidate_add');
    await app.submit(
      view,
      fillView(view, {
        'Which process': FORMULA,
        'Yearly dollars at stake': '50,000',
        'How feasible': '3 · Possible',
        'Which system of record': 'CRM',
      }),
      PEOPLE.member,
    );
    // Another workspace's records must never leave with this one's.
    ensureWorkspace(app.bot.db, 'T0THER', new Date(NOW));
    addCandidate(app.bot.db, new Date(NOW), {
      teamId: 'T0THER',
      process: 'Someone else’s secret process',
      yearlyDollarsCents: 100,
      feasibility: 1,
      systemOfRecord: 'ERP',
      systemName: null,
      proposedBy: 'UOTHER',
      sourceViewId: 'VOTHER',
    });
  }

  /** The file the app shared in `user`'s DM, once the upload has completed. */
  async function sharedWith(user: string) {
    const dm = app.fake.dmChannel(user);
    const deadline = Date.now() + 5000;
    for (;;) {
      const file = app.fake.uploadedFiles().find((f) => f.channel_id === dm);
      if (file) return file;
      if (Date.now() > deadline) throw new Error(`Nothing was shared with ${user}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('sends the portfolio owner a zip with one CSV per table, formulas neutralised, parsed back by csv-parse', async () => {
    await records();
    app.fake.clear();
    const res = await app.command('export', PEOPLE.portfolioOwner);
    expect(res.ms).toBeLessThan(3000);
    expect((res.json() as { text: string }).text).toContain('a zip of CSV files');

    const file = await sharedWith(PEOPLE.portfolioOwner);
    expect(file.filename).toBe(`maturity-export-${TEAM_ID}-2026-11-24.zip`);
    const files = unzipSync(new Uint8Array(file.bytes));
    for (const name of [
      'README.txt',
      'placements.csv',
      'agents.csv',
      'gate_reviews.csv',
      'gate_bar_claims.csv',
      'monthly_reports.csv',
      'report_corrections.csv',
      'vote_rounds.csv',
      'votes.csv',
      'vote_outcomes.csv',
      'backlog_candidates.csv',
      'audit_log.csv',
      'crosswalk.csv',
    ]) {
      expect(Object.keys(files), name).toContain(name);
    }
    const csv = (name: string) =>
      parse(strFromU8(files[name] ?? new Uint8Array()), { columns: true }) as Record<string, string>[];

    const candidates = csv('backlog_candidates.csv');
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toMatchObject({
      process: `'${FORMULA}`,
      yearly_dollars_cents: '5000000',
      feasibility: '3',
      team_id: TEAM_ID,
    });
    expect(csv('agents.csv')[0]).toMatchObject({
      name: 'Order entry',
      metric: "'-hours saved x rate",
      monthly_target_cents: '1250000',
    });
    // Empty tables keep their header, so an auditor sees what would be there.
    expect(strFromU8(files['votes.csv'] ?? new Uint8Array()).trim()).toBe(
      'id,team_id,ballot_id,voter_id,choice,cast_at,changed_at',
    );
    expect(csv('audit_log.csv').map((row) => row.entity)).toEqual(
      expect.arrayContaining(['agent', 'backlog_candidate', 'workspace']),
    );

    const crosswalk = csv('crosswalk.csv');
    expect(crosswalk.map((row) => row.iso_42001_phase)).toEqual([
      'Plan',
      'Do',
      'Do',
      'Check',
      'Check',
      'Act',
    ]);
    expect(crosswalk[1]).toMatchObject({
      ritual: 'Agent registry',
      nist_ai_rmf_functions: 'Map',
      fact: 'Do: 1 agent registered, the latest on 2026-11-24',
      last_evidence_on: '2026-11-24',
    });
    expect(crosswalk[3]?.fact).toBe('Check: none yet, no value review posted');
    expect(crosswalk[4]).toMatchObject({
      ritual: 'Live feeds',
      nist_ai_rmf_functions: 'Measure, Manage',
      fact: 'Check: none yet, no agent sends a live feed',
    });
    expect(strFromU8(files['README.txt'] ?? new Uint8Array())).toContain('not a certification');

    const everything = Object.values(files)
      .map((bytes) => strFromU8(bytes))
      .join('\n');
    expect(everything).not.toContain('T0THER');
    expect(everything).not.toContain('secret process');
    // The app records the export once Slack has answered the upload, a moment after the fake holds the file.
    await vi.waitFor(() =>
      expect(auditTrail(app.bot.db, TEAM_ID, 'export', TEAM_ID)).toMatchObject([
        { actorId: PEOPLE.portfolioOwner, action: 'csv' },
      ]),
    );
  });

  it('sends an admin the same records as JSON', async () => {
    await records();
    app.fake.clear();
    await app.command('export json', PEOPLE.admin);
    const file = await sharedWith(PEOPLE.admin);
    expect(file.filename).toBe(`maturity-export-${TEAM_ID}-2026-11-24.json`);
    const document = JSON.parse(file.bytes.toString('utf8')) as {
      teamId: string;
      tables: Record<string, Record<string, unknown>[]>;
      crosswalk: { lines: { ritual: string }[] };
    };
    expect(document.teamId).toBe(TEAM_ID);
    expect(document.tables.agents?.map((a) => a.name)).toEqual(['Order entry']);
    // JSON is not opened by a spreadsheet: it keeps the text exactly as typed.
    expect(document.tables.backlog_candidates?.[0]?.process).toBe(FORMULA);
    expect(document.crosswalk.lines).toHaveLength(6);
  });

  it('names the two formats when asked for another, and sends nothing', async () => {
    await nameRoles(app);
    const res = await app.command('export xml', PEOPLE.portfolioOwner);
    expect((res.json() as { text: string }).text).toBe(
      'The export comes as CSV files (`/maturity export`) or as JSON (`/maturity export json`), not as "xml". Nothing was sent.',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(app.fake.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('refuses everyone else, saying who can, and shares nothing', async () => {
    await nameRoles(app);
    for (const user of [PEOPLE.member, PEOPLE.owner, PEOPLE.leader]) {
      const res = await app.command('export', user);
      expect((res.json() as { text: string }).text).toBe(
        `Only the portfolio owner, <@${PEOPLE.portfolioOwner}>, or a workspace admin can export the records. Ask one of them for a copy.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(app.fake.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('neutralises every formula trigger and nothing else', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(neutraliseFormula)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
    ]);
    expect(['Order entry', 'a=b', '', '1-2'].map(neutraliseFormula)).toEqual([
      'Order entry',
      'a=b',
      '',
      '1-2',
    ]);
  });
});
