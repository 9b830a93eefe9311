import type { FilesUploadV2Arguments, WebClient } from '@slack/web-api';
import type { Chart } from './portfolio.js';

/** files.uploadV2 arguments that share a chart in a channel, or in a thread under a message there. */
export function chartUploadArgs(
  chart: Chart,
  to: { channelId: string; threadTs?: string; comment?: string },
): FilesUploadV2Arguments {
  const file = {
    channel_id: to.channelId,
    ...(to.comment ? { initial_comment: to.comment } : {}),
    file: chart.png,
    filename: chart.filename,
    title: chart.title,
    alt_text: chart.altText,
  };
  // Slack's types tell a thread upload from a channel one by whether thread_ts is there at all.
  return to.threadTs ? { ...file, thread_ts: to.threadTs } : file;
}

/** The DM channel between the app and a person: files are shared in channels, and a user id is not one. */
export async function dmChannelOf(client: WebClient, userId: string): Promise<string> {
  const opened = await client.conversations.open({ users: userId });
  const channelId = opened.channel?.id;
  if (!channelId) throw new Error(`Slack opened no DM with ${userId}`);
  return channelId;
}
