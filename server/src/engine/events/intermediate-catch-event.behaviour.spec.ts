import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('intermediate catch event', () => {
  it('given a message catch with a FEEL correlation key, when the message arrives, then its variables are merged and the token moves on', async () => {
    const model = await loadModel(import.meta.url, 'intermediate-catch-event.message.bpmn');
    const instance = new TestInstance(model).start({ variables: { teacherId: 42 } });
    expect(instance.of('subscriptionOpened')).toMatchObject([
      { kind: 'message', name: 'report-submitted', correlationKey: '42', elementId: 'report' },
    ]);
    const subscriptionId = instance.subscriptionId('report');
    instance.trigger('report', { link: 'https://example.org/r' });
    expect(instance.of('subscriptionClosed')).toMatchObject([{ subscriptionId }]);
    expect(instance.ended).toMatchObject({ outcome: 'completed', variables: { teacherId: 42, link: 'https://example.org/r' } });
  });

  it('given a message catch whose correlation key variable is missing, when reached, then an incident names the variable', async () => {
    const model = await loadModel(import.meta.url, 'intermediate-catch-event.message.bpmn');
    const instance = new TestInstance(model).start();
    expect(instance.incidents()[0]).toMatch(/report: .*teacherId/);
  });

  it('given a FEEL duration then a local date (tenant wall clock), when timers fire, then due times are exact and the token moves on', async () => {
    const model = await loadModel(import.meta.url, 'intermediate-catch-event.timer.bpmn');
    const instance = new TestInstance(model, { now: '2026-03-02T09:00:00Z' }).start({ variables: { days: 3 } });
    expect(instance.of('jobCreated')).toMatchObject([{ kind: 'timer', elementId: 'pause', dueAt: '2026-03-05T09:00:00.000Z' }]);
    instance.fire('pause');
    expect(instance.of('jobRemoved')).toHaveLength(1);
    // midnight 1 June in Asia/Kamchatka (UTC+12)
    expect(instance.timerJob('deadline').dueAt).toBe('2026-05-31T12:00:00.000Z');
    instance.fire('deadline');
    expect(instance.ended?.outcome).toBe('completed');
  });

  it('given a signal catch, when the signal is delivered, then the token moves on', async () => {
    const model = await loadModel(import.meta.url, 'intermediate-catch-event.signal.bpmn');
    const instance = new TestInstance(model).start();
    expect(instance.of('subscriptionOpened')).toMatchObject([{ kind: 'signal', name: 'year-closed' }]);
    instance.trigger('closed');
    expect(instance.ended?.outcome).toBe('completed');
  });
});
