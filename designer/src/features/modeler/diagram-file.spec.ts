import { describe, expect, it } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { bpmnFileName, emptyDiagram, firstProcess, randomId } from './diagram-file';

describe('emptyDiagram', () => {
  it('is an executable process with one start event that bpmn-moddle reads without warnings', async () => {
    const moddle = BpmnModdle({ zeebe });
    const xml = emptyDiagram('Process_iom', 'ИОМ «Педагог» & наставник');
    const { rootElement, warnings } = await moddle.fromXML(xml);
    expect(warnings).toEqual([]);
    const defs = rootElement as unknown as { rootElements: { $type: string; id: string; name: string; isExecutable: boolean; flowElements: { $type: string }[] }[] };
    const process = defs.rootElements[0];
    expect(process.$type).toBe('bpmn:Process');
    expect(process.id).toBe('Process_iom');
    expect(process.name).toBe('ИОМ «Педагог» & наставник');
    expect(process.isExecutable).toBe(true);
    expect(process.flowElements.map((e) => e.$type)).toEqual(['bpmn:StartEvent']);
    expect(firstProcess(defs)).toEqual({ id: 'Process_iom', name: 'ИОМ «Педагог» & наставник' });
  });

  it('makes fresh ids', () => {
    expect(randomId('Process')).toMatch(/^Process_[a-z0-9]+$/);
    expect(randomId('Process')).not.toBe(randomId('Process'));
  });
});

describe('bpmnFileName', () => {
  it('makes a safe .bpmn name', () => {
    expect(bpmnFileName('post-course.bpmn')).toBe('post-course.bpmn');
    expect(bpmnFileName('Посткурсовое сопровождение')).toBe('Посткурсовое_сопровождение.bpmn');
    expect(bpmnFileName('a/b:c')).toBe('a_b_c.bpmn');
    expect(bpmnFileName('')).toBe('diagram.bpmn');
    expect(bpmnFileName(undefined)).toBe('diagram.bpmn');
  });
});
