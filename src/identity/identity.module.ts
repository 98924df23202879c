import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AdminBootstrap } from './admin-bootstrap';
import { AccessGuard } from './auth/access.guard';
import { GrantRoleHandler } from './grant-role/grant-role.command';
import { GrantRoleController } from './grant-role/grant-role.http.controller';
import { IdentityStateRepository } from './identity-state.repository';
import { LogInHandler } from './log-in/log-in.command';
import { LogInController } from './log-in/log-in.http.controller';
import { LogOutHandler } from './log-out/log-out.command';
import { LogOutController } from './log-out/log-out.http.controller';
import { MeController } from './me/me.http.controller';
import { MeReader } from './me/me.reader';
import { PasswordHasher } from './password-hasher';
import { RegisterUserHandler } from './register-user/register-user.command';
import { RegisterUserController } from './register-user/register-user.http.controller';
import { SessionStore } from './sessions/session.store';
import { IdentityDecisionPort } from './identity-decision.port';

const controllers = [
  RegisterUserController,
  LogInController,
  LogOutController,
  MeController,
  GrantRoleController,
];
const commandHandlers = [RegisterUserHandler, LogInHandler, LogOutHandler, GrantRoleHandler];
const services = [
  IdentityStateRepository,
  IdentityDecisionPort,
  PasswordHasher,
  SessionStore,
  AdminBootstrap,
  MeReader,
];

@Module({
  imports: [CqrsModule],
  controllers,
  providers: [...commandHandlers, ...services, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [SessionStore, AdminBootstrap, PasswordHasher],
})
export class IdentityModule {}
