import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { SUMMARY_POST_ACTION_ID } from '../../views/summary/detail.js';
import { summaryChannelModal } from '../../views/summary/form.js';
import type { AppDeps } from '../deps.js';

const clickBody = z.object({ trigger_id: z.string().min(1) });

export function registerSummaryActions(app: App, _deps: AppDeps): void {
  app.action<BlockAction>(
    SUMMARY_POST_ACTION_ID,
    async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
      await ack();
      const { trigger_id } = clickBody.parse(body);
      await client.views.open({ trigger_id, view: summaryChannelModal() });
    },
  );
}
