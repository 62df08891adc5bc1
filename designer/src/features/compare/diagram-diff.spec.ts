import { describe, expect, it } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { diffDiagrams } from './diagram-diff';

const moddle = BpmnModdle({ zeebe });

const xml = (processId: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start" name="Старт" />
    ${body}
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
  </bpmn:process>
</bpmn:definitions>`;

const task = (id: string, role: string, name = 'Собеседование') =>
  `<bpmn:userTask id="${id}" name="${name}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="${role}" /></bpmn:extensionElements></bpmn:userTask>`;

async function defs(text: string) {
  return (await moddle.fromXML(text)).rootElement as never;
}

describe('diagram diff', () => {
  it('marks a task whose role changed, and added and removed elements', async () => {
    const left = await defs(xml('p', task('task', 'methodist') + '<bpmn:endEvent id="old-end" name="Конец" />'));
    const right = await defs(xml('p', task('task', 'centre') + '<bpmn:endEvent id="new-end" name="Готово" />'));
    const d = diffDiagrams(left, right);
    expect(d.changed).toEqual([
      expect.objectContaining({ leftId: 'task', rightId: 'task', changes: [{ attr: 'zeebe:AssignmentDefinition.candidateGroups', oldValue: 'methodist', newValue: 'centre' }] }),
    ]);
    expect(d.added.map((e) => e.id)).toEqual(['new-end']);
    expect(d.removed.map((e) => e.id)).toEqual(['old-end']);
  });

  it('matches elements of two processes by name when the ids differ', async () => {
    const left = await defs(xml('a', task('task', 'methodist')));
    const right = await defs(xml('b', task('task', 'methodist').replace('id="task"', 'id="t2"')).replace('targetRef="task"', 'targetRef="t2"'));
    const d = diffDiagrams(left, right);
    expect(d.renamedIds).toEqual([{ leftId: 'task', rightId: 't2' }]);
    expect(d.changed).toEqual([]);
    expect(d.added).toEqual([]);
  });

  it('reports nothing for the same diagram', async () => {
    const text = xml('p', task('task', 'methodist'));
    expect(diffDiagrams(await defs(text), await defs(text))).toMatchObject({ added: [], removed: [], changed: [] });
  });
});
