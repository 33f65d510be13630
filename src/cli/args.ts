/**
 * Minimal argument parsing for the CLI: positionals plus known flags. Unknown flags and bad values are
 * usage errors (exit code 2 with a one-line message), never silently ignored.
 */
export class UsageError extends Error {}

export interface FlagSpec {
  /** Flags that take a value (`--limit 5` or `--limit=5`). */
  values: readonly string[];
  /** Boolean flags. */
  booleans: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string>;
  booleans: Set<string>;
}

export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const out: ParsedArgs = { positionals: [], values: new Map(), booleans: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (spec.values.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      out.values.set(name, value);
    } else if (spec.booleans.includes(name) && eq < 0) {
      out.booleans.add(name);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return out;
}

export function parseLimit(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1000) {
    throw new UsageError(`--limit must be a whole number from 1 to 1000, got "${value}"`);
  }
  return Number(value);
}

/** The explicit `--lang`, or undefined (then src/core/knowledge/language.ts decides). */
export function parseLang(value: string | undefined): 'zh' | 'en' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'zh' && value !== 'en') throw new UsageError(`--lang must be zh or en, got "${value}"`);
  return value;
}
