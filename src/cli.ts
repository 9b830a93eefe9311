#!/usr/bin/env -S node --max-semi-space-size=4
// The operator CLI as installed (`npx maturity <command>`): this process's arguments, environment (with `.env`)
// and signals, handed to runCli (src/cli/run.ts), which does the work.

import { runCli } from './cli/run.js';
import { loadEnv } from './config.js';

process.exitCode = await runCli(process.argv.slice(2), {
  env: loadEnv(),
  stdout: process.stdout,
  stderr: process.stderr,
  stopSignal: () => {
    // A stop (SIGTERM from a supervisor or `timeout`, Ctrl-C) lets the send under way finish and be recorded.
    // Every signal is caught, not just the first: a wrapper (npx, tsx) relays the one its group already got, and a
    // second default SIGTERM would kill the run before it says what it recorded.
    const stopping = new AbortController();
    const stop = () => stopping.abort();
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    return stopping.signal;
  },
});
