import { Global, Module } from '@nestjs/common';
import { JobExecutorService } from './job-executor.service.js';

/** The job executor shared by every module that schedules work (timers, actions). */
@Global()
@Module({ providers: [JobExecutorService], exports: [JobExecutorService] })
export class JobsModule {}
