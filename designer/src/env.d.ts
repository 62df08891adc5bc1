/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare module 'bpmn-js-properties-panel' {
  type Module = Record<string, unknown>;
  export const BpmnPropertiesPanelModule: Module;
  export const BpmnPropertiesProviderModule: Module;
  export const ZeebePropertiesProviderModule: Module;
}

declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  const module: Record<string, unknown>;
  export default module;
}

declare module 'zeebe-bpmn-moddle/resources/zeebe.json' {
  const descriptor: Record<string, unknown>;
  export default descriptor;
}

declare module 'bpmn-moddle' {
  export function BpmnModdle(
    packages?: Record<string, unknown>,
    options?: Record<string, unknown>,
  ): {
    fromXML(xml: string): Promise<{ rootElement: unknown; warnings: unknown[] }>;
    toXML(element: unknown, options?: Record<string, unknown>): Promise<{ xml: string }>;
  };
}
