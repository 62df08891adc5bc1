import { loadModel, TestInstance } from './testing/engine-test-kit.js';

describe('engine performance', () => {
  it('given a small model (engine.performance.bpmn), when a user task is completed many times, then each completion takes well under a millisecond', async () => {
    const model = await loadModel(import.meta.url, 'engine.performance.bpmn');
    const instance = new TestInstance(model).start();
    const taskId = instance.taskId('plan');
    const state = instance.state;
    const runs = 2000;
    for (let i = 0; i < 200; i++) instance.engine.completeUserTask(model, state, taskId, { approved: true }, instance.ctx); // warm-up
    const started = process.cpuUsage();
    let last;
    for (let i = 0; i < runs; i++) last = instance.engine.completeUserTask(model, state, taskId, { approved: true }, instance.ctx);
    const used = process.cpuUsage(started);
    const perCommandMs = (used.user + used.system) / 1000 / runs;
    expect(last!.effects.some((e) => e.type === 'userTaskCreated' && e.elementId === 'approve')).toBe(true);
    expect(perCommandMs).toBeLessThan(0.5);
  });
});
