import { createRequire } from 'node:module';
import pino from 'pino';
import { logFields } from './operations/request-context.js';

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** One readable line per entry (pino-pretty) instead of JSON: for a person at a terminal. */
  pretty?: boolean;
  /** Where JSON lines go (default stdout): tests read them. */
  destination?: pino.DestinationStream;
}

export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const base = { service: 'meeting-messaging' };
  // The request or connection id, operation and trace id of whatever is being handled.
  const mixin = logFields;
  if (options.pretty && prettyPrinterInstalled()) {
    return pino({
      level,
      base,
      mixin,
      transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } },
    });
  }
  return options.destination ? pino({ level, base, mixin }, options.destination) : pino({ level, base, mixin });
}

/** pino-pretty is a devDependency: an install without them (`npm ci --omit=dev`) logs JSON. */
function prettyPrinterInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}
