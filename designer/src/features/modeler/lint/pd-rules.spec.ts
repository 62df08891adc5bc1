import { beforeEach, describe, expect, it } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { setCatalog } from '../domain/catalog';
import { lintConfig } from './lint-config';

const moddle = BpmnModdle({ zeebe });

function diagram(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" name="Старт"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    ${body}
    <bpmn:endEvent id="end" name="Конец"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
}

const task = (ext: string) => `<bpmn:userTask id="task" name="Задача"><bpmn:extensionElements>${ext}</bpmn:extensionElements>
  <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" /><bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />`;

async function pdIssues(xml: string): Promise<{ rule: string; id: string; message: string }[]> {
  const { rootElement } = await moddle.fromXML(xml);
  const results = await new Linter(lintConfig).lint(rootElement);
  return Object.entries(results)
    .filter(([rule]) => rule.startsWith('pd/'))
    .flatMap(([rule, reports]) => reports.filter((r) => r.category === 'error').map((r) => ({ rule, id: r.id, message: r.message })));
}

describe('pd lint rules', () => {
  beforeEach(() => setCatalog({ loaded: true, roles: [{ key: 'methodist', name: 'Методист', level: 'school' }], forms: [{ id: 'interview', source: 'deployed' }] }));

  it('passes a user task with a declared role, an existing form, a parsable due date', async () => {
    const xml = diagram(task(`<zeebe:assignmentDefinition candidateGroups="methodist" /><zeebe:formDefinition formId="interview" />
      <zeebe:taskSchedule dueDate="=now() + duration(&quot;P14D&quot;)" />`));
    expect(await pdIssues(xml)).toEqual([]);
  });

  it('flags a user task without a role or assignee, on the task', async () => {
    const issues = await pdIssues(diagram(task('')));
    expect(issues).toEqual([expect.objectContaining({ rule: 'pd/user-task-role', id: 'task' })]);
  });

  it('flags an undeclared role and a missing form', async () => {
    const issues = await pdIssues(diagram(task('<zeebe:assignmentDefinition candidateGroups="ghost" /><zeebe:formDefinition formId="nope" />')));
    expect(issues.map((i) => i.rule).sort()).toEqual(['pd/form-exists', 'pd/user-task-role']);
    expect(issues.find((i) => i.rule === 'pd/user-task-role')?.message).toContain('ghost');
  });

  it('accepts an assignee instead of a role', async () => {
    expect(await pdIssues(diagram(task('<zeebe:assignmentDefinition assignee="=initiator" />')))).toEqual([]);
  });

  it('flags a due date and a FEEL expression that do not parse', async () => {
    const issues = await pdIssues(diagram(task(`<zeebe:assignmentDefinition candidateGroups="methodist" /><zeebe:taskSchedule dueDate="через две недели" />
      <zeebe:ioMapping><zeebe:input source="=a +* b" target="x" /></zeebe:ioMapping>`)));
    expect(issues.map((i) => i.rule).sort()).toEqual(['pd/feel-parses', 'pd/timer-parses']);
  });

  it('flags a timer that does not parse, on its event', async () => {
    const xml = diagram(`<bpmn:intermediateCatchEvent id="wait" name="Ждём"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeDuration>14 дней</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" /><bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />`);
    expect(await pdIssues(xml)).toEqual([expect.objectContaining({ rule: 'pd/timer-parses', id: 'wait' })]);
    expect(await pdIssues(xml.replace('14 дней', 'P14D'))).toEqual([]);
  });

  it('flags an exclusive gateway without a default flow and with an unconditioned branch', async () => {
    const gw = (def: string, cond: string) => diagram(`<bpmn:exclusiveGateway id="gw" name="?" ${def}><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>a</bpmn:outgoing><bpmn:outgoing>b</bpmn:outgoing></bpmn:exclusiveGateway>
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
      <bpmn:sequenceFlow id="a" sourceRef="gw" targetRef="end"><bpmn:conditionExpression>=x &gt; 1</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="b" sourceRef="gw" targetRef="end2">${cond}</bpmn:sequenceFlow>
      <bpmn:endEvent id="end2" name="Другой конец"><bpmn:incoming>b</bpmn:incoming></bpmn:endEvent>
      <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="end" />`);
    expect((await pdIssues(gw('', ''))).map((i) => i.rule)).toContain('pd/exclusive-gateway-default');
    expect((await pdIssues(gw('default="b"', ''))).map((i) => i.rule)).not.toContain('pd/exclusive-gateway-default');
    expect((await pdIssues(gw('', '<bpmn:conditionExpression>=x &lt;= 1</bpmn:conditionExpression>'))).map((i) => i.rule)).not.toContain('pd/exclusive-gateway-default');
  });
});
