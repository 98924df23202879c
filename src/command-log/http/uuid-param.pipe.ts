import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { CommandRefusal } from '../../platform/http/refusal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID is a validation failure of that path field. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!UUID.test(value)) {
      const path = metadata.data ?? 'id';
      throw new CommandRefusal('VALIDATION_FAILED', `${path} must be a UUID.`, [
        { path, message: `${path} must be a UUID` },
      ]);
    }
    return value.toLowerCase();
  }
}
