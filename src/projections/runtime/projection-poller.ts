import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { ProjectionDoorbell } from './doorbell';

/**
 * Rings every doorbell on a timer in the worker role. A timer in the process rather than a
 * BullMQ repeatable job, because a flushed Redis would take a repeatable job with it.
 */
@Injectable()
export class ProjectionPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly doorbell: ProjectionDoorbell,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.doorbell.ring();
    this.timer = setInterval(() => this.doorbell.ring(), this.config.projectionPollMs);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
