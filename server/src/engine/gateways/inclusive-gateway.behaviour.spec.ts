import { loadModel, TestInstance } from '../testing/engine-test-kit.js';

describe('inclusive gateway', () => {
  it('given two of three conditions true, when the branches complete, then the join waits exactly for those two', async () => {
    const model = await loadModel(import.meta.url, 'inclusive-gateway.fork-join.bpmn');
    const instance = new TestInstance(model).start({ variables: { forms: ['lesson', 'publication'] } });
    expect(instance.active()).toEqual(['lesson', 'prepare']);
    instance.completeTask('lesson');
    expect(instance.active()).toEqual(['prepare']);
    instance.completeTask('prepare');
    // the publication branch can still reach the join: keep waiting
    expect(instance.active()).toEqual(['publish']);
    instance.completeTask('publish');
    expect(instance.active()).toEqual(['reflect']);
  });

  it('given one condition true, when that branch completes, then the join fires at once', async () => {
    const model = await loadModel(import.meta.url, 'inclusive-gateway.fork-join.bpmn');
    const instance = new TestInstance(model).start({ variables: { forms: ['master-class'] } });
    instance.completeTask('masterClass');
    expect(instance.active()).toEqual(['reflect']);
  });

  it('given no condition true, when forking, then the default flow is taken straight to the join', async () => {
    const model = await loadModel(import.meta.url, 'inclusive-gateway.fork-join.bpmn');
    const instance = new TestInstance(model).start({ variables: { forms: [] } });
    expect(instance.active()).toEqual(['reflect']);
  });

  it('given a condition over a missing variable, when forking, then an incident is raised at the fork', async () => {
    const model = await loadModel(import.meta.url, 'inclusive-gateway.fork-join.bpmn');
    const instance = new TestInstance(model).start();
    expect(instance.incidents()).toEqual([expect.stringMatching(/^fork: .*forms/)]);
  });
});

describe('inclusive gateway join re-check (inclusive-gateway.branch-ends.bpmn)', () => {
  it('given a token waiting at the join, when the other branch ends elsewhere, then the join fires', async () => {
    const model = await loadModel(import.meta.url, 'inclusive-gateway.branch-ends.bpmn');
    const instance = new TestInstance(model).start({ variables: { keepB: false } });
    instance.completeTask('a');
    expect(instance.active()).toEqual(['b']);
    instance.completeTask('b');
    expect(instance.active()).toEqual(['after']);
  });

  it('given a token waiting at the join, when the other branch reaches it, then the join fires once', async () => {
    const model = await loadModel(import.meta.url, 'inclusive-gateway.branch-ends.bpmn');
    const instance = new TestInstance(model).start({ variables: { keepB: true } });
    instance.completeTask('a');
    instance.completeTask('b');
    expect(instance.active()).toEqual(['after']);
    expect(instance.of('userTaskCreated')).toHaveLength(1);
  });

  it('given a fork whose first branch reaches the join at once (inclusive-gateway.fast-branch.bpmn), when it starts, then the join waits for the branch not yet activated', async () => {
    const model = await loadModel(import.meta.url, 'inclusive-gateway.fast-branch.bpmn');
    const instance = new TestInstance(model).start({ variables: { visit: true } });
    expect(instance.active()).toEqual(['visit']);
    instance.completeTask('visit');
    expect(instance.active()).toEqual(['reflect']);
    const joins = instance.all.filter((e) => e.type === 'history' && e.entry.kind === 'elementActivated' && e.entry.elementId === 'join');
    expect(joins).toHaveLength(1);
  });
});
