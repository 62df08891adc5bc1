/** Raised when the environment holds a value the server refuses; its message names every bad variable. */
export class ConfigError extends Error {}

/**
 * Reads environment variables one by one, each with its rule, and collects every refusal so that
 * one start names all bad settings at once ({@link EnvReader.done} throws a {@link ConfigError}).
 * An unset or empty variable takes its default. Messages name the variable, the value and what is
 * allowed, e.g. `JOB_BATCH_SIZE="abc": allowed is a whole number from 1 to 10000`.
 */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The trimmed value, or undefined when unset or empty. */
  raw(name: string): string | undefined {
    const v = this.env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  }

  /** Records a refusal of `name`'s value (`shown` replaces the value in the message, e.g. to hide a password). */
  refuse(name: string, allowed: string, shown: string = this.env[name] ?? ''): void {
    this.problems.push(`${name}="${shown}": allowed is ${allowed}`);
  }

  /** A whole number in [min, max]. */
  int(name: string, fallback: number, min: number, max: number): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const n = /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      this.refuse(name, `a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }

  /** true/false (also 1/0, yes/no, on/off). */
  bool(name: string, fallback: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (/^(true|1|yes|on)$/i.test(v)) return true;
    if (/^(false|0|no|off)$/i.test(v)) return false;
    this.refuse(name, 'true or false');
    return fallback;
  }

  /** One of a fixed set of words. */
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    this.refuse(name, `one of ${allowed.join(', ')}`);
    return fallback;
  }

  /** Any text (untrimmed when `keepSpaces`, e.g. passwords). */
  str(name: string, keepSpaces = false): string | undefined {
    if (keepSpaces) return this.env[name] || undefined;
    return this.raw(name);
  }

  /** A URL whose scheme is one of `protocols` (e.g. `['postgres:', 'postgresql:']`). */
  url(name: string, protocols: string[]): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    try {
      if (protocols.includes(new URL(v).protocol)) return v;
    } catch {
      // refused below
    }
    // Never echo a password of a connection string.
    this.refuse(name, `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`, v.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@'));
    return undefined;
  }

  /** Throws one {@link ConfigError} listing every refused variable, if any. */
  done(): void {
    if (!this.problems.length) return;
    const list = this.problems.map((p) => `  ${p}`).join('\n');
    throw new ConfigError(`refusing to start: ${this.problems.length === 1 ? 'a setting is' : 'settings are'} not valid\n${list}`);
  }
}
