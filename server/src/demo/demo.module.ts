import { Module } from '@nestjs/common';

/** Deploys the variants under `processes/` at start and loads their demo data (DEMO_DATA). */
@Module({})
export class DemoModule {}
