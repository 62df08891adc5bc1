import { compileFile } from '../testing/engine-test-kit.js';
import { compileBpmn } from './compile-bpmn.js';

describe('compileBpmn', () => {
  it('given a DOCTYPE/ENTITY declaration (compile-bpmn.doctype.bpmn), when compiled, then it is refused before parsing', async () => {
    const result = await compileFile(import.meta.url, 'compile-bpmn.doctype.bpmn');
    expect(result.processes).toEqual([]);
    expect(result.problems).toEqual([{ resource: 'compile-bpmn.doctype.bpmn', message: expect.stringMatching(/DOCTYPE/) }]);
  });

  it('given malformed XML (compile-bpmn.malformed.bpmn), when compiled, then one readable problem is returned', async () => {
    const result = await compileFile(import.meta.url, 'compile-bpmn.malformed.bpmn');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].message).toMatch(/not a readable BPMN 2.0 document/);
  });

  it('given a non-BPMN document (compile-bpmn.not-bpmn.bpmn), when compiled, then it is refused', async () => {
    const result = await compileFile(import.meta.url, 'compile-bpmn.not-bpmn.bpmn');
    expect(result.processes).toEqual([]);
    expect(result.problems).toHaveLength(1);
  });

  it('given a process or an element without an id (the API fuzzer cut one out), when compiled, then each is a problem (it was a 500 at deploy)', async () => {
    const doc = (process: string) => `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">${process}</bpmn:definitions>`;
    const body = '<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/><bpmn:endEvent id="e"/>';
    const noProcessId = await compileBpmn(doc(`<bpmn:process isExecutable="true">${body}</bpmn:process>`), 'x.bpmn');
    expect(noProcessId.problems.map((p) => p.message)).toContain('a process has no id (it is the process key)');
    expect(noProcessId.processes).toEqual([]);
    const noTaskId = await compileBpmn(doc(`<bpmn:process id="p" isExecutable="true">${body}<bpmn:userTask name="без id"/></bpmn:process>`), 'x.bpmn');
    expect(noTaskId.problems.map((p) => p.message)).toEqual(["a UserTask in 'p' has no id"]);
    const noFlowId = await compileBpmn(doc(`<bpmn:process id="p" isExecutable="true">${body.replace(' id="f"', '')}</bpmn:process>`), 'x.bpmn');
    expect(noFlowId.problems.map((p) => p.message)).toContain("a SequenceFlow in 'p' has no id");
  });

  describe('given a diagram with many defects (compile-bpmn.problems.bpmn)', () => {
    it('when compiled, then every problem is collected with its element id', async () => {
      const result = await compileFile(import.meta.url, 'compile-bpmn.problems.bpmn');
      const byElement = (id: string): string[] => result.problems.filter((p) => p.elementId === id).map((p) => p.message);
      expect(byElement('fCond').join()).toMatch(/FEEL syntax error/);
      expect(byElement('fNoCond').join()).toMatch(/no condition and is not the default/);
      expect(byElement('rules').join()).toMatch(/BusinessRuleTask.*not supported/);
      expect(byElement('svc').join()).toMatch(/unknown action type 'send-fax'/);
      expect(byElement('svc').join()).toMatch(/zeebe:ExecutionListeners is not supported/);
      expect(byElement('wait').join()).toMatch(/timeDuration.*ISO 8601 duration/);
      expect(byElement('review').join()).toMatch(/assignee: FEEL syntax error/);
      expect(byElement('review').join()).toMatch(/dueDate/);
      expect(byElement('call').join()).toMatch(/zeebe:calledElement processId/);
      expect(byElement('cond').join()).toMatch(/ConditionalEventDefinition/);
      expect(byElement('loop').join()).toMatch(/standard loop/);
      expect(byElement('f8').join()).toMatch(/references a missing element 'ghost' \(targetRef\)/);
      expect(byElement('js').join()).toMatch(/inline scripts \('javascript'\) are never executed/);
      expect(result.problems.length).toBeGreaterThanOrEqual(13);
    });
  });

  describe('given a deployable diagram (compile-bpmn.deploy-info.bpmn)', () => {
    it('when compiled, then it exposes start events, forms, roles, called processes and messages', async () => {
      const result = await compileFile(import.meta.url, 'compile-bpmn.deploy-info.bpmn');
      expect(result.problems).toEqual([]);
      const [model] = result.processes;
      expect(model).toMatchObject({ key: 'postCourse', name: 'Post-course support', isExecutable: true });
      expect(model.startEvents).toEqual([
        { elementId: 'startNone', kind: 'none' },
        { elementId: 'startMsg', kind: 'message', messageName: 'course-finished' },
        { elementId: 'startTimer', kind: 'timer', timer: { type: 'cycle', value: '0 0 9 1 6 ?' } },
      ]);
      expect(model.formIds).toEqual(['plan-form']);
      expect(model.candidateGroups).toEqual(['teacher', 'methodist']);
      expect(model.calledProcessKeys).toEqual(['iomRoute']);
      expect(result.messages).toEqual([{ id: 'm1', name: 'course-finished' }]);
      // the model is plain JSON: it survives a round trip unchanged
      expect(JSON.parse(JSON.stringify(model))).toEqual(model);
    });
  });
});
