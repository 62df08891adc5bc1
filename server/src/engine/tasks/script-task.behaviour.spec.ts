import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('script task', () => {
  it('given a FEEL script (script-task.result.bpmn), when run, then the result variable is set', async () => {
    const model = await loadModel(import.meta.url, 'script-task.result.bpmn');
    const instance = new TestInstance(model).start({ variables: { certified: 3, total: 12 } });
    expect(instance.ended?.variables.share).toBe(0.25);
  });

  it('given a missing input, when run, then an incident names it; after setting it a retry completes the instance', async () => {
    const model = await loadModel(import.meta.url, 'script-task.result.bpmn');
    const instance = new TestInstance(model).start({ variables: { total: 4 } });
    expect(instance.incidents()).toEqual([expect.stringMatching(/certified/)]);
    instance.send({ type: 'setVariables', variables: { certified: 1 } });
    instance.send({ type: 'retryIncident', incidentId: Object.keys(instance.state.incidents)[0] });
    expect(instance.ended?.variables.share).toBe(0.25);
  });
});
