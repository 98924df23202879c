import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../platform/config/app-config';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { CommandRefusal } from '../../platform/http/refusal';
import { requestContext } from '../../platform/http/request-context';
import { bearerToken, currentRoles } from './bearer-session';
import { Access, ACCESS } from './access.decorators';

/**
 * Enforces the route's access rule on the actor the actor hook resolved. Refusals are
 * thrown as CommandRefusal, so a command refused here is logged like any other.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly metricsTokenDigest: Buffer | null;
  private readonly rules = new WeakMap<object, Access>();

  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.metricsTokenDigest = config.metricsToken
      ? createHash('sha256').update(config.metricsToken).digest()
      : null;
  }

  /** Compared in constant time, as digests of equal length: the token is a long-lived secret. */
  private isMetricsToken(token: string | null): boolean {
    if (!this.metricsTokenDigest || !token) return false;
    return timingSafeEqual(createHash('sha256').update(token).digest(), this.metricsTokenDigest);
  }

  /** A route's access rule, read from its metadata once (it is fixed at start). */
  private accessOf(context: ExecutionContext): Access {
    const handler = context.getHandler();
    let access = this.rules.get(handler);
    if (!access) {
      access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS, [
        handler,
        context.getClass(),
      ]) ?? { kind: 'anyone' };
      this.rules.set(handler, access);
    }
    return access;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.accessOf(context);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const ctx = requestContext(request);
    // The actor was resolved from the bearer token by the actor hook, before routing.
    const token = bearerToken(request.headers.authorization);
    const session = ctx.actor;
    if (access.kind === 'anyone') return true;
    if (access.kind === 'roles' && access.orMetricsToken && this.isMetricsToken(token)) return true;
    if (!session) {
      throw new CommandRefusal(
        'UNAUTHENTICATED',
        token
          ? 'The bearer token is invalid or has expired; log in again.'
          : 'Send Authorization: Bearer <token> from POST /auth/login.',
      );
    }
    if (access.kind === 'user') return true;
    // Roles are read fresh, so a grant or revocation applies to sessions already open.
    const roles = await currentRoles(this.dataSource, session.userId);
    ctx.actor = { ...ctx.actor!, roles };
    if (!access.roles.some((role) => roles.includes(role))) {
      throw new CommandRefusal('FORBIDDEN', `This needs the role ${access.roles.join(' or ')}.`);
    }
    return true;
  }
}
