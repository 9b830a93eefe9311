import type { App } from '@slack/bolt';
import { helpBlocks, helpText } from '../../views/help.js';
import { isSlackBusy } from '../deadline.js';
import type { AppDeps } from '../deps.js';
import { agentsCommand, registerCommand } from './agents.js';
import { backlogCommand } from './backlog.js';
import { awayCommand, calendarCommand } from './calendar.js';
import { exportCommand } from './export.js';
import { gateCommand } from './gate.js';
import { historyCommand, placeCommand } from './placement.js';
import { settingsCommand } from './settings.js';
import { summaryCommand } from './summary.js';
import type { CommandArgs, Subcommand } from './types.js';
import { reportCommand, reviewCommand, ritualsCommand } from './value-review.js';
import { votesCommand } from './votes.js';

export const COMMAND = '/maturity';

const helpCommand: Subcommand = {
  name: 'help',
  usage: '/maturity help',
  summary: 'this list.',
  async run({ ack }) {
    await ack({ response_type: 'ephemeral', text: helpText(SUBCOMMANDS), blocks: helpBlocks(SUBCOMMANDS) });
  },
};

/** Every subcommand, in the order help lists them. */
export const SUBCOMMANDS: readonly Subcommand[] = [
  placeCommand,
  historyCommand,
  agentsCommand,
  registerCommand,
  gateCommand,
  backlogCommand,
  summaryCommand,
  exportCommand,
  reportCommand,
  reviewCommand,
  ritualsCommand,
  votesCommand,
  awayCommand,
  settingsCommand,
  calendarCommand,
  helpCommand,
];

function route(text: string): { sub: Subcommand | undefined; name: string; rest: string } {
  const trimmed = text.trim();
  const [first = '', ...others] = trimmed.split(/\s+/);
  const name = first.toLowerCase();
  return { sub: SUBCOMMANDS.find((s) => s.name === name), name: first, rest: others.join(' ') };
}

export function registerCommands(app: App, deps: AppDeps): void {
  app.command(COMMAND, async (args: CommandArgs) => {
    const { sub, name, rest } = route(args.command.text ?? '');
    if (!sub) {
      // Unknown words still get an answer within Slack's 3 seconds: the help, naming what was not understood.
      await args.ack({
        response_type: 'ephemeral',
        text: helpText(SUBCOMMANDS),
        blocks: helpBlocks(SUBCOMMANDS, name),
      });
      return;
    }
    let acked = false;
    const ack: CommandArgs['ack'] = async (response) => {
      acked = true;
      await args.ack(response);
    };
    try {
      await sub.run({ ...args, ack }, deps, rest);
    } catch (error) {
      deps.logger.error(`${COMMAND} ${sub.name} failed`, error);
      const text = isSlackBusy(error)
        ? 'Slack is having trouble right now, so nothing was changed. Try again in a minute.'
        : 'Something went wrong on our side and nothing was changed. Try again in a minute.';
      if (!acked) await args.ack({ response_type: 'ephemeral', text });
      else await args.respond({ response_type: 'ephemeral', text }).catch(() => undefined);
    }
  });
}
