import { AppLogger } from './app-logger.js';
import { noteLogInstance, runWithLogContext } from './log-context.js';

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

  test('the instances the request worked on (the first three) are named in the lines logged after them', () => {
    const json = new AppLogger({ logLevel: 'log', logFormat: 'json', logColors: false });
    const text = new AppLogger({ logLevel: 'log', logFormat: 'text', logColors: false });
    const out = captured(() => runWithLogContext({ requestId: 'req-3' }, () => {
      json.log('before');
      for (const id of ['i-1', 'i-2', 'i-1', 'i-3', 'i-4']) noteLogInstance(id);
      json.log('failed', 'Api');
      text.log('failed', 'Api');
    }));
    const lines = out.trim().split('\n');
    const [before, after] = lines.slice(0, 2).map((l) => JSON.parse(l));
    expect(before.instanceIds).toBeUndefined();
    expect(after).toMatchObject({ requestId: 'req-3', instanceIds: ['i-1', 'i-2', 'i-3'] });
    expect(lines[2]).toContain('req=req-3 inst=i-1,i-2,i-3');
    noteLogInstance('outside'); // no context: nothing happens
  });

  test('levels below LOG_LEVEL are not written', () => {
    const logger = new AppLogger({ logLevel: 'warn', logFormat: 'json', logColors: false });
    expect(captured(() => logger.log('quiet'))).toBe('');
  });
});
