import { Module } from '@nestjs/common';

/** Overdue alerts, process maps and the regulations' indicators. */
@Module({})
export class SupervisionModule {}
