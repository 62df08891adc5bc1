import { describe, expect, it } from 'vitest';
import { processOutline } from './process-outline';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="route" name="Маршрут" isExecutable="true">
    <bpmn:documentation>Положение о сопровождении педагогов.</bpmn:documentation>
    <bpmn:startEvent id="timer"><bpmn:timerEventDefinition /></bpmn:startEvent>
    <bpmn:startEvent id="start" name="Начало" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
    <bpmn:exclusiveGateway id="gw" />
    <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="apply" />
    <bpmn:userTask id="apply" name="Заполнить заявку" />
  </bpmn:process>
</bpmn:definitions>`;

describe('processOutline', () => {
  it('reads the documentation and the first named step after the plain start, through gateways', async () => {
    expect(await processOutline(XML, 'route')).toEqual({ description: 'Положение о сопровождении педагогов.', firstStep: 'Заполнить заявку', manualStart: true });
  });

  it('says nothing about a process the diagram does not have, or a broken diagram', async () => {
    expect(await processOutline(XML, 'other')).toEqual({ description: '', firstStep: '', manualStart: true });
    expect(await processOutline('<not xml', 'route')).toEqual({ description: '', firstStep: '', manualStart: true });
  });

  it('a process with only a timer start starts by itself: not to be started by hand', async () => {
    const timerOnly = XML.replace('<bpmn:startEvent id="start" name="Начало" />', '');
    expect((await processOutline(timerOnly, 'route')).manualStart).toBe(false);
  });
});
