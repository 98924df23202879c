import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { completeContract } from './complete-contract';
import { ProblemSchema } from './problem.schema';

const TAGS: Record<string, string> = {
  identity: 'Registration, sessions and roles',
  contests: 'Creating, closing and re-ruling contests',
  entries: 'Submitting and withdrawing video entries',
  votes: 'Votes and their retraction',
  comments: 'Comments on entries',
  views:
    'Read views built by the projectors from the command log (read-your-writes with minPosition)',
  rulesets: 'Versioned ranking rules (admin)',
  replays: 'What-if replays of a contest under other rules (admin)',
  audit:
    "The command log for analysts: every command, accepted or refused, and the refusals' shape",
  operations: 'Health, metrics, projections and dead letters',
};

/**
 * The contract clients are generated from: what Nest reads from the controllers and DTOs,
 * completed with what every operation shares. `npm run build` writes it to openapi.json and a
 * test holds the served document equal to that file.
 */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Contest platform')
    .setDescription(
      'Video contests, command-sourced. Every mutating request is a command, logged accepted or ' +
        'refused: replies carry X-Command-Id and X-Log-Position; errors are ' +
        'application/problem+json with a stable code. docs/API.md has the conventions.',
    )
    .setVersion('1')
    .setContact('Contest platform team', 'https://contest.example', 'api@contest.example')
    .setLicense('UNLICENSED', 'https://contest.example/license')
    .addServer('http://localhost:3000', 'A local platform (npm start)');
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    extraModels: [ProblemSchema],
    operationIdFactory: (controller, method) =>
      `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return completeContract(document);
}
