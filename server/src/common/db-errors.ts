/** How the database failed, read from a TypeORM/pg error (or its `driverError`). */
interface DriverErrorLike {
  code?: string;
  message?: string;
  query?: string;
  driverError?: DriverErrorLike;
}

/** Seconds a client should wait before retrying while the database is unavailable. */
export const DB_RETRY_AFTER_SECONDS = 5;

// SQLSTATE class 08 (connection exceptions) except 08P01 (protocol violation: a bug, not an outage).
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006', '08007']);
const UNAVAILABLE_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Connection is not established|server closed the connection|not queryable/i;

function parts(e: unknown): DriverErrorLike[] {
  if (!e || typeof e !== 'object') return [];
  const x = e as DriverErrorLike;
  return x.driverError ? [x, x.driverError] : [x];
}

/**
 * True when the error says the database cannot be reached or is restarting (refused or dropped
 * connections, admin shutdown, too many connections, pool timeouts, connection exceptions): the
 * request gets a 503 with `Retry-After`, not a 500.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  return parts(e).some((x) => {
    const code = typeof x.code === 'string' ? x.code : '';
    if (UNAVAILABLE_CODES.has(code)) return true;
    return typeof x.message === 'string' && UNAVAILABLE_MESSAGES.test(x.message);
  });
}

/**
 * A 400 message (catalogue key) when PostgreSQL refused the data itself (text it cannot store, a value too long
 * for an index or a column, input too complex); undefined for any other error.
 */
export function refusedDataMessage(e: unknown): 'db.badText' | 'db.tooLong' | 'db.tooLarge' | 'input.tooComplex' | 'db.badValue' | undefined {
  for (const x of parts(e)) {
    switch (x.code) {
      case '22021':
      case '22P05':
        return 'db.badText';
      case '22001':
        return 'db.tooLong';
      case '54000':
        return 'db.tooLarge';
      case '54001':
        return 'input.tooComplex';
      case '22P02':
      case '22007':
      case '22008':
      case '22003':
        return 'db.badValue';
    }
  }
  return undefined;
}

/**
 * The statement of a failed query in a short form for logs (`SELECT … FROM auth_session`): its
 * first words and the tables it names, never its parameters.
 */
export function statementShortForm(e: unknown): string | undefined {
  const q = parts(e).find((x) => typeof x.query === 'string')?.query;
  return q ? shortStatement(q) : undefined;
}

/** A statement shortened for a log line: the verb and the tables it names (at most 120 characters). */
export function shortStatement(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  const verb = /^(WITH|SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE|ALTER|DROP|LOCK|NOTIFY|LISTEN|BEGIN|COMMIT|ROLLBACK|SET|DO|EXPLAIN|PREPARE|EXECUTE|[A-Z_]+)/i.exec(flat)?.[0].toUpperCase() ?? '?';
  const tables = [...new Set([...flat.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+("?[a-z_][a-z0-9_]*"?)/gi)].map((m) => m[1]))];
  return `${verb}${tables.length ? ` ${tables.join(', ')}` : ''}`.slice(0, 120);
}

// PostgreSQL quotes the offending value in some messages: `invalid input syntax for type integer: "…"`,
// `invalid input value for enum …: "…"`, `malformed array literal: "…"`, `value "…" is out of range …`,
// `date/time field value out of range: "…"`, `Token "…" is invalid` (JSON), `Key (…)=(…) already exists`.
const QUOTED_VALUE = [
  /((?:for type|for enum|literal|out of range)[^":]*: )"(?:[^"\\]|\\.)*"/gi,
  /\b(value|Token) "(?:[^"\\]|\\.)*"/g,
  /\(((?:[^()]|\([^()]*\))*)\)=\((?:[^()]|\([^()]*\))*\)/g,
];

/**
 * A database error message for a log line: the values PostgreSQL quotes in it (a parameter of the
 * failed statement: a variable, a name, a profile field — personal data) replaced by `"…"`;
 * identifiers (constraint, column and type names) kept.
 */
export function redactValues(message: string): string {
  return message
    .replace(QUOTED_VALUE[0], '$1"…"')
    .replace(QUOTED_VALUE[1], '$1 "…"')
    .replace(QUOTED_VALUE[2], '($1)=(…)');
}
