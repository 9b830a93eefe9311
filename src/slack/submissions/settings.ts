import type { App, ViewSubmitAction } from '@slack/bolt';
import { isValidZone } from '../../domain/calendar.js';
import { parseCurrencyCode, parseUserGroupId } from '../../domain/settings.js';
import { logEvent } from '../../logging.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { saveSettings } from '../../usecases/settings.js';
import { readSettings, SETTINGS_BLOCKS, SETTINGS_CALLBACK_ID } from '../../views/settings/form.js';
import { settingsRefusalText, settingsSavedModal } from '../../views/settings/messages.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { runsWorkspace, userGroupExists } from '../roles.js';
import { guarded, notice, readSubmission, type ViewArgs } from './submission.js';

async function onSettingsSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const workspace = ensureWorkspace(deps.db, s.teamId, deps.now());
  // Rights are checked again: they may have changed since the modal opened.
  if (!(await runsWorkspace(client, deps, s.teamId, s.userId))) {
    await ack(notice('Not saved', settingsRefusalText(workspace.portfolioOwnerId)));
    return;
  }
  const answers = readSettings(s.values);
  const errors: Record<string, string> = {};
  const currency = parseCurrencyCode(answers.currency);
  if (!currency.ok) errors[SETTINGS_BLOCKS.currency] = currency.message;
  if (answers.timeZone === null || !isValidZone(answers.timeZone))
    errors[SETTINGS_BLOCKS.timeZone] = 'Pick a time zone.';
  const group = parseUserGroupId(answers.leadershipGroup);
  if (!group.ok) errors[SETTINGS_BLOCKS.leadershipGroup] = group.message;
  else if (group.value !== null && !(await userGroupExists(client, deps, group.value))) {
    errors[SETTINGS_BLOCKS.leadershipGroup] =
      'Slack has no user group with that ID. Copy it again from the group profile.';
  }
  if (!currency.ok || !group.ok || answers.timeZone === null || Object.keys(errors).length > 0) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  const saved = saveSettings(deps.db, deps.now(), {
    teamId: s.teamId,
    actorId: s.userId,
    settings: {
      portfolioOwnerId: answers.portfolioOwnerId,
      leadershipGroupId: group.value,
      leadershipUserIds: answers.leadershipUserIds,
      reviewChannelId: answers.reviewChannelId,
      leadershipChannelId: answers.leadershipChannelId,
      timeZone: answers.timeZone,
      currency: currency.value,
    },
  });
  logEvent(
    deps.logger,
    'info',
    'settings.saved',
    { teamId: s.teamId, actorId: s.userId, timeZone: answers.timeZone, currency: currency.value },
    `Settings of ${s.teamId} saved by ${s.userId}`,
  );
  await ack({ response_action: 'update', view: settingsSavedModal(saved) });
  await publishHome(client, deps, s.teamId, s.userId);
}

export function registerSettingsViews(app: App, deps: AppDeps): void {
  app.view<ViewSubmitAction>(SETTINGS_CALLBACK_ID, guarded(deps, onSettingsSubmitted));
}
