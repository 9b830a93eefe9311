import { existsSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_RETENTION_DAYS } from './domain/feeds.js';

/**
 * The app's configuration, read from the environment once at boot. Nothing else reads process.env.
 * Each rule carries the sentence a newcomer needs to fix it: a wrong token kind otherwise makes
 * Bolt retry forever instead of failing.
 */
const HOW_TO_GET_TOKENS = 'Create the app from manifest.yml at https://api.slack.com/apps, then';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** A whole number in a range, with a default when unset. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, { error: `must be a whole number from ${min} to ${max}.` })
      .transform(Number)
      .pipe(
        z
          .number()
          .min(min, { error: `must be a whole number from ${min} to ${max}.` })
          .max(max, { error: `must be a whole number from ${min} to ${max}.` }),
      )
      .default(fallback),
  );

const schema = z
  .object({
    SLACK_BOT_TOKEN: z
      .string({
        error: `is missing. ${HOW_TO_GET_TOKENS} copy the Bot User OAuth Token (xoxb-...) from OAuth & Permissions.`,
      })
      .trim()
      .regex(/^xoxb-[\w-]+$/, {
        error: `must be a bot token starting with xoxb-. ${HOW_TO_GET_TOKENS} copy the Bot User OAuth Token from OAuth & Permissions.`,
      }),
    SLACK_APP_TOKEN: optionalText.pipe(
      z
        .string()
        .regex(/^xapp-[\w-]+$/, {
          error: `must be an app-level token starting with xapp-. In the app's Basic Information, under App-Level Tokens, generate one with the connections:write scope (or unset it to run in HTTP mode).`,
        })
        .optional(),
    ),
    SLACK_SIGNING_SECRET: optionalText.pipe(
      z
        .string()
        .regex(/^[0-9a-f]{32}$/i, {
          error: "must be the 32-character Signing Secret from the app's Basic Information page.",
        })
        .optional(),
    ),
    SLACK_API_URL: optionalText.pipe(
      z
        .url({ error: 'must be a URL such as https://slack.com/api/ (leave it unset for slack.com).' })
        .transform((url) => (url.endsWith('/') ? url : `${url}/`))
        .optional(),
    ),
    PORT: optionalText.pipe(
      z
        .string()
        .regex(/^\d{1,5}$/, { error: 'must be a port number between 1 and 65535 (0 picks any free port).' })
        .transform(Number)
        .pipe(
          z
            .number()
            .max(65535, { error: 'must be a port number between 1 and 65535 (0 picks any free port).' }),
        )
        .default(3000),
    ),
    DATABASE_PATH: optionalText.pipe(z.string().default('db/maturity.db')),
    LOG_LEVEL: optionalText.pipe(
      z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}.` }).default('info'),
    ),
    PUBLIC_URL: optionalText.pipe(
      z
        .url({ error: 'must be the URL agents reach the app at, such as https://maturity.example.com.' })
        .transform((url) => url.replace(/\/+$/, ''))
        .optional(),
    ),
    FEED_RETENTION_DAYS: wholeNumber(7, 3650, DEFAULT_RETENTION_DAYS),
    FEED_RATE_LIMIT_PER_MINUTE: wholeNumber(1, 100_000, 120),
    FEED_MAX_BODY_KB: wholeNumber(1, 10_240, 256),
  })
  .superRefine((env, ctx) => {
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message:
          'is missing. Set SLACK_APP_TOKEN (xapp-...) for Socket Mode, or SLACK_SIGNING_SECRET (from Basic Information) for HTTP mode.',
      });
    }
  });

export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly botToken: string;
  readonly mode: { readonly kind: 'socket'; readonly appToken: string } | { readonly kind: 'http' };
  /** HTTP mode serves Slack and /healthz here; Socket Mode serves only /healthz. */
  readonly port: number;
  /** Present in both modes: Socket Mode does not need it, but keeping it lets one app serve both. */
  readonly signingSecret: string | undefined;
  readonly slackApiUrl: string | undefined;
  readonly databasePath: string;
  readonly logLevel: LogLevelName;
  readonly feeds: FeedConfig;
}

/** The live-feed intake's limits, set by the operator. */
export interface FeedConfig {
  /** Where agents send observations; shown in the example request. */
  readonly publicUrl: string;
  /** Days of raw observations kept before only the daily totals remain. */
  readonly retentionDays: number;
  /** Requests per token per minute. */
  readonly ratePerMinute: number;
  readonly maxBodyBytes: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`maturity-bot cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${String(issue.path[0] ?? 'configuration')} ${issue.message}`,
    );
    throw new ConfigError(problems);
  }
  const e = result.data;
  return {
    botToken: e.SLACK_BOT_TOKEN,
    mode: e.SLACK_APP_TOKEN ? { kind: 'socket', appToken: e.SLACK_APP_TOKEN } : { kind: 'http' },
    port: e.PORT,
    signingSecret: e.SLACK_SIGNING_SECRET,
    slackApiUrl: e.SLACK_API_URL,
    databasePath: e.DATABASE_PATH,
    logLevel: e.LOG_LEVEL,
    feeds: {
      publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
      retentionDays: e.FEED_RETENTION_DAYS,
      ratePerMinute: e.FEED_RATE_LIMIT_PER_MINUTE,
      maxBodyBytes: e.FEED_MAX_BODY_KB * 1024,
    },
  };
}

/** Reads `.env` (when present) into the environment without overriding what is already set, then parses. */
export function loadConfig(envFile = '.env'): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env);
}
