/**
 * A public operation on the runtime: one class in its own `*.command.ts` file with one
 * `execute(input)`. It checks the caller and the input, then makes its change through
 * `EngineService.run` — one transaction, retried on deadlock, the job executor woken after commit —
 * the only path by which runtime state changes. Commands are NestJS providers of the runtime
 * module: inject one and call `execute`.
 */
export interface RuntimeCommand<I, R> {
  execute(input: I): Promise<R>;
}
