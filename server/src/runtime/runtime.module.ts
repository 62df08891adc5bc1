import { Module } from '@nestjs/common';

/** Deployments, process instances, tasks, messages, incidents: the engine core on PostgreSQL. */
@Module({})
export class RuntimeModule {}
