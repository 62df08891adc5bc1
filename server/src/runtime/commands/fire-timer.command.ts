import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobRow } from '../../jobs/job.types.js';
import { EngineService } from '../instances/engine.service.js';
import type { RuntimeCommand } from './runtime-command.js';

/** Input of a job command: the job the executor took, and its transaction. */
export interface JobInput {
  job: JobRow;
  tx: EntityManager;
}

/** An instance's timer fires (job kind `timer`), in the job's transaction. */
@Injectable()
export class FireTimerCommand implements RuntimeCommand<JobInput, 'keep'> {
  constructor(@Inject(EngineService) private readonly engine: EngineService) {}

  async execute({ job, tx }: JobInput): Promise<'keep'> {
    await this.engine.runIn(tx, job.tenant_id!, null, (uow) => uow.execute(job.instance_id!, { type: 'fireTimer', jobId: job.id }));
    // The engine removed the job (its `jobRemoved` effect deleted the row); a repeating cycle wrote its next firing.
    return 'keep';
  }
}
