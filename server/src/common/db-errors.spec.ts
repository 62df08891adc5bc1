import { redactValues, shortStatement } from './db-errors.js';

describe('database errors in log lines', () => {
  test.each([
    ['invalid input syntax for type integer: "Иванова Мария Петровна"', 'invalid input syntax for type integer: "…"'],
    ['invalid input syntax for type uuid: "a\\"b"', 'invalid input syntax for type uuid: "…"'],
    ['invalid input value for enum instance_state: "secret"', 'invalid input value for enum instance_state: "…"'],
    ['malformed array literal: "{Иванова"', 'malformed array literal: "…"'],
    ['date/time field value out of range: "2026-13-45"', 'date/time field value out of range: "…"'],
    ['value "99999999999" is out of range for type integer', 'value "…" is out of range for type integer'],
    ['Token "Иванова" is invalid.', 'Token "…" is invalid.'],
    ['Key (tenant_id, username)=(7f0c…, ivanova) already exists.', 'Key (tenant_id, username)=(…) already exists.'],
  ])('%s → the value is not in the line', (message, expected) => {
    expect(redactValues(message)).toBe(expected);
  });

  test('identifiers stay: constraints, relations, columns', () => {
    const m = 'duplicate key value violates unique constraint "user_task_pkey"';
    expect(redactValues(m)).toBe(m);
    expect(redactValues('relation "no_such_table" does not exist')).toBe('relation "no_such_table" does not exist');
    expect(redactValues('value too long for type character varying(300)')).toBe('value too long for type character varying(300)');
  });

  test('a statement in short form names its verb and tables, never its parameters', () => {
    expect(shortStatement(`UPDATE process_instance SET engine_state = $2 WHERE id = $1`)).toBe('UPDATE process_instance');
    expect(shortStatement(`INSERT INTO history_event (a) VALUES ('Иванова')`)).toBe('INSERT INTO history_event');
  });
});
