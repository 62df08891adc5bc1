import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('exclusive gateway', () => {
  describe('given conditions in diagram order and a default flow (exclusive-gateway.routing.bpmn)', () => {
    it.each([
      [500, 'big'],
      [50, 'small'],
      [5, 'other'],
    ])('when amount is %s, then only the first matching branch (%s) is taken', async (amount, expected) => {
      const model = await loadModel(import.meta.url, 'exclusive-gateway.routing.bpmn');
      const instance = new TestInstance(model).start({ variables: { amount } });
      expect(instance.active()).toEqual([expected]);
    });

    it('when the condition reads a missing variable, then an incident names it and the token stays', async () => {
      const model = await loadModel(import.meta.url, 'exclusive-gateway.routing.bpmn');
      const instance = new TestInstance(model).start();
      expect(instance.active()).toEqual(['gw']);
      expect(instance.incidents()[0]).toMatch(/amount/);
    });
  });

  describe('given no default flow (exclusive-gateway.no-match.bpmn)', () => {
    it('when no condition matches, then an incident is raised; after fixing the variable a retry moves on', async () => {
      const model = await loadModel(import.meta.url, 'exclusive-gateway.no-match.bpmn');
      const instance = new TestInstance(model).start({ variables: { decision: 'maybe' } });
      const raised = instance.of('incidentRaised');
      expect(raised).toHaveLength(1);
      expect(raised[0]).toMatchObject({ elementId: 'gw', message: expect.stringMatching(/no condition/) });
      expect(instance.state.status).toBe('active');

      instance.send({ type: 'setVariables', variables: { decision: 'yes' } });
      instance.send({ type: 'retryIncident', incidentId: raised[0].incidentId });
      expect(instance.of('incidentResolved')).toHaveLength(1);
      expect(instance.ended).toMatchObject({ outcome: 'completed' });
      expect(instance.all.some((e) => e.type === 'history' && e.entry.kind === 'elementCompleted' && e.entry.elementId === 'yes')).toBe(true);
    });
  });
});
