import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('event-based gateway', () => {
  const variables = { teacherId: 't1', deadline: '2026-06-01T00:00:00' };

  it('given a message and a timer after the gateway, when the message wins, then the timer job is removed and the message path taken', async () => {
    const model = await loadModel(import.meta.url, 'event-based-gateway.race.bpmn');
    const instance = new TestInstance(model).start({ variables });
    expect(instance.of('subscriptionOpened')).toMatchObject([{ elementId: 'submitted', correlationKey: 't1' }]);
    expect(instance.of('jobCreated')).toMatchObject([{ elementId: 'timeout', dueAt: '2026-05-31T12:00:00.000Z' }]);
    instance.trigger('submitted', { link: 'l' });
    expect(instance.of('jobRemoved')).toHaveLength(1);
    expect(instance.active()).toEqual(['review']);
    expect(instance.variables.link).toBe('l');
  });

  it('given the same race, when the timer wins, then the subscription is closed and the timer path taken', async () => {
    const model = await loadModel(import.meta.url, 'event-based-gateway.race.bpmn');
    const instance = new TestInstance(model).start({ variables });
    instance.fire('timeout');
    expect(instance.of('subscriptionClosed')).toHaveLength(1);
    expect(instance.state.subscriptions).toEqual({});
    expect(instance.active()).toEqual(['remind']);
  });
});

describe('event-based gateway incident (event-based-gateway.incident.bpmn)', () => {
  it('given a timer expression over a missing variable, when reached, then an incident is raised with nothing left open, and a retry opens each wait once', async () => {
    const model = await loadModel(import.meta.url, 'event-based-gateway.incident.bpmn');
    const instance = new TestInstance(model).start({ variables: { teacherId: 't' } });
    expect(instance.incidents()).toEqual([expect.stringMatching(/race: .*waitFor/)]);
    expect(instance.state.subscriptions).toEqual({});
    instance.send({ type: 'setVariables', variables: { waitFor: 'P2D' } });
    instance.send({ type: 'retryIncident', incidentId: Object.keys(instance.state.incidents)[0] });
    expect(Object.keys(instance.state.subscriptions)).toHaveLength(1);
    expect(Object.keys(instance.state.jobs)).toHaveLength(1);
    instance.trigger('answered');
    expect(instance.ended?.outcome).toBe('completed');
  });
});
