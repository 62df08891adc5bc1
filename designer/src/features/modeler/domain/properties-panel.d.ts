// The parts of @bpmn-io/properties-panel and bpmn-js-properties-panel the domain entries use
// (both ship JavaScript without types).
declare module '@bpmn-io/properties-panel' {
  export function SelectEntry(props: Record<string, unknown>): unknown;
  export function isSelectEntryEdited(node: unknown): boolean;
}
declare module 'bpmn-js-properties-panel' {
  export function useService(name: string): any; // eslint-disable-line @typescript-eslint/no-explicit-any
}
