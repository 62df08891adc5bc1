// bpmnlint and its plugin for bpmn-js ship CommonJS without the types this app uses.
declare module 'bpmnlint/rules/*' {
  const rule: () => { check(node: unknown, reporter: { report(id: string, message: string): void }): void };
  export default rule;
}
declare module 'bpmnlint/config/recommended' {
  const config: { rules: Record<string, string> };
  export default config;
}
declare module 'bpmnlint' {
  export class Linter {
    constructor(options: { config: unknown; resolver: unknown });
    lint(definitions: unknown): Promise<Record<string, { id: string; message: string; category: string }[]>>;
  }
}
declare module 'bpmn-js-bpmnlint' {
  const module: Record<string, unknown>;
  export default module;
}
