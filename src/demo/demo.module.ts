import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityModule } from '../identity/identity.module';
import { DemoSeed } from './seed-when-empty';
import { HistoryWriter } from './history-writer';

/** Demo data at start and `npm run seed`: generated histories written as real commands. */
@Module({
  imports: [CqrsModule, IdentityModule],
  providers: [DemoSeed, HistoryWriter],
  exports: [DemoSeed, HistoryWriter],
})
export class DemoModule {}
