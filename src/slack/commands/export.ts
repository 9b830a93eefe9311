import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { strToU8, Zip, ZipDeflate } from 'fflate';
import { dmChannelOf } from '../../charts/upload.js';
import type { CrosswalkLine } from '../../domain/crosswalk.js';
import { canChangeSettings } from '../../domain/roles.js';
import { type Workspace, zoneOf } from '../../domain/workspace.js';
import { recordAudit } from '../../store/audit.js';
import {
  csvStringifier,
  type ExportTable,
  jsonDocument,
  openExport,
  toCsv,
  type WorkspaceExport,
} from '../../store/export.js';
import { crosswalkEvidence } from '../../store/governance.js';
import { toIso } from '../../store/time.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { CROSSWALK_NOTE, crosswalkLines, isoDay } from '../../views/governance.js';
import { escapeMrkdwn, mention } from '../../views/mrkdwn.js';
import { personOf } from '../roles.js';
import type { Subcommand } from './types.js';

export const EXPORT_ENTITY = 'export';
/**
 * The longest the export holds the event loop before giving it a turn. Reading and deflating a long history
 * takes seconds of CPU; in slices this short, a slash command arriving meanwhile is still acknowledged at once.
 */
const SLICE_MS = 10;

/** Gives the event loop a turn whenever the work has held it for SLICE_MS since the last one. */
function turnTaker(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < SLICE_MS) return;
    await yieldToEventLoop();
    since = performance.now();
  };
}

const CROSSWALK_COLUMNS = ['ritual', 'nist_ai_rmf_functions', 'iso_42001_phase', 'fact', 'last_evidence_on'];

function crosswalkRows(lines: readonly CrosswalkLine[], zone: string): Record<string, unknown>[] {
  return lines.map((line) => ({
    ritual: line.ritual,
    nist_ai_rmf_functions: line.nist.join(', '),
    iso_42001_phase: line.pdca,
    fact: line.fact,
    last_evidence_on: line.lastAt ? isoDay(line.lastAt, zone) : null,
  }));
}

export interface ExportBundle {
  readonly filename: string;
  readonly bytes: Buffer;
  readonly tables: readonly ExportTable[];
}

function readme(w: Workspace, at: Date, data: WorkspaceExport): string {
  return [
    `Maturity bot export for Slack workspace ${w.teamId}, taken ${toIso(at)}.`,
    'One CSV file per table, with a header row. Times are ISO-8601 UTC; money is in integer cents.',
    'A text cell that began with = + - or @ starts with an apostrophe here, so a spreadsheet shows it instead of running it.',
    `crosswalk.csv: ${CROSSWALK_NOTE}`,
    '',
    ...data.tables.map((t) => `${t.table}.csv: ${t.rowCount} row${t.rowCount === 1 ? '' : 's'}`),
    // Named so nobody takes the export for complete when a table could not be tied to a workspace.
    ...data.unscoped.map((table) => `${table}: left out, it has no team_id and no parent with one`),
    '',
  ].join('\n');
}

/**
 * A zip written file by file as its contents stream in: each table's CSV goes through the deflater a chunk at
 * a time, so only the compressed zip is ever held whole, never a table's rows or its text.
 */
class StreamedZip {
  private readonly chunks: Uint8Array[] = [];
  private readonly zip: Zip;
  private readonly done: Promise<Buffer>;

  constructor() {
    let finish: (zip: Buffer) => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    this.done = new Promise<Buffer>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    this.zip = new Zip((error, chunk, final) => {
      if (error) fail(error);
      else {
        this.chunks.push(chunk);
        if (final) finish(Buffer.concat(this.chunks));
      }
    });
  }

  addText(name: string, text: string): void {
    const file = new ZipDeflate(name);
    this.zip.add(file);
    file.push(strToU8(text), true);
  }

  async addCsv(name: string, table: ExportTable, turn: () => Promise<void>): Promise<void> {
    const file = new ZipDeflate(name);
    this.zip.add(file);
    await pipeline(
      Readable.from(table.values()),
      csvStringifier(table.columns),
      async (csv: AsyncIterable<Buffer>) => {
        for await (const chunk of csv) {
          file.push(chunk);
          // Streams hand chunks on in microtasks, which never let the event loop turn: take turns,
          // so requests keep being acknowledged while a long history is zipped.
          await turn();
        }
      },
    );
    file.push(new Uint8Array(0), true);
  }

  end(): Promise<Buffer> {
    this.zip.end();
    return this.done;
  }
}

