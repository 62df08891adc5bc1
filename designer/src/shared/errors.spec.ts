import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { describeError } from './errors';

const t = (key: string, values?: Record<string, unknown>) => (values ? `${key} ${JSON.stringify(values)}` : key);
const err = (status: number, message = 'm') => new ApiError({ status, method: 'GET', path: '/api/x', message });

describe('describeError', () => {
  it('maps statuses to messages', () => {
    expect(describeError(err(0), t)).toBe('errors.unreachable');
    expect(describeError(err(403), t)).toBe('errors.forbidden');
    expect(describeError(err(429), t)).toBe('errors.tooManyRequests');
    expect(describeError(err(500, 'boom'), t)).toBe('errors.server {"status":500,"message":"boom"}');
    expect(describeError(err(404, 'Cannot GET /api/x'), t)).toBe('errors.notImplemented {"endpoint":"GET /api/x"}');
    expect(describeError(err(404, 'Task 1 not found'), t)).toBe('errors.notFound {"message":"Task 1 not found"}');
  });

  it('keeps the server message of other 4xx answers', () => {
    expect(describeError(err(400, 'processKey must be a string'), t)).toBe('processKey must be a string');
  });

  it('shows a message of the server catalogue as it is (already in the interface language)', () => {
    const coded = (status: number) => new ApiError({ status, method: 'POST', path: '/api/x', message: 'Задача уже закрыта', code: 'task.noLongerOpen' });
    expect(describeError(coded(409), t)).toBe('Задача уже закрыта');
    expect(describeError(coded(404), t)).toBe('Задача уже закрыта');
  });

  it('describes non-API errors', () => {
    expect(describeError(new Error('oops'), t)).toBe('errors.client {"message":"oops"}');
    expect(describeError('x', t)).toBe('errors.unknown');
  });
});
