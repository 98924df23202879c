import fc from 'fast-check';
import { COMMAND_ARBITRARIES } from '@contest/testing';
import {
  acceptedReplyOf,
  CommandDecodeError,
  decodeCommand,
  DomainCommand,
  encodeCommand,
  StoredCommand,
} from '@contest/domain';

/** What a command log row holds of a command: its JSON payload, actor and time. */
function stored(command: DomainCommand): StoredCommand {
  const encoded = encodeCommand(command);
  return {
    type: command.type,
    actorId: encoded.actorId,
    actorRoles: encoded.actorRoles,
    receivedAt: command.receivedAt,
    payload: JSON.parse(JSON.stringify(encoded.payload)) as Record<string, unknown>,
  };
}

describe('the command codec', () => {
  describe.each(Object.entries(COMMAND_ARBITRARIES))('%s', (_type, arbitrary) => {
    it('decodes what it encoded to the same command, through JSON', () => {
      fc.assert(
        fc.property(arbitrary as fc.Arbitrary<DomainCommand>, (command) => {
          expect(decodeCommand(stored(command))).toEqual(command);
        }),
      );
    });

    it('refuses a stored payload that lacks any of its fields, naming the field', () => {
      fc.assert(
        fc.property(arbitrary as fc.Arbitrary<DomainCommand>, fc.nat(), (command, pick) => {
          const row = stored(command);
          const fields = Object.keys(row.payload);
          fc.pre(fields.length > 0);
          const field = fields[pick % fields.length];
          const { [field]: _dropped, ...payload } = row.payload;
          // An optional field (votingOpensAt, initialRoles) may be left out; any other may not.
          const optional = field === 'votingOpensAt' || field === 'initialRoles';
          const decode = () => decodeCommand({ ...row, payload });
          if (optional) expect(decode).not.toThrow();
          else expect(decode).toThrow(CommandDecodeError);
        }),
      );
    });

    it("echoes in its reply only fields of the command's payload", () => {
      fc.assert(
        fc.property(arbitrary as fc.Arbitrary<DomainCommand>, (command) => {
          const payload = encodeCommand(command).payload;
          const reply = acceptedReplyOf(command);
          for (const [field, value] of Object.entries(reply)) expect(payload[field]).toEqual(value);
        }),
      );
    });
  });

  it('refuses a type the domain does not decide', () => {
    expect(() =>
      decodeCommand({
        type: 'LaunchRocket',
        actorId: null,
        actorRoles: [],
        receivedAt: new Date(0),
        payload: {},
      }),
    ).toThrow('LaunchRocket.type');
  });
});