/** Every table of the workspace and the crosswalk, as CSV files in one zip, or as one JSON document. */
export async function buildExport(p: {
  workspace: Workspace;
  data: WorkspaceExport;
  crosswalk: readonly CrosswalkLine[];
  at: Date;
  format: 'csv' | 'json';
}): Promise<ExportBundle> {
  const zone = zoneOf(p.workspace);
  const stamp = `${p.workspace.teamId}-${isoDay(p.at, zone)}`;
  const turn = turnTaker();
  if (p.format === 'json') {
    // Read a row at a time in slices of the event loop, like the CSV; only the file's bytes are held whole.
    const bytes: Buffer[] = [];
    for (const text of jsonDocument({ exportedAt: toIso(p.at), teamId: p.workspace.teamId }, p.data.tables, {
      crosswalk: { note: CROSSWALK_NOTE, lines: crosswalkRows(p.crosswalk, zone) },
    })) {
      bytes.push(Buffer.from(text));
      await turn();
    }
    return {
      filename: `maturity-export-${stamp}.json`,
      bytes: Buffer.concat(bytes),
      tables: p.data.tables,
    };
  }
  const zip = new StreamedZip();
  zip.addText('README.txt', readme(p.workspace, p.at, p.data));
  for (const table of p.data.tables) await zip.addCsv(`${table.table}.csv`, table, turn);
  zip.addText('crosswalk.csv', toCsv(CROSSWALK_COLUMNS, crosswalkRows(p.crosswalk, zone)));
  return {
    filename: `maturity-export-${stamp}.zip`,
    bytes: await zip.end(),
    tables: p.data.tables,
  };
}

function refusal(w: Workspace): string {
  const owner = w.portfolioOwnerId
    ? `the portfolio owner, ${mention(w.portfolioOwnerId)}, or `
    : 'the portfolio owner or ';
  return `Only ${owner}a workspace admin can export the records. Ask one of them for a copy.`;
}

export const exportCommand: Subcommand = {
  name: 'export',
  usage: '/maturity export [json]',
  summary:
    'every record of this workspace (placements, agents, gate reviews, monthly reports, votes, backlog, audit log) and the framework crosswalk, sent to your DM as CSV files in a zip, or as JSON. Portfolio owner and admins.',
  async run({ ack, client, command, respond }, deps, rest) {
    const w = ensureWorkspace(deps.db, command.team_id, deps.now());
    if (!canChangeSettings(await personOf(client, deps, command.user_id), w.portfolioOwnerId)) {
      await ack({ response_type: 'ephemeral', text: refusal(w) });
      return;
    }
    const asked = rest.trim().toLowerCase();
    const format = asked === 'json' ? 'json' : asked === '' || asked === 'csv' ? 'csv' : null;
    if (format === null) {
      await ack({
        response_type: 'ephemeral',
        text: `The export comes as CSV files (\`/maturity export\`) or as JSON (\`/maturity export json\`), not as "${escapeMrkdwn(rest.trim())}". Nothing was sent.`,
      });
      return;
    }
    const kind = format === 'json' ? 'a JSON file' : 'a zip of CSV files, one per table';
    await ack({
      response_type: 'ephemeral',
      text: `Preparing the export as ${kind}. It will be in your DM with the app in a moment.`,
    });
    const at = deps.now();
    const data = openExport(deps.db, w.teamId);
    try {
      const bundle = await buildExport({
        workspace: w,
        data,
        crosswalk: crosswalkLines(crosswalkEvidence(deps.db, w.teamId), zoneOf(w)),
        at,
        format,
      }).finally(() => data.close());
      const rows = bundle.tables.reduce((sum, t) => sum + t.rowCount, 0);
      await client.filesUploadV2({
        channel_id: await dmChannelOf(client, command.user_id),
        file: bundle.bytes,
        filename: bundle.filename,
        title: `Maturity records, ${isoDay(at, zoneOf(w))}`,
        initial_comment: `The export you asked for: ${bundle.tables.length} tables, ${rows} rows, and the framework crosswalk.`,
      });
      // Who took a copy of the records, and when, is itself a record.
      recordAudit(deps.db, {
        teamId: w.teamId,
        actorId: command.user_id,
        entity: EXPORT_ENTITY,
        entityId: w.teamId,
        action: format,
        after: { filename: bundle.filename, tables: bundle.tables.length, rows },
        at,
      });
    } catch (error) {
      deps.logger.error('Export not sent', error);
      await respond({
        response_type: 'ephemeral',
        text: 'The export could not be sent just now; nothing was shared. Try again in a minute.',
      });
    }
  },
};
