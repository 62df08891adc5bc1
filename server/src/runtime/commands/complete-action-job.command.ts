import { Inject, Injectable } from '@nestjs/common';
import type { JsonObject } from '../../engine/execution/json.types.js';
import { EngineService } from '../instances/engine.service.js';
import type { JobInput } from './fire-timer.command.js';
import type { RuntimeCommand } from './runtime-command.js';

/** Input of {@link CompleteActionJobCommand}: the job, its transaction, and what the action returned. */
export interface CompleteActionJobInput extends JobInput {
  variables: JsonObject;
}

/** An asynchronous action (job kind `action`) was performed: its result goes back to the engine, in the job's transaction. */
@Injectable()
export class CompleteActionJobCommand implements RuntimeCommand<CompleteActionJobInput, 'keep'> {
  constructor(@Inject(EngineService) private readonly engine: EngineService) {}

  async execute({ job, tx, variables }: CompleteActionJobInput): Promise<'keep'> {
    await this.engine.runIn(tx, job.tenant_id!, null, (uow) => uow.execute(job.instance_id!, { type: 'completeJob', jobId: job.id, variables }));
    // The engine removed the job with its effects.
    return 'keep';
  }
}
