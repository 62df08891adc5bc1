import { AppLogger } from './app-logger.js';
import { runWithLogContext } from './log-context.js';

/** What `fn` writes to stdout. */
function captured(fn: () => void): string {
  const write = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    fn();
  } finally {
    process.stdout.write = write;
  }
  return out;
}

describe('the server logger', () => {
  test('LOG_FORMAT=json: one JSON object per line, with the request and job the line belongs to', () => {
    const logger = new AppLogger({ logLevel: 'log', logFormat: 'json', logColors: true });
    const out = captured(() => runWithLogContext({ requestId: 'req-1', jobId: 'job-9' }, () => logger.log('task completed', 'Tasks')));
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'log', message: 'task completed', context: 'Tasks', requestId: 'req-1', jobId: 'job-9' });
    expect(out).not.toContain('\u001b[');
  });

  test('text without a terminal: no colour codes; the request id is in the line', () => {
    const logger = new AppLogger({ logLevel: 'log', logFormat: 'text', logColors: false });
    const out = captured(() => runWithLogContext({ requestId: 'req-2' }, () => logger.warn('slow', 'Inbox')));
    expect(out).toContain('req=req-2');
    expect(out).toContain('slow');
    expect(out).not.toContain('\u001b[');
  });

  test('levels below LOG_LEVEL are not written', () => {
    const logger = new AppLogger({ logLevel: 'warn', logFormat: 'json', logColors: false });
    expect(captured(() => logger.log('quiet'))).toBe('');
  });
});
