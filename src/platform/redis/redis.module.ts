import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig, redisUrlOf } from '../config/app-config';
import { createRedis } from './redis-connection';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** The shared Redis client for sessions and health checks (BullMQ has its own connections). */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createRedis(redisUrlOf(config, 'sessions and rate limits')),
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  /** QUIT when Redis answers; when it does not, drop the connection rather than wait for it. */
  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status !== 'ready') {
      this.redis.disconnect();
      return;
    }
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
