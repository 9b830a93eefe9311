// How a gate claim's evidence reads wherever it is quoted.

import { escapeMrkdwn } from '../mrkdwn.js';

export const quoted = (evidence: string): string =>
  evidence === '' ? 'no evidence given' : `"${escapeMrkdwn(evidence)}"`;
