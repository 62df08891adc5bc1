/** New diagrams, file names and the bits of XML the toolbar needs. */

/** A short random id suffix in the style bpmn-js uses (`Process_1x2y3z4`). */
export function randomId(prefix: string): string {
  return `${prefix}_${Math.random().toString(36).slice(2, 9)}`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/**
 * An empty executable process with one start event, in the Camunda 8
 * vocabulary (zeebe namespace, execution platform), so it also opens in
 * Camunda Modeler.
 */
export function emptyDiagram(processId = randomId('Process'), name = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="${randomId('Definitions')}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="pd-designer" exporterVersion="0.1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
  <bpmn:process id="${escapeXml(processId)}"${name ? ` name="${escapeXml(name)}"` : ''} isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${escapeXml(processId)}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="152" y="102" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** A safe file name for a diagram: `<name>.bpmn`. */
export function bpmnFileName(base: string | null | undefined): string {
  const cleaned = (base ?? '')
    .trim()
    .replace(/\.bpmn$/i, '')
    .replace(/[\\/:*?"<>|\s]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `${cleaned || 'diagram'}.bpmn`;
}

/** Id and name of the first process (or of the first participant's process) in a definitions element. */
export function firstProcess(definitions: {
  rootElements?: { $type: string; id?: string; name?: string }[];
}): { id: string; name: string } | null {
  const process = definitions.rootElements?.find((e) => e.$type === 'bpmn:Process');
  return process?.id ? { id: process.id, name: process.name ?? '' } : null;
}

/** Offers text as a file download in the browser. */
export function downloadText(fileName: string, text: string, type = 'application/xml'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
