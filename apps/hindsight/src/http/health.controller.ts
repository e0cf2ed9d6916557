import { Controller, Get } from '@nestjs/common';

/** Liveness only: the process answers HTTP. Readiness (store reachable, projections caught up) comes later. */
@Controller('health')
export class HealthController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
