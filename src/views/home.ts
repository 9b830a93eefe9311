import type { HomeView, KnownBlock } from '@slack/types';
import { capBlocks, context, divider, LIMITS } from './kit.js';

/** The Home tab: independent sections, separated by dividers, never past Slack's 100 blocks. */
export function homeView(sections: readonly (readonly KnownBlock[])[]): HomeView {
  const blocks = sections
    .filter((s) => s.length > 0)
    .flatMap((s, i) => (i === 0 ? [...s] : [divider(), ...s]));
  return {
    type: 'home',
    blocks: capBlocks(blocks, LIMITS.viewBlocks, (hidden) =>
      context([`${hidden} more blocks did not fit. \`/maturity agents\` lists every agent.`]),
    ),
  };
}
