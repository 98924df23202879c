import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { CommandRefusal } from '../../platform/http/refusal';
import { requestContext } from '../../platform/http/request-context';
import { SignedIn } from '../auth/access.decorators';

@ApiTags('identity')
@Controller('me')
export class MeController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'The signed-in account' })
  @ApiOkResponse({ description: '{ userId, username, displayName, roles, registeredAt }' })
  async me(@Req() request: FastifyRequest) {
    const { userId } = requestContext(request).actor!;
    const rows: { username: string; display_name: string; roles: string[]; registered_at: Date }[] =
      await this.dataSource.query(
        `SELECT username, display_name, roles, registered_at FROM users WHERE user_id = $1`,
        [userId],
      );
    if (rows.length === 0)
      throw new CommandRefusal('UNAUTHENTICATED', 'This account no longer exists.');
    const [row] = rows;
    return {
      userId,
      username: row.username,
      displayName: row.display_name,
      roles: row.roles,
      registeredAt: row.registered_at.toISOString(),
    };
  }
}
