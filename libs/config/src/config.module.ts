import { type DynamicModule, Module } from '@nestjs/common';
import { HindsightConfig } from './hindsight.config';

/** Provides the configuration validated at start-up, under its class as the token. */
@Module({})
export class ConfigModule {
  static forRoot(config: HindsightConfig): DynamicModule {
    return { module: ConfigModule, global: true, providers: [{ provide: HindsightConfig, useValue: config }], exports: [HindsightConfig] };
  }
}
