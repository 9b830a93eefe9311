import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../deps.js';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** One `/maturity <name>` subcommand: what help shows, and what runs. The handler must ack. */
export interface Subcommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly run: (args: CommandArgs, deps: AppDeps, rest: string) => Promise<void>;
}
