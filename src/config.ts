import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_RETENTION_DAYS } from './domain/feeds.js';

/**
 * The app's configuration, read from the environment once at boot. Nothing else reads process.env.
 * Each rule carries the sentence a newcomer needs to fix it: a wrong token kind otherwise makes
 * Bolt retry forever instead of failing.
 *
 * Three layers, so the operator CLI asks only for what a command uses: the database and logs
 * (`parseStoreConfig`: migrate, backup, export, rituals status), plus a Slack client
 * (`parseClientConfig`: rituals run), plus a way for Slack to reach the app (`parseConfig`: the bot).
 */
const HOW_TO_GET_TOKENS = 'Create the app from manifest.yml at https://api.slack.com/apps, then';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const LOG_FORMATS = ['json', 'pretty'] as const;

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

const proxyUrl = (example: string) =>
  optionalText.pipe(
    z.url({ protocol: /^https?$/, error: `must be a proxy URL such as ${example}.` }).optional(),
  );

const storeShape = {
  DATABASE_PATH: optionalText.pipe(z.string().default('db/maturity.db')),
  LOG_LEVEL: optionalText.pipe(
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}.` }).default('info'),
  ),
  LOG_FORMAT: optionalText.pipe(
    z
      .enum(LOG_FORMATS, {
        error:
          'must be json (one JSON object per line) or pretty (readable lines); unset, it is json when NODE_ENV=production.',
      })
      .optional(),
  ),
  NODE_ENV: optionalText,
};

const clientShape = {
  SLACK_BOT_TOKEN: z
    .string({
      error: `is missing. ${HOW_TO_GET_TOKENS} copy the Bot User OAuth Token (xoxb-...) from OAuth & Permissions.`,
    })
    .trim()
    .regex(/^xoxb-[\w-]+$/, {
      error: `must be a bot token starting with xoxb-. ${HOW_TO_GET_TOKENS} copy the Bot User OAuth Token from OAuth & Permissions.`,
    }),
  SLACK_API_URL: optionalText.pipe(
    z
      .url({ error: 'must be a URL such as https://slack.com/api/ (leave it unset for slack.com).' })
      .transform((url) => (url.endsWith('/') ? url : `${url}/`))
      .optional(),
  ),
  HTTPS_PROXY: proxyUrl('http://proxy.plant.example:3128'),
  HTTP_PROXY: proxyUrl('http://proxy.plant.example:3128'),
  NO_PROXY: optionalText,
  // The live feeds: the rituals prune and read them, the bot's intake serves them on PORT.
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
  PUBLIC_URL: optionalText.pipe(
    z
      .url({ error: 'must be the URL agents reach the app at, such as https://maturity.example.com.' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  ),
  FEED_RETENTION_DAYS: wholeNumber(7, 3650, DEFAULT_RETENTION_DAYS),
  FEED_RATE_LIMIT_PER_MINUTE: wholeNumber(1, 100_000, 120),
  FEED_MAX_BODY_KB: wholeNumber(1, 10_240, 256),
};

const serverShape = {
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
};

export type LogLevelName = (typeof LOG_LEVELS)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LogConfig {
  readonly level: LogLevelName;
  readonly format: LogFormat;
}

/** What every command needs: where the database is and how to log. */
export interface StoreConfig {
  /** Absolute, resolved against the folder the process started in (or `:memory:`). */
  readonly databasePath: string;
  readonly log: LogConfig;
}

/** Where outbound HTTPS to Slack goes; undefined fields mean straight to Slack. */
export interface ProxyConfig {
  readonly httpsProxy: string | undefined;
  readonly httpProxy: string | undefined;
  readonly noProxy: string | undefined;
}

/** What a process that calls Slack needs. */
export interface ClientConfig extends StoreConfig {
  readonly botToken: string;
  readonly slackApiUrl: string | undefined;
  readonly proxy: ProxyConfig;
  readonly feeds: FeedConfig;
}

export interface Config extends ClientConfig {
  readonly mode: { readonly kind: 'socket'; readonly appToken: string } | { readonly kind: 'http' };
  /** HTTP mode serves Slack, /healthz and /readyz here; Socket Mode serves only the health routes. */
  readonly port: number;
  /** Present in both modes: Socket Mode does not need it, but keeping it lets one app serve both. */
  readonly signingSecret: string | undefined;
}

export interface ConfigProblem {
  readonly variable: string;
  /** The sentence after the variable's name: what is wrong and how to fix it. */
  readonly problem: string;
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
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map((p) => `${p.variable} ${p.problem}`).join('\n'));
    this.name = 'ConfigError';
  }

  /** One line per problem, each naming its variable. */
  get lines(): string[] {
    return this.problems.map((p) => `${p.variable} ${p.problem}`);
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** The proxy variables are read in either case, as curl and most tools do. */
function withProxyAliases(env: Env): Env {
  return {
    ...env,
    HTTPS_PROXY: env.HTTPS_PROXY ?? env.https_proxy,
    HTTP_PROXY: env.HTTP_PROXY ?? env.http_proxy,
    NO_PROXY: env.NO_PROXY ?? env.no_proxy,
  };
}

/** Parses every field, so one run names every problem rather than the first. */
function parseShape<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: Env,
  extraProblems: readonly ConfigProblem[] = [],
): z.output<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(withProxyAliases(env));
  const problems = [
    ...(result.success
      ? []
      : result.error.issues.map((issue) => ({
          variable: String(issue.path[0] ?? 'configuration'),
          problem: issue.message,
        }))),
    ...extraProblems,
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

const isBlank = (value: string | undefined) => value === undefined || value.trim() === '';

function storeConfig(e: z.output<z.ZodObject<typeof storeShape>>): StoreConfig {
  return {
    databasePath: e.DATABASE_PATH === ':memory:' ? e.DATABASE_PATH : resolve(e.DATABASE_PATH),
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (e.NODE_ENV === 'production' ? 'json' : 'pretty') },
  };
}

function clientConfig(e: z.output<z.ZodObject<typeof storeShape & typeof clientShape>>): ClientConfig {
  return {
    ...storeConfig(e),
    botToken: e.SLACK_BOT_TOKEN,
    slackApiUrl: e.SLACK_API_URL,
    proxy: { httpsProxy: e.HTTPS_PROXY, httpProxy: e.HTTP_PROXY, noProxy: e.NO_PROXY },
    feeds: {
      publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
      retentionDays: e.FEED_RETENTION_DAYS,
      ratePerMinute: e.FEED_RATE_LIMIT_PER_MINUTE,
      maxBodyBytes: e.FEED_MAX_BODY_KB * 1024,
    },
  };
}

export interface ParseOptions {
  /** The level when LOG_LEVEL is unset: the CLI says less than the bot, its own output being the report. */
  readonly defaultLogLevel?: LogLevelName;
}

const withDefaultLevel = (env: Env, options: ParseOptions): Env =>
  isBlank(env.LOG_LEVEL) && options.defaultLogLevel ? { ...env, LOG_LEVEL: options.defaultLogLevel } : env;

export function parseStoreConfig(env: Env, options: ParseOptions = {}): StoreConfig {
  return storeConfig(parseShape(storeShape, withDefaultLevel(env, options)));
}

export function parseClientConfig(env: Env, options: ParseOptions = {}): ClientConfig {
  return clientConfig(parseShape({ ...storeShape, ...clientShape }, withDefaultLevel(env, options)));
}

export function parseConfig(env: Env): Config {
  // Which mode depends on two variables together; checked beside the schema so it is reported with
  // every other problem instead of only once they are all fixed.
  const noMode =
    isBlank(env.SLACK_APP_TOKEN) && isBlank(env.SLACK_SIGNING_SECRET)
      ? [
          {
            variable: 'SLACK_SIGNING_SECRET',
            problem:
              'is missing. Set SLACK_APP_TOKEN (xapp-...) for Socket Mode, or SLACK_SIGNING_SECRET (from Basic Information) for HTTP mode.',
          },
        ]
      : [];
  const e = parseShape({ ...storeShape, ...clientShape, ...serverShape }, env, noMode);
  return {
    ...clientConfig(e),
    mode: e.SLACK_APP_TOKEN ? { kind: 'socket', appToken: e.SLACK_APP_TOKEN } : { kind: 'http' },
    port: e.PORT,
    signingSecret: e.SLACK_SIGNING_SECRET,
  };
}

/** Reads `.env` (when present) into the environment without overriding what is already set. */
export function loadEnv(envFile = '.env'): Env {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return process.env;
}

/** How to log when the configuration itself could not be read: its own values where they parse. */
export function logConfigOrDefault(env: Env): LogConfig {
  try {
    return parseStoreConfig(env).log;
  } catch {
    return { level: 'info', format: env.NODE_ENV?.trim() === 'production' ? 'json' : 'pretty' };
  }
}
