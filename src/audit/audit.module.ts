import { Module } from '@nestjs/common';
import { AuditController } from './audit.http.controller';
import { AuditLogReader } from './audit-log.reader';

/** The analysts' view of the command log: refused commands are significant data. */
@Module({
  controllers: [AuditController],
  providers: [AuditLogReader],
})
export class AuditModule {}
