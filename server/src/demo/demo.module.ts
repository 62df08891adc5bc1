import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { DemoPlayer } from './demo-player.js';
import { DemoStore } from './demo.store.js';
import { VariantDemoLoader } from './variant-demo.loader.js';

/** Deploys the variants under `processes/` at start and loads their demo data (DEMO_DATA). */
@Module({
  imports: [RuntimeModule, IdentityModule],
  providers: [VariantDemoLoader, DemoStore, DemoPlayer],
})
export class DemoModule {}
