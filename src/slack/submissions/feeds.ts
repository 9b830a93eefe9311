import type { App, ViewSubmitAction } from '@slack/bolt';
import type { FeedSettings } from '../../domain/feeds.js';
import type { ParseResult } from '../../domain/money.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { saveFeedSettings } from '../../usecases/feeds.js';
import { FEED_SETTINGS_BLOCKS, FEED_SETTINGS_CALLBACK_ID } from '../../views/feeds/settings.js';
import { textAnswer } from '../../views/kit.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { runsWorkspace } from '../roles.js';
import { guarded, notice, readSubmission, type ViewArgs } from './submission.js';

function parseNumber(input: string, min: number, max: number, whole: boolean): ParseResult<number> {
  const n = Number(input.replace(/%$/, '').trim());
  const ok =
    input.trim() !== '' && Number.isFinite(n) && n >= min && n <= max && (!whole || Number.isInteger(n));
  return ok
    ? { ok: true, value: n }
    : { ok: false, message: `Type ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}.` };
}

async function onFeedSettingsSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const w = ensureWorkspace(deps.db, s.teamId, deps.now());
  if (!(await runsWorkspace(client, deps, w.teamId, s.userId))) {
    await ack(
      notice('Feed alerts', 'Only workspace admins and the portfolio owner can change these settings.'),
    );
    return;
  }
  const margin = parseNumber(textAnswer(s.values, FEED_SETTINGS_BLOCKS.margin), 0.5, 100, false);
  const drop = parseNumber(textAnswer(s.values, FEED_SETTINGS_BLOCKS.drop), 1, 100, true);
  const silent = parseNumber(textAnswer(s.values, FEED_SETTINGS_BLOCKS.silent), 1, 20, true);
  if (!margin.ok || !drop.ok || !silent.ok) {
    const errors: Record<string, string> = {};
    if (!margin.ok) errors[FEED_SETTINGS_BLOCKS.margin] = margin.message;
    if (!drop.ok) errors[FEED_SETTINGS_BLOCKS.drop] = drop.message;
    if (!silent.ok) errors[FEED_SETTINGS_BLOCKS.silent] = silent.message;
    await ack({ response_action: 'errors', errors });
    return;
  }
  const settings: FeedSettings = {
    handoffMarginPoints: margin.value,
    volumeDropPercent: drop.value,
    silentBusinessDays: silent.value,
  };
  saveFeedSettings(deps.db, deps.now(), { teamId: w.teamId, actorId: s.userId, settings });
  await ack(
    notice(
      'Feed alerts',
      `Saved. An owner hears when hand-offs rise by more than ${settings.handoffMarginPoints} points, cases drop by more than ${settings.volumeDropPercent}%, or a feed is silent for ${settings.silentBusinessDays} business ${settings.silentBusinessDays === 1 ? 'day' : 'days'}.`,
    ),
  );
  await publishHome(client, deps, w.teamId, s.userId);
}

export function registerFeedViews(app: App, deps: AppDeps): void {
  app.view<ViewSubmitAction>(FEED_SETTINGS_CALLBACK_ID, guarded(deps, onFeedSettingsSubmitted));
}
