import type { KnownBlock } from '@slack/types';

/** A message a ritual or a listener posts: the fallback text and the blocks. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}
