import type { Command } from 'commander';

export interface CommonFlags {
  data?: string;
  databaseUrl?: string;
  config?: string;
}

/** --data, --database-url and --config, shared by every command that opens the store. */
export function commonFlags(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'data directory (default ./data; env ABGLEICH_DATA)')
    .option('--database-url <url>', 'postgres://… to use PostgreSQL instead of the embedded SQLite (env ABGLEICH_DATABASE_URL)')
    .option('--config <file>', 'JSON config file (default <data>/abgleich.json if present; env ABGLEICH_CONFIG)');
}

/** The entries of a comma-separated flag value, trimmed, empty ones dropped. */
export const commaList = (v: string): string[] => v.split(',').map((x) => x.trim()).filter(Boolean);
