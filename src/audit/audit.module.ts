import { Module } from '@nestjs/common';
import { AuditController } from './audit.http.controller';
import { AuditLogReader } from './audit-log.reader';
import { FailedLoginsReader } from './failed-logins.reader';

/** The analysts' view of the command log: refused commands are significant data. */
@Module({
  controllers: [AuditController],
  providers: [AuditLogReader, FailedLoginsReader],
})
export class AuditModule {}
