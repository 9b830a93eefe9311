import { inspect } from 'node:util';
import { type Logger, LogLevel } from '@slack/bolt';
import { pino } from 'pino';
import pretty from 'pino-pretty';
import type { LogConfig, LogLevelName } from './config.js';

/**
 * One logger for the whole process, pino underneath and Bolt's Logger interface on top, so Bolt, its
 * Web API client and its Socket Mode client write the same lines as our code. `LOG_FORMAT=json` writes one
 * JSON object per line with an ISO `time` (for journald, Loki, CloudWatch...); `pretty` writes readable lines.
 *
 * Structured fields: pass an object first, then the message, as pino does:
 * `logger.info({ event: 'gate.confirmed', teamId, agentId }, 'Gate review confirmed')` (see `logEvent`).
 */

const BOLT_LEVELS: Readonly<Record<LogLevelName, LogLevel>> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

const FROM_BOLT: Readonly<Record<LogLevel, LogLevelName>> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

export const boltLevel = (level: LogLevelName): LogLevel => BOLT_LEVELS[level];

/** Tokens Slack issues: bot, user, app-level, refresh, config... */
const SLACK_TOKEN = /\bx(?:ox[a-z]|app)-[\w-]+/g;
/** `<@U123>`, `<!here>`, `<#C1|name>`: a log line quoting Slack text must not read (or paste) as a mention. */
const SLACK_MENTION = /<([@!#])([^>|]+)(?:\|[^>]*)?>/g;

/** Removes every secret from a serialized line, whatever code (ours, Bolt's, a dependency's) produced it. */
export function scrubber(secrets: readonly (string | undefined)[]): (line: string) => string {
  const exact = secrets.filter((s): s is string => s !== undefined && s.length >= 8);
  return (line) => {
    let out = line.replace(SLACK_TOKEN, '[redacted]').replace(SLACK_MENTION, '$1$2');
    for (const secret of exact) out = out.split(secret).join('[redacted]');
    return out;
  };
}

export interface LoggerOptions {
  /** The bot logs to stdout; the CLI to stderr, keeping stdout for the command's own output. */
  readonly to: NodeJS.WritableStream;
  /** Values never to write (the configured tokens and signing secret), on top of anything shaped like a token. */
  readonly secrets?: readonly (string | undefined)[];
}

function messageOf(parts: readonly unknown[]): { fields: Record<string, unknown>; msg: string } {
  const fields: Record<string, unknown> = {};
  const words: string[] = [];
  for (const part of parts) {
    if (part instanceof Error && fields.err === undefined) fields.err = part;
    else if (typeof part === 'string') words.push(part);
    else words.push(inspect(part, { depth: 4, breakLength: Number.POSITIVE_INFINITY }));
  }
  return { fields, msg: words.join(' ') };
}

const isFields = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !(value instanceof Error) && !Array.isArray(value);

/** Adapts pino to Bolt's Logger: strings become the message, an Error its `err`, a leading object its fields. */
function boltLogger(base: pino.Logger): Logger {
  const at =
    (level: LogLevelName) =>
    (...parts: unknown[]): void => {
      if (!base.isLevelEnabled(level)) return;
      const [first, ...rest] = parts;
      const leading = isFields(first) ? first : {};
      const { fields, msg } = messageOf(isFields(first) ? rest : parts);
      base[level]({ ...leading, ...fields }, msg);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (level) => {
      base.level = FROM_BOLT[level];
    },
    getLevel: () => BOLT_LEVELS[base.level as LogLevelName] ?? LogLevel.INFO,
    // Bolt shares one logger between the app, its Web API client and its socket client, and each renames
    // it on creation: a name would be wrong for two of the three, so lines are not named.
    setName: () => undefined,
  };
}

export function createLogger(config: LogConfig, options: LoggerOptions): Logger {
  const scrub = scrubber(options.secrets ?? []);
  const out =
    config.format === 'json'
      ? options.to
      : pretty({
          destination: options.to,
          sync: true,
          colorize: 'isTTY' in options.to && options.to.isTTY === true,
          translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
          ignore: 'pid,hostname',
          singleLine: true,
        });
  const base = pino(
    {
      level: config.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names read better than pino's numbers in JSON; pino-pretty wants the numbers.
      ...(config.format === 'json' ? { formatters: { level: (label: string) => ({ level: label }) } } : {}),
    },
    { write: (line: string) => out.write(scrub(line)) },
  );
  return boltLogger(base);
}

type FieldValue = string | number | boolean | null | undefined;

/**
 * One structured line: `event` names what happened (`ritual.step`, `gate.confirmed`, `vote.closed`...), the
 * fields say to whom and where. Ids only: people's words stay out of the logs.
 */
export function logEvent(
  logger: Logger,
  level: 'info' | 'warn' | 'error',
  event: string,
  fields: Readonly<Record<string, FieldValue>>,
  message: string,
): void {
  logger[level]({ event, ...fields }, message);
}
